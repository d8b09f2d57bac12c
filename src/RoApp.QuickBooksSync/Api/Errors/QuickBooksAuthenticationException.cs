namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>QuickBooks refused the access token (HTTP 401, fault 3200) even after one refresh: the company must authorise again.</summary>
public sealed class QuickBooksAuthenticationException : QuickBooksApiException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksAuthenticationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
