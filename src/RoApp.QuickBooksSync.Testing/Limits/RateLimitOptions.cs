namespace RoApp.QuickBooksSync.Testing.Limits;

/// <summary>QuickBooks' per-realm limits as the simulator enforces them (429 with fault 3001 when exceeded).</summary>
public sealed class RateLimitOptions
{
    /// <summary>False turns every limit off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per rolling minute per realm (Intuit: 500).</summary>
    public int RequestsPerMinute { get; set; } = 500;

    /// <summary>Requests in flight at once per realm (Intuit: 10).</summary>
    public int MaxConcurrentRequests { get; set; } = 10;

    /// <summary>Batch requests per rolling minute per realm (Intuit: 40 per app).</summary>
    public int BatchRequestsPerMinute { get; set; } = 40;

    /// <summary>
    /// Requests per rolling second per realm (Intuit: 10 per app); null (the default) does not check it,
    /// because a test on a clock that stands still would hit it after ten calls. Not scaled.
    /// </summary>
    public int? RequestsPerSecond { get; set; }

    /// <summary>Multiplies the per-minute limits (0.1 makes a test hit them ten times sooner).</summary>
    public double Scale { get; set; } = 1.0;

    /// <summary>Seconds sent in a <c>Retry-After</c> header on 429; null sends none (Intuit does not promise one).</summary>
    public int? RetryAfterSeconds { get; set; }
}
