namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>The name is already used by a customer, vendor or employee (fault 6240): pick another display name or reuse the existing object.</summary>
public sealed class QuickBooksDuplicateNameException : QuickBooksApiException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksDuplicateNameException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksDuplicateNameException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksDuplicateNameException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
