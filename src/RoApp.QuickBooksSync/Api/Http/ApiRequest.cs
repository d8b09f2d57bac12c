using System.Text.Json;

namespace RoApp.QuickBooksSync.Api.Http;

/// <summary>One logical API call: what to send, built once and sent unchanged on every attempt.</summary>
internal sealed class ApiRequest
{
    public required HttpMethod Method { get; init; }

    public required string RealmId { get; init; }

    /// <summary>The path after <c>/v3/company/{realm}/</c>, e.g. <c>invoice</c> or <c>query</c>.</summary>
    public required string Path { get; init; }

    /// <summary>What the call does, for logs and error messages, e.g. <c>create Invoice</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>Query parameters besides <c>minorversion</c> and <c>requestid</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>The JSON body, serialised once so that every retry sends the same bytes.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The body's media type; JSON unless a long query travels as <c>application/text</c>.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>Whether the call changes data in QuickBooks (a POSTed query does not).</summary>
    public bool IsWrite { get; init; }

    /// <summary>The idempotency key of a write; the same on every attempt.</summary>
    public string? RequestId { get; init; }

    /// <summary>Batch requests count against the realm's batch limit too.</summary>
    public bool IsBatch { get; init; }
}

/// <summary>A successful answer: the parsed body (already checked for a Fault) and Intuit's transaction id.</summary>
internal sealed class ApiResponse(JsonDocument document, string? intuitTid) : IDisposable
{
    public JsonElement Root => document.RootElement;

    public string? IntuitTid { get; } = intuitTid;

    public void Dispose() => document.Dispose();
}
