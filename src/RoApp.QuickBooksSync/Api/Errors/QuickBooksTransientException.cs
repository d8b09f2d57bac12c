namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>A failure that may pass (HTTP 5xx, fault 10000, transport error, timeout) that lasted through every allowed retry.</summary>
public sealed class QuickBooksTransientException : QuickBooksApiException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksTransientException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksTransientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksTransientException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
