namespace RoApp.QuickBooksSync.Connection;

/// <summary>Settings of the OAuth connection to QuickBooks Online.</summary>
public sealed class QuickBooksConnectionOptions
{
    /// <summary>
    /// How long before its expiry an access token is refreshed (default 5 minutes), so that a call
    /// never starts with a token that dies on the way. Between zero and 30 minutes.
    /// </summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long an OAuth <c>state</c> issued by a connect stays usable (default 15 minutes): the time a
    /// user has to finish authorising at Intuit.
    /// </summary>
    public TimeSpan AuthorizationStateLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long before the refresh token's hard expiry (Intuit's five-year limit) the connection state
    /// starts warning that the company must reconnect (default 30 days).
    /// </summary>
    public TimeSpan HardExpiryWarningLead { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long one process may hold the cross-process claim on a company's token refresh before others
    /// may take over (default 30 seconds; it only matters when a process dies mid-refresh).
    /// </summary>
    public TimeSpan RefreshClaimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often idle connections are looked at and kept alive (default once a day). Zero turns the
    /// keep-alive off; then a company that syncs nothing for about 100 days must reconnect.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// A connection whose refresh token would expire unused within this time is refreshed by the keep-alive
    /// (default 30 days, against Intuit's rolling 100 days), so that it keeps working for years without anyone
    /// logging in again (until the five-year hard expiry).
    /// </summary>
    public TimeSpan KeepAliveLead { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the QuickBooks tax codes of a realm are cached before they are read again (default 1 hour).</summary>
    public TimeSpan TaxCodeCacheLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The key of the default token protector (AES-256-GCM): 32 random bytes, Base64-encoded
    /// (e.g. the output of <c>openssl rand -base64 32</c>). Required unless the host registers its own
    /// <see cref="ITokenProtector"/>. Keep it in a secret store, never in source control. Never logged.
    /// </summary>
    public string? TokenEncryptionKey { get; set; }

    /// <summary>
    /// Earlier keys of the default token protector, for rotating <see cref="TokenEncryptionKey"/> without
    /// reconnecting every company: tokens are still decrypted with these (same format as the key), while
    /// everything written from now on uses <see cref="TokenEncryptionKey"/>. Call
    /// <see cref="IQuickBooksTokenReencryptor.ReencryptStoredTokensAsync"/> once to move every stored row to
    /// the new key, then remove the old one from here. Never logged.
    /// </summary>
    public IList<string> PreviousTokenEncryptionKeys { get; set; } = [];
}
