namespace RoApp.QuickBooksSync.Engine;

/// <summary>Exponential backoff with full jitter in the upper half, so retries of many items spread out.</summary>
internal static class RetryBackoff
{
    public static TimeSpan For(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (random / 2)));
    }
}
