namespace RoApp.QuickBooksSync;

/// <summary>
/// The base of every error this library raises about QuickBooks: API faults, connection problems,
/// throttling. Catch it to handle them all; catch a derived type to handle one kind.
/// </summary>
public class QuickBooksException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QuickBooksException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and, where known, the fix.</param>
    public QuickBooksException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and, where known, the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The QuickBooks company (realm) concerned, when known.</summary>
    public string? RealmId { get; init; }
}
