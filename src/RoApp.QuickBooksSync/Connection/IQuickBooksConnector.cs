namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// Connects one RO App company to one QuickBooks company (realm): the OAuth 2.0 flow, the connection's
/// state, reconnect, disconnect, and the "Enable integration" switch. Thread-safe; register once.
/// </summary>
/// <remarks>
/// Flow: <see cref="BeginConnectAsync"/> gives the URL to send the user to; Intuit calls the app's redirect
/// URI back with <c>code</c>, <c>realmId</c> and <c>state</c>, which go to <see cref="CompleteConnectAsync"/>.
/// Reconnecting (after "needs reconnect", or to another QuickBooks company) is the same two calls.
/// </remarks>
public interface IQuickBooksConnector
{
    /// <summary>
    /// Raised when a company's connection needs the user to authorise again (Intuit refused the refresh
    /// token). The company's work is paused until it reconnects. Handlers run on the thread that found out;
    /// keep them short.
    /// </summary>
    event EventHandler<QuickBooksReconnectRequiredEventArgs>? ReconnectRequired;

    /// <summary>
    /// Starts connecting (or reconnecting) a company: issues a single-use, expiring, unguessable
    /// <c>state</c> bound to the company and returns Intuit's authorisation URL carrying it.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Where to send the user, and until when the link works.</returns>
    ValueTask<QuickBooksAuthorizationRequest> BeginConnectAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>
    /// Finishes a connect from the OAuth callback: checks the state (a state issued to another company is
    /// refused without being used up), exchanges the code, proves the new token opens the callback's realm
    /// (a CompanyInfo read; when QuickBooks refuses, nothing is stored, the grant is revoked and the journal
    /// says why), stores the (encrypted) tokens and the realm, and reads the QuickBooks company's name, country and preferences.
    /// Connecting another realm than before detaches the old realm's links and pending work.
    /// </summary>
    /// <param name="companyId">The RO App company the callback arrived for (from the host's session).</param>
    /// <param name="code">The <c>code</c> query parameter of the callback.</param>
    /// <param name="realmId">The <c>realmId</c> query parameter of the callback.</param>
    /// <param name="state">The <c>state</c> query parameter of the callback.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connection state after connecting.</returns>
    /// <exception cref="QuickBooksConnectionException">The state is unknown, expired, reused or another company's
    /// (<see cref="ConnectionFailure.InvalidState"/>); the realm belongs to another company
    /// (<see cref="ConnectionFailure.RealmTaken"/>); the new token does not open the claimed realm
    /// (<see cref="ConnectionFailure.RealmNotVerified"/>); or Intuit refused the code.</exception>
    ValueTask<QuickBooksConnectionState> CompleteConnectAsync(string companyId, string code, string realmId, string state, CancellationToken cancellationToken);

    /// <summary>The company's connection state, for the settings page.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<QuickBooksConnectionState> GetStateAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>
    /// Disconnects: revokes the tokens at Intuit, deletes them, and turns the integration off. A failed
    /// revoke still disconnects locally; the result says so.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<QuickBooksDisconnectResult> DisconnectAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>
    /// Turns the integration on. Needs a healthy connection and the old one-way QuickBooks integration off.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connection state after enabling.</returns>
    /// <exception cref="QuickBooksConnectionException">Refused (<see cref="ConnectionFailure.EnableRefused"/>); the message says why and the fix.</exception>
    ValueTask<QuickBooksConnectionState> EnableAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>Turns the integration off; the connection is kept.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connection state after disabling.</returns>
    ValueTask<QuickBooksConnectionState> DisableAsync(string companyId, CancellationToken cancellationToken);
}

/// <summary>Where to send the user to authorise QuickBooks access.</summary>
/// <param name="AuthorizationUrl">Intuit's authorisation page with client id, scope, redirect URI and state.</param>
/// <param name="State">The single-use state carried by the URL (the callback must return it).</param>
/// <param name="ExpiresAt">After this moment the state is refused.</param>
public sealed record QuickBooksAuthorizationRequest(Uri AuthorizationUrl, string State, DateTimeOffset ExpiresAt);

/// <summary>The state of a company's QuickBooks connection.</summary>
public sealed record QuickBooksConnectionState
{
    /// <summary>The RO App company id.</summary>
    public required string CompanyId { get; init; }

    /// <summary>Not connected, connected (and enabled), disabled, or needs reconnect.</summary>
    public required QuickBooksConnectionStatus Status { get; init; }

    /// <summary>Whether the "Enable integration" switch is on.</summary>
    public bool Enabled { get; init; }

    /// <summary>Why the company must reconnect, when it must.</summary>
    public string? NeedsReconnectReason { get; init; }

    /// <summary>The connected QuickBooks company (realm) id.</summary>
    public string? RealmId { get; init; }

    /// <summary>The connected QuickBooks company's name.</summary>
    public string? CompanyName { get; init; }

    /// <summary>The connected QuickBooks company's country code.</summary>
    public string? Country { get; init; }

    /// <summary>When the company connected this realm.</summary>
    public DateTimeOffset? ConnectedAt { get; init; }

    /// <summary>When the current access token expires (it is refreshed before).</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }

    /// <summary>When the refresh token expires unless used (rolling).</summary>
    public DateTimeOffset? RefreshTokenExpiresAt { get; init; }

    /// <summary>When the refresh token chain ends whatever happens (Intuit's five-year limit), when known.</summary>
    public DateTimeOffset? RefreshTokenHardExpiresAt { get; init; }

    /// <summary>
    /// Set when the hard expiry is within the configured lead time (or past): a message for the user
    /// saying when the connection ends and that reconnecting renews it.
    /// </summary>
    public string? HardExpiryWarning { get; init; }
}

/// <summary>The status of a company's QuickBooks connection.</summary>
public enum QuickBooksConnectionStatus
{
    /// <summary>No QuickBooks company is connected.</summary>
    NotConnected,

    /// <summary>Connected and the integration is enabled.</summary>
    Connected,

    /// <summary>Connected, but the integration is switched off.</summary>
    Disabled,

    /// <summary>The user must authorise again; work is paused meanwhile.</summary>
    NeedsReconnect,
}

/// <summary>What a disconnect did.</summary>
/// <param name="WasConnected">Whether there was a connection to remove.</param>
/// <param name="Revoked">Whether Intuit confirmed the revoke.</param>
/// <param name="RevokeFailure">Why the revoke failed, when it did (the local disconnect happened anyway).</param>
public sealed record QuickBooksDisconnectResult(bool WasConnected, bool Revoked, string? RevokeFailure);

/// <summary>Data of <see cref="IQuickBooksConnector.ReconnectRequired"/>.</summary>
public sealed class QuickBooksReconnectRequiredEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="realmId">The QuickBooks realm that was connected.</param>
    /// <param name="reason">Why the company must reconnect.</param>
    /// <param name="occurredAt">When it was found.</param>
    public QuickBooksReconnectRequiredEventArgs(string companyId, string realmId, string reason, DateTimeOffset occurredAt)
    {
        CompanyId = companyId;
        RealmId = realmId;
        Reason = reason;
        OccurredAt = occurredAt;
    }

    /// <summary>The RO App company id.</summary>
    public string CompanyId { get; }

    /// <summary>The QuickBooks realm that was connected.</summary>
    public string RealmId { get; }

    /// <summary>Why the company must reconnect.</summary>
    public string Reason { get; }

    /// <summary>When it was found.</summary>
    public DateTimeOffset OccurredAt { get; }
}
