using System.Text;

namespace RoApp.QuickBooksSync.Testing.Simulator;

/// <summary>An incoming HTTP request, decoupled from WireMock.Net so the rules can be exercised directly.</summary>
internal sealed class ApiRequest
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public string RawQuery { get; init; } = "";

    public Dictionary<string, string> Query { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public string Body { get; init; } = "";

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses <c>a=1&amp;b=x+y</c> (also form bodies): '+' is a space, first value wins.</summary>
    public static Dictionary<string, string> ParseForm(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        foreach (var pair in text.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result.TryAdd(key, value);
        }

        return result;
    }
}

/// <summary>The answer the simulator gives.</summary>
internal sealed class ApiResponse
{
    public int Status { get; init; } = 200;

    public string Body { get; init; } = "";

    public string ContentType { get; init; } = "application/json;charset=UTF-8";

    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public static ApiResponse Json(int status, string body) => new() { Status = status, Body = body };

    public static ApiResponse Text(int status, string body) => new() { Status = status, Body = body, ContentType = "text/plain;charset=UTF-8" };

    public int Length => Encoding.UTF8.GetByteCount(Body);
}
