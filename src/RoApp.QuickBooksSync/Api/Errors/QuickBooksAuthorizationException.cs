namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>The app may not do this for the company (HTTP 403, fault 3100 or 120): check the app's scopes and the user's QuickBooks role.</summary>
public sealed class QuickBooksAuthorizationException : QuickBooksApiException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksAuthorizationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksAuthorizationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksAuthorizationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
