namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>QuickBooks throttled the realm (HTTP 429, fault 3001) on every allowed attempt.</summary>
public sealed class QuickBooksThrottledException : QuickBooksApiException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksThrottledException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksThrottledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksThrottledException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How long QuickBooks asked to wait (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; internal set; }
}
