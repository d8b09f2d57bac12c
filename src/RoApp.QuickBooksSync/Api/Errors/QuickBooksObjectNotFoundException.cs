namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>The object does not exist or is inactive (fault 610).</summary>
public sealed class QuickBooksObjectNotFoundException : QuickBooksApiException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksObjectNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksObjectNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksObjectNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
