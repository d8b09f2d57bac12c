namespace RoApp.QuickBooksSync.Api;

/// <summary>
/// Per-realm limits the API client keeps under, shared by every call in the process.
/// The defaults are Intuit's published limits for one app and one realm.
/// </summary>
public sealed class QuickBooksRateLimitOptions
{
    /// <summary>Requests per minute per realm (Intuit: 500).</summary>
    public int RequestsPerMinute { get; set; } = 500;

    /// <summary>Requests per second per realm (Intuit: 10 per realm and app); keeps bursts from tripping 429.</summary>
    public int RequestsPerSecond { get; set; } = 10;

    /// <summary>Requests in flight at once per realm (Intuit: 10).</summary>
    public int MaxConcurrentRequests { get; set; } = 10;

    /// <summary>Batch requests per minute per realm (Intuit: 40 per app).</summary>
    public int BatchRequestsPerMinute { get; set; } = 40;
}
