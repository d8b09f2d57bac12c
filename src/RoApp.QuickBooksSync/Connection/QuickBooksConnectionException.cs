namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// A QuickBooks connection cannot do what was asked: the OAuth callback was refused, the company must
/// reconnect, enabling was refused, or the connection is misconfigured. The message says why and what to do;
/// it never contains a token or secret.
/// </summary>
public sealed class QuickBooksConnectionException : QuickBooksException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">What kind of problem it is.</param>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause, if any.</param>
    public QuickBooksConnectionException(ConnectionFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception.</summary>
    public QuickBooksConnectionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    public QuickBooksConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What kind of problem it is.</summary>
    public ConnectionFailure Failure { get; }

    /// <summary>The RO App company concerned, when known.</summary>
    public string? CompanyId { get; init; }
}

/// <summary>The kinds of connection problems.</summary>
public enum ConnectionFailure
{
    /// <summary>Not classified.</summary>
    Unknown,

    /// <summary>A setting is missing or wrong (client id, secret, redirect URI, encryption key).</summary>
    Configuration,

    /// <summary>The OAuth <c>state</c> is unknown, expired, already used, or belongs to another company.</summary>
    InvalidState,

    /// <summary>The company has no QuickBooks connection.</summary>
    NotConnected,

    /// <summary>Intuit refused the refresh token or the code (<c>invalid_grant</c>): the user must authorise again.</summary>
    ReconnectRequired,

    /// <summary>The QuickBooks company is already connected to another RO App company.</summary>
    RealmTaken,

    /// <summary>Enabling the integration was refused (unhealthy connection, legacy integration on).</summary>
    EnableRefused,

    /// <summary>The stored tokens cannot be decrypted with the configured protector.</summary>
    TokensUnreadable,

    /// <summary>Intuit's OAuth endpoint failed or answered something unexpected.</summary>
    TokenEndpoint,

    /// <summary>
    /// The tokens of an OAuth callback could not be shown to belong to the realm the callback names (QuickBooks
    /// refused them for it, or could not be asked): nothing was stored and the grant was revoked.
    /// </summary>
    RealmNotVerified,
}
