namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>QuickBooks rejected the request as invalid (validation or business rule, e.g. fault 6000). Never retried: fix the data.</summary>
public sealed class QuickBooksValidationException : QuickBooksApiException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksValidationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
