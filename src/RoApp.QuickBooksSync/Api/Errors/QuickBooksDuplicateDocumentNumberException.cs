namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>The document number is already used (fault 6140, or 6210 with a duplicate-number message).</summary>
public sealed class QuickBooksDuplicateDocumentNumberException : QuickBooksApiException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksDuplicateDocumentNumberException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksDuplicateDocumentNumberException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksDuplicateDocumentNumberException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
