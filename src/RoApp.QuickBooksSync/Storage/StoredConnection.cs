namespace RoApp.QuickBooksSync.Storage;

/// <summary>
/// The stored QuickBooks connection of one RO App company: which realm, the tokens (encrypted),
/// their expiry, and what was read about the QuickBooks company when it was connected.
/// </summary>
public sealed record StoredConnection
{
    /// <summary>The RO App company (tenant) id, as the host names it.</summary>
    public required string CompanyId { get; init; }

    /// <summary>The connected QuickBooks company (realm) id.</summary>
    public required string RealmId { get; init; }

    /// <summary>Whether the connection works or needs the user to authorise again.</summary>
    public ConnectionHealth Health { get; init; } = ConnectionHealth.Connected;

    /// <summary>Why the connection needs reconnecting, when it does (e.g. <c>invalid_grant</c> on refresh).</summary>
    public string? NeedsReconnectReason { get; init; }

    /// <summary>
    /// The access and refresh tokens, protected by the configured token protector. Never plain text:
    /// a store only ever sees these bytes.
    /// </summary>
    public required byte[] ProtectedTokens { get; init; }

    /// <summary>When the access token expires.</summary>
    public required DateTimeOffset AccessTokenExpiresAt { get; init; }

    /// <summary>When the refresh token expires unless used (rolling, about 100 days).</summary>
    public required DateTimeOffset RefreshTokenExpiresAt { get; init; }

    /// <summary>When the refresh token chain ends whatever happens (five years), when Intuit said so.</summary>
    public DateTimeOffset? RefreshTokenHardExpiresAt { get; init; }

    /// <summary>The QuickBooks company's name, read at connect time.</summary>
    public string? CompanyName { get; init; }

    /// <summary>The QuickBooks company's country code (e.g. <c>US</c>, <c>CA</c>, <c>GB</c>), read at connect time.</summary>
    public string? Country { get; init; }

    /// <summary>
    /// What else was read about the QuickBooks company at connect time (preferences: custom transaction
    /// numbers, multicurrency, sales tax), as JSON owned by the connection layer.
    /// </summary>
    public string? CompanyProfileJson { get; init; }

    /// <summary>
    /// While set and in the future, one process is refreshing the tokens and others wait for its result
    /// instead of refreshing too (a cross-process claim taken by compare-and-swap). Stores persist it like
    /// any other field; <see langword="null"/> when nobody is refreshing.
    /// </summary>
    public DateTimeOffset? RefreshClaimExpiresAt { get; init; }

    /// <summary>When the company first connected this realm.</summary>
    public required DateTimeOffset ConnectedAt { get; init; }

    /// <summary>When this row was last written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// The row version for compare-and-swap. A store sets it: 1 on insert, +1 on every successful save.
    /// </summary>
    public long Version { get; init; }
}

/// <summary>The health of a stored QuickBooks connection.</summary>
public enum ConnectionHealth
{
    /// <summary>Tokens work (or can be refreshed).</summary>
    Connected,

    /// <summary>The user must authorise again (refresh token refused, revoked or expired).</summary>
    NeedsReconnect,
}
