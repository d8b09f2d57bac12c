namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>The QuickBooks company's subscription has ended (fault 6190): nothing can be written until it is renewed.</summary>
public sealed class QuickBooksSubscriptionEndedException : QuickBooksApiException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksSubscriptionEndedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksSubscriptionEndedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksSubscriptionEndedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
