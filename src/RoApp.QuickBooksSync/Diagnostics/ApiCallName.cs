using RoApp.QuickBooksSync.Api.Http;

namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>
/// The low-cardinality name of an API call for spans and metrics: the operation (<c>create</c>, <c>read</c>,
/// <c>update</c>, <c>void</c>, <c>query</c>, <c>batch</c>, ...) and the entity (<c>Invoice</c>), without the
/// object ids that <see cref="ApiRequest.Operation"/> carries for logs.
/// </summary>
internal readonly record struct ApiCallName(string Operation, string Entity)
{
    private const string Other = "other";
    private const int MaxEntityLength = 64;

    // Longest first where one prefix starts another; each maps to the operation tag value.
    private static readonly (string Prefix, string Operation)[] Prefixes =
    [
        ("sparse update ", "update"),
        ("full update ", "update"),
        ("create ", "create"),
        ("read ", "read"),
        ("delete ", "delete"),
        ("void ", "void"),
        ("query ", "query"),
        ("count ", "count"),
        ("change data capture ", "cdc"),
        ("batch", "batch"),
    ];

    /// <summary>The name as one low-cardinality text, e.g. <c>create Invoice</c> (Polly's <c>operation.key</c>).</summary>
    public string OperationKey => $"{Operation} {Entity}";

    /// <summary>Names a request from its log text, which the client builds as "&lt;operation&gt; &lt;Entity&gt; [id]".</summary>
    public static ApiCallName Of(ApiRequest request)
    {
        var text = request.Operation;
        foreach (var (prefix, operation) in Prefixes)
        {
            if (!text.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (operation == "batch")
            {
                return new(operation, "Batch");
            }

            var rest = text.AsSpan(prefix.Length);
            var end = rest.IndexOf(' ');
            var entity = end < 0 ? rest : rest[..end];
            return new(operation, IsEntityName(entity) ? entity.ToString() : Other);
        }

        // An operation the client learns later: still bounded, named by the first path segment.
        var path = request.Path.AsSpan();
        var slash = path.IndexOf('/');
        var segment = slash < 0 ? path : path[..slash];
        return new(Other, IsEntityName(segment) ? segment.ToString() : Other);
    }

    // Entity names are letters (a CDC call lists several, comma-separated): anything else would be an id
    // or free text, and must not become a metric tag value.
    private static bool IsEntityName(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > MaxEntityLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetter(c) && c != ',')
            {
                return false;
            }
        }

        return true;
    }
}
