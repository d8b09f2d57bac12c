namespace RoApp.QuickBooksSync.Storage;

/// <summary>
/// Stores the QuickBooks connection of each RO App company and the single-use OAuth <c>state</c>
/// values of connects in progress.
/// </summary>
/// <remarks>
/// <para>Contract, for every implementation:</para>
/// <list type="bullet">
/// <item><see cref="SaveAsync"/> is a compare-and-swap on <see cref="StoredConnection.Version"/>: it writes only
/// when the stored version equals <c>expectedVersion</c> (0 meaning "no row yet") and is atomic across
/// processes sharing the store. The loser of a race gets <see langword="false"/> and must re-read.</item>
/// <item>A realm belongs to at most one company: saving a connection whose realm another company holds
/// throws <see cref="InvalidOperationException"/>.</item>
/// <item><see cref="TryTakeAuthorizationStateAsync"/> returns a state at most once, even when several
/// processes race for it, and never returns an expired one.</item>
/// </list>
/// </remarks>
public interface IConnectionStore
{
    /// <summary>The connection of a company, or <see langword="null"/> when it has none.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>The connection holding a realm, or <see langword="null"/> (routes webhooks to a company).</summary>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken);

    /// <summary>Every stored connection, in company id order.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<StoredConnection> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces a company's connection if the stored version is <paramref name="expectedVersion"/>
    /// (0 when no row should exist yet). The stored version becomes <paramref name="expectedVersion"/> + 1.
    /// </summary>
    /// <param name="connection">The connection to store; its <see cref="StoredConnection.Version"/> is ignored.</param>
    /// <param name="expectedVersion">The version read before the change, or 0 for a new connection.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when someone else wrote first.</returns>
    ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes a company's connection (tokens included). Deleting nothing is not an error.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>Remembers an OAuth <c>state</c> issued to a company until it expires.</summary>
    /// <param name="state">The unguessable state value.</param>
    /// <param name="companyId">The company that began connecting.</param>
    /// <param name="expiresAt">When the state stops being accepted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Removes and returns the company a state was issued to, if it exists and has not expired at
    /// <paramref name="now"/>. A second call with the same state returns <see langword="null"/>.
    /// </summary>
    /// <param name="state">The state from the OAuth callback.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken);
}
