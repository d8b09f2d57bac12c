namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>The object changed in QuickBooks since it was read (fault 5010): re-read it, re-apply the change on the current <c>SyncToken</c> and retry.</summary>
public sealed class QuickBooksStaleObjectException : QuickBooksApiException
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksStaleObjectException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksStaleObjectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksStaleObjectException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
