namespace RoApp.QuickBooksSync.Storage;

/// <summary>Stores the sync state of each RO App invoice per company and realm (see <see cref="StoredInvoiceState"/>).</summary>
/// <remarks>
/// <para>Contract, for every implementation (the conformance suite checks each point):</para>
/// <list type="bullet">
/// <item>A state is identified by (company, realm, invoice); a lookup never returns another realm's state.</item>
/// <item><see cref="SaveAsync"/> is a compare-and-swap on <see cref="StoredInvoiceState.Version"/> (0: insert, fails
/// when the state exists), atomic across processes; the loser gets <see langword="false"/> and re-reads.</item>
/// <item>Every field round-trips unchanged (times to the microsecond); the store never reads a clock.</item>
/// </list>
/// </remarks>
public interface IInvoiceStateStore
{
    /// <summary>The state of an invoice, or <see langword="null"/>.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="realmId">The QuickBooks realm.</param>
    /// <param name="invoiceId">The RO App invoice id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<StoredInvoiceState?> GetAsync(string companyId, string realmId, string invoiceId, CancellationToken cancellationToken);

    /// <summary>Inserts or updates a state if the stored version is <paramref name="expectedVersion"/> (0: none yet).</summary>
    /// <param name="state">The state; its <see cref="StoredInvoiceState.Version"/> is ignored.</param>
    /// <param name="expectedVersion">The version read before the change, or 0 for a new state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when someone else wrote first.</returns>
    ValueTask<bool> SaveAsync(StoredInvoiceState state, long expectedVersion, CancellationToken cancellationToken);
}
