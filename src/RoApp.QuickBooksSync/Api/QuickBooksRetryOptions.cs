namespace RoApp.QuickBooksSync.Api;

/// <summary>Retries, timeouts and backoff of QuickBooks API calls.</summary>
public sealed class QuickBooksRetryOptions
{
    /// <summary>Retries after the first attempt for transient failures (429, 5xx, transport errors, timeouts).</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The first backoff delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay between two attempts.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait after a 429 that carries no <c>Retry-After</c> header (Intuit advises 60 s).</summary>
    public TimeSpan ThrottledDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The timeout of one attempt (Intuit ends calls after 120 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The deadline of one logical call, all attempts and waits included.</summary>
    public TimeSpan OverallTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
