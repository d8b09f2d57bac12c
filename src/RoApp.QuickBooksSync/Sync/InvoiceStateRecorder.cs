using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sync;

/// <summary>
/// Keeps each invoice's stored sync state as the sync goes: every journal entry about an invoice is applied by what
/// it means, not by being the newest. A skip never hides a warning or a failure, an inbound refusal is kept apart
/// from the outbound state (an invoice in QuickBooks and paid stays "Synced", with the refused move to attend to),
/// and a later success of the same inbound operation clears it.
/// </summary>
/// <remarks>
/// Resolved lazily: a host with stores of its own and no <see cref="IInvoiceStateStore"/> keeps the older state
/// derived from links and the journal.
/// </remarks>
internal sealed class InvoiceStateRecorder(IServiceProvider services, IConnectionStore connections)
{
    private const int MaxAttempts = 5;

    private IInvoiceStateStore? Store => services.GetService<IInvoiceStateStore>();

    /// <summary>The stored state of an invoice, or none (nothing stored yet, or no state store).</summary>
    public ValueTask<StoredInvoiceState?> GetAsync(string companyId, string realmId, string invoiceId, CancellationToken cancellationToken) =>
        Store is { } store ? store.GetAsync(companyId, realmId, invoiceId, cancellationToken) : ValueTask.FromResult<StoredInvoiceState?>(null);

    /// <summary>Applies one journal entry (outbound or inbound) about an invoice to its stored state.</summary>
    public async ValueTask ApplyAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntityType != SyncedEntityType.Invoice || entry.RoAppEntityId is null || Store is not { } store)
        {
            return;
        }

        // The runner's entries of outbound work carry no realm: it is the company's connected one.
        var realmId = entry.RealmId ?? (await connections.GetAsync(entry.CompanyId, cancellationToken).ConfigureAwait(false))?.RealmId;
        if (realmId is null)
        {
            return;
        }

        await UpdateAsync(store, entry.CompanyId, realmId, entry.RoAppEntityId, entry.At, s => Next(s, entry), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An invoice not in QuickBooks yet was queued for its first send.</summary>
    public async ValueTask PendingAsync(string companyId, string realmId, string invoiceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (Store is not { } store)
        {
            return;
        }

        await UpdateAsync(store, companyId, realmId, invoiceId, at,
            s => s.Status is InvoiceSyncStatus.NotSynced or InvoiceSyncStatus.Failed
                ? s with { Status = InvoiceSyncStatus.Pending, Message = "Queued for QuickBooks.", Fix = null }
                : null,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A send found the invoice unchanged since its last write: QuickBooks already holds what RO App has (another
    /// writer brought it up to date, or the shop undid an edit), so an earlier failure or a queued send no longer
    /// stands. A warning stays: it is about the content, which has not changed.
    /// </summary>
    public async ValueTask UpToDateAsync(string companyId, string realmId, string invoiceId, string? quickBooksId, string message, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (Store is not { } store)
        {
            return;
        }

        await UpdateAsync(store, companyId, realmId, invoiceId, at,
            s => s.Status is InvoiceSyncStatus.Failed or InvoiceSyncStatus.Pending
                ? s with { Status = InvoiceSyncStatus.Synced, Message = message, Fix = null, QuickBooksId = quickBooksId ?? s.QuickBooksId }
                : null,
            cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask UpdateAsync(
        IInvoiceStateStore store, string companyId, string realmId, string invoiceId, DateTimeOffset at, Func<StoredInvoiceState, StoredInvoiceState?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(companyId, realmId, invoiceId, cancellationToken).ConfigureAwait(false);
            var next = change(current ?? new StoredInvoiceState { CompanyId = companyId, RealmId = realmId, InvoiceId = invoiceId, Status = InvoiceSyncStatus.NotSynced, UpdatedAt = at });
            if (next is null)
            {
                return;
            }

            if (await store.SaveAsync(next with { UpdatedAt = at }, current?.Version ?? 0, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private static StoredInvoiceState? Next(StoredInvoiceState s, JournalEntry e)
    {
        if (e.Direction == JournalDirection.Inbound)
        {
            return e.Outcome switch
            {
                JournalOutcome.Failed or JournalOutcome.Dead => s with { AttentionOperation = e.Operation, AttentionMessage = e.Message, AttentionFix = e.Fix, AttentionAt = e.At },
                JournalOutcome.Synced when e.Operation == "invoice.deleted" => s with { Status = InvoiceSyncStatus.NotSynced, Message = e.Message, Fix = null, QuickBooksId = null },
                JournalOutcome.Synced or JournalOutcome.Skipped when s.AttentionOperation == e.Operation =>
                    s with { AttentionOperation = null, AttentionMessage = null, AttentionFix = null, AttentionAt = null },
                _ => null,
            };
        }

        return e.Outcome switch
        {
            JournalOutcome.Synced when e.Operation == "delete invoice" => s with { Status = InvoiceSyncStatus.NotSynced, Message = e.Message, Fix = null, QuickBooksId = null },
            JournalOutcome.Synced => s with { Status = InvoiceSyncStatus.Synced, Message = e.Message, Fix = null, QuickBooksId = e.QuickBooksId ?? s.QuickBooksId, LastSyncedAt = e.At },
            JournalOutcome.SyncedWithWarnings => s with { Status = InvoiceSyncStatus.SyncedWithWarnings, Message = e.Message, Fix = e.Fix, QuickBooksId = e.QuickBooksId ?? s.QuickBooksId, LastSyncedAt = e.At },
            JournalOutcome.Failed or JournalOutcome.Dead => s with { Status = InvoiceSyncStatus.Failed, Message = e.Message, Fix = e.Fix },
            JournalOutcome.Retrying => s with { Status = InvoiceSyncStatus.Pending, Message = e.Message, Fix = e.Fix },

            // A skip changes nothing that was (a warning stays a warning), except that what was queued is no longer pending.
            JournalOutcome.Skipped when s.Status == InvoiceSyncStatus.Pending =>
                s with { Status = s.QuickBooksId is null ? InvoiceSyncStatus.NotSynced : InvoiceSyncStatus.Synced, Message = e.Message, Fix = e.Fix },
            _ => null,
        };
    }
}
