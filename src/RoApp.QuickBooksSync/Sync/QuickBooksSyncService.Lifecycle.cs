using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sync;

/// <summary>The lifecycle entry points: edits, cancellations and deletions reported by the host.</summary>
internal sealed partial class QuickBooksSyncService
{
    public async ValueTask<InvoiceLifecycleResult> InvoiceEditedAsync(string companyId, string invoiceId, string statusId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(invoiceId);
        var (company, notReady) = await companies.CheckAsync(companyId, requireEnabled: true, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            // Only an invoice that is in QuickBooks drifts from its copy there: that is worth an entry.
            var connection = await connections.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
            if (connection is not null
                && await links.GetByRoAppIdAsync(companyId, connection.RealmId, SyncedEntityType.Invoice, invoiceId, cancellationToken).ConfigureAwait(false) is { State: LinkState.Active })
            {
                await SkipAsync(companyId, invoiceId, $"RO App invoice {invoiceId} was edited, but the edit was not sent: {notReady!.Message}", notReady.Fix, cancellationToken).ConfigureAwait(false);
            }

            return InvoiceLifecycleResult.NotEnabled;
        }

        var link = await links.GetByRoAppIdAsync(companyId, company.RealmId, SyncedEntityType.Invoice, invoiceId, cancellationToken).ConfigureAwait(false);
        var synced = link is { State: LinkState.Active };
        if (synced && InvoiceRemover.IsVoidedByUs(link!))
        {
            // Voided when RO App cancelled it: QuickBooks changes a voided invoice no more.
            return InvoiceLifecycleResult.NothingToDo;
        }

        if (!synced && !company.Settings.TriggerStatusIds.Contains(statusId, StringComparer.Ordinal))
        {
            return InvoiceLifecycleResult.NothingToDo;
        }

        await queue.EnqueueAsync(
            new NewWorkItem
            {
                CompanyId = companyId,
                Kind = OutboundWork.InvoiceKind,
                OrderingKey = OutboundWork.InvoiceOrderingKey(invoiceId),
                Payload = OutboundWork.Serialize(new InvoiceWork(invoiceId, QuietWhenUnchanged: true)),
            },
            cancellationToken).ConfigureAwait(false);
        if (!synced)
        {
            await states.PendingAsync(companyId, company.RealmId, invoiceId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        LogEditQueued(companyId, invoiceId, synced);
        return InvoiceLifecycleResult.Queued;
    }

    public ValueTask<InvoiceLifecycleResult> InvoiceCancelledAsync(string companyId, string invoiceId, CancellationToken cancellationToken) =>
        QueueRemovalAsync(companyId, invoiceId, InvoiceRemovalReason.Cancelled, cancellationToken);

    public ValueTask<InvoiceLifecycleResult> InvoiceDeletedAsync(string companyId, string invoiceId, CancellationToken cancellationToken) =>
        QueueRemovalAsync(companyId, invoiceId, InvoiceRemovalReason.Deleted, cancellationToken);

    private async ValueTask<InvoiceLifecycleResult> QueueRemovalAsync(string companyId, string invoiceId, InvoiceRemovalReason reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(invoiceId);
        var work = new InvoiceRemovalWork(invoiceId, reason);
        var (company, notReady) = await companies.CheckAsync(companyId, requireEnabled: true, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            await remover.JournalAsync(companyId, null, work, JournalOutcome.Skipped, $"RO App invoice {invoiceId} was {work.Verb}, but nothing was changed in QuickBooks: {notReady!.Message}", notReady.Fix, null, null, null, cancellationToken).ConfigureAwait(false);
            return InvoiceLifecycleResult.NotEnabled;
        }

        // Behind the invoice's own queued sends (same ordering key): a send queued before the cancellation goes first.
        await queue.EnqueueAsync(
            new NewWorkItem
            {
                CompanyId = companyId,
                Kind = InvoiceRemovalWork.Kind,
                OrderingKey = OutboundWork.InvoiceOrderingKey(invoiceId),
                Payload = work.Serialize(),
            },
            cancellationToken).ConfigureAwait(false);
        return InvoiceLifecycleResult.Queued;
    }

    /// <summary>The stored state, with the link's time and id (the link is what QuickBooks holds); none when nothing is stored.</summary>
    private async ValueTask<InvoiceSyncState?> StoredStateAsync(string companyId, string realmId, string invoiceId, EntityLink? active, CancellationToken cancellationToken)
    {
        if (await states.GetAsync(companyId, realmId, invoiceId, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return null;
        }

        var quickBooksId = active?.QuickBooksId ?? (stored.Status == InvoiceSyncStatus.NotSynced ? null : stored.QuickBooksId);
        return new InvoiceSyncState(
            stored.Status,
            active?.LastSyncedAt ?? stored.LastSyncedAt,
            quickBooksId,
            quickBooksId is null ? null : InvoiceUrl(quickBooksId),
            stored.Message,
            stored.Fix)
        {
            AttentionMessage = stored.AttentionMessage,
            AttentionFix = stored.AttentionFix,
            AttentionAt = stored.AttentionAt,
        };
    }

    [LoggerMessage(EventId = 5031, Level = LogLevel.Debug, Message = "Company {CompanyId}: invoice {InvoiceId} was edited and queued for QuickBooks (already synced: {Synced}).")]
    private partial void LogEditQueued(string companyId, string invoiceId, bool synced);
}
