namespace RoApp.QuickBooksSync.Storage;

/// <summary>Stores what the inbound sync remembers per company and realm (see <see cref="InboundState"/>).</summary>
/// <remarks>
/// <para>Contract, for every implementation (the conformance suite checks each point):</para>
/// <list type="bullet">
/// <item>A state is identified by (company, realm, key); a lookup never returns another realm's state.</item>
/// <item><see cref="SaveAsync"/> is a compare-and-swap on <see cref="InboundState.Version"/> (0: insert, fails
/// when the state exists), atomic across processes; the loser gets <see langword="false"/> and re-reads.</item>
/// <item>The store never reads a clock: <see cref="InboundState.UpdatedAt"/> comes from the caller.</item>
/// </list>
/// </remarks>
public interface IInboundStateStore
{
    /// <summary>The state under a key, or <see langword="null"/>.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="realmId">The QuickBooks realm.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<InboundState?> GetAsync(string companyId, string realmId, string key, CancellationToken cancellationToken);

    /// <summary>Inserts or updates a state if the stored version is <paramref name="expectedVersion"/> (0: none yet).</summary>
    /// <param name="state">The state; its <see cref="InboundState.Version"/> is ignored.</param>
    /// <param name="expectedVersion">The version read before the change, or 0 for a new state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when someone else wrote first.</returns>
    ValueTask<bool> SaveAsync(InboundState state, long expectedVersion, CancellationToken cancellationToken);
}
