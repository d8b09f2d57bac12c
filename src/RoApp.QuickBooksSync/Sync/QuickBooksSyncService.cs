using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sync;

/// <summary>The facade: turns host events into durable work, and answers the invoice page and the journal.</summary>
internal sealed partial class QuickBooksSyncService(
    WorkQueue queue,
    IWorkQueueStore queueStore,
    IJournalStore journal,
    IEntityLinkStore links,
    IConnectionStore connections,
    OutboundCompanyLoader companies,
    InvoiceSender sender,
    InvoiceRemover remover,
    InvoiceStateRecorder states,
    Books.BooksChecker booksChecker,
    UnitOfWorkScopes scopes,
    TimeProvider time,
    IOptions<QuickBooksSyncOptions> options,
    ILogger<QuickBooksSyncService> logger) : IQuickBooksSync
{
    public async ValueTask<InvoiceStatusChangeResult> InvoiceStatusChangedAsync(string companyId, string invoiceId, string statusId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(invoiceId);
        var (company, notReady) = await companies.CheckAsync(companyId, requireEnabled: true, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            await SkipAsync(companyId, invoiceId, notReady!.Message, notReady.Fix, cancellationToken).ConfigureAwait(false);
            return InvoiceStatusChangeResult.NotEnabled;
        }

        if (!company.Settings.TriggerStatusIds.Contains(statusId, StringComparer.Ordinal))
        {
            await SkipAsync(companyId, invoiceId,
                $"Invoice {invoiceId} moved to status '{statusId}', which is not a trigger status, so it was not sent to QuickBooks.",
                company.Settings.TriggerStatusIds.Count == 0
                    ? "No trigger statuses are set: use \"Sync with QuickBooks\" on the invoice, or choose trigger statuses in the QuickBooks settings."
                    : "Use \"Sync with QuickBooks\" on the invoice to send it now, or add the status to the trigger statuses.",
                cancellationToken).ConfigureAwait(false);
            return InvoiceStatusChangeResult.NotATriggerStatus;
        }

        await EnqueueSendAsync(companyId, invoiceId, cancellationToken).ConfigureAwait(false);
        await states.PendingAsync(companyId, company.RealmId, invoiceId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogQueued(companyId, invoiceId, statusId);
        return InvoiceStatusChangeResult.Queued;
    }

    public ValueTask<InvoiceSyncOutcome> SyncInvoiceNowAsync(string companyId, string invoiceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(invoiceId);
        return SyncNowCoreAsync(companyId, invoiceId, cancellationToken);
    }

    public async ValueTask<int> SyncManyAsync(string companyId, IReadOnlyCollection<string> invoiceIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentNullException.ThrowIfNull(invoiceIds);
        var queued = 0;
        foreach (var chunk in invoiceIds.Distinct(StringComparer.Ordinal).Chunk(InvoiceBulkHandler.MaxBatchSize))
        {
            await queue.EnqueueAsync(
                new NewWorkItem
                {
                    CompanyId = companyId,
                    Kind = OutboundWork.InvoiceBulkKind,
                    // A chunk is its own unit of order; sends of one invoice queued elsewhere are idempotent with it.
                    OrderingKey = "bulk:" + chunk[0] + ":" + chunk.Length.ToString(CultureInfo.InvariantCulture),
                    Payload = OutboundWork.Serialize(new InvoiceBulkWork(chunk)),
                },
                cancellationToken).ConfigureAwait(false);
            queued++;
        }

        return queued;
    }

    public async ValueTask PaymentRecordedAsync(string companyId, string paymentId, string? invoiceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        // A host that reports the same payment twice queues it once.
        await EnqueuePaymentAsync(companyId, new PaymentWork(paymentId, string.IsNullOrWhiteSpace(invoiceId) ? null : invoiceId), "payment:" + paymentId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<InvoiceSyncState> GetInvoiceStateAsync(string companyId, string invoiceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(invoiceId);
        var connection = await connections.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
        var link = connection is null
            ? null
            : await links.GetByRoAppIdAsync(companyId, connection.RealmId, SyncedEntityType.Invoice, invoiceId, cancellationToken).ConfigureAwait(false);
        var active = link is { State: LinkState.Active } ? link : null;
        if (connection is not null && await StoredStateAsync(companyId, connection.RealmId, invoiceId, active, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        // No stored state (an invoice last synced by an older version, or a host store set without one): the newest
        // journal entry, as before.
        var page = await journal.QueryAsync(new JournalQuery { CompanyId = companyId, EntityType = SyncedEntityType.Invoice, RoAppEntityId = invoiceId, Limit = 1 }, cancellationToken).ConfigureAwait(false);
        var last = page.Entries.Count > 0 ? page.Entries[0] : null;

        var status = last?.Outcome switch
        {
            JournalOutcome.Failed or JournalOutcome.Dead => InvoiceSyncStatus.Failed,
            JournalOutcome.Retrying => InvoiceSyncStatus.Pending,
            JournalOutcome.SyncedWithWarnings => InvoiceSyncStatus.SyncedWithWarnings,
            _ when active is not null => InvoiceSyncStatus.Synced,
            _ => InvoiceSyncStatus.NotSynced,
        };

        return new InvoiceSyncState(
            status,
            active?.LastSyncedAt,
            active?.QuickBooksId,
            active is null ? null : InvoiceUrl(active.QuickBooksId),
            last?.Message,
            last?.Fix);
    }

    public ValueTask<JournalPage> QueryJournalAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return journal.QueryAsync(query, cancellationToken);
    }

    public async ValueTask<bool> RetryAsync(string companyId, long workItemId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var revived = await queueStore.ReviveAsync(companyId, workItemId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (revived)
        {
            queue.Signal();
        }

        return revived;
    }

    public ValueTask<bool> DismissAsync(string companyId, long entryId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        return journal.DismissAsync(companyId, entryId, cancellationToken);
    }

    /// <summary>The invoice in the QuickBooks web app; sandbox companies live on a different host.</summary>
    internal Uri InvoiceUrl(string quickBooksId)
    {
        var host = options.Value.Environment == QuickBooksEnvironment.Production ? "https://app.qbo.intuit.com" : "https://app.sandbox.qbo.intuit.com";
        return new Uri($"{host}/app/invoice?txnId={Uri.EscapeDataString(quickBooksId)}");
    }

    private async ValueTask<InvoiceSyncOutcome> SyncNowCoreAsync(string companyId, string invoiceId, CancellationToken cancellationToken)
    {
        // The manual sync is a unit of work of its own, in its own DI scope, like a queued job.
        var unit = scopes.Begin();
        await using (unit.ConfigureAwait(false))
        {
            return await SyncNowInScopeAsync(companyId, invoiceId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<InvoiceSyncOutcome> SyncNowInScopeAsync(string companyId, string invoiceId, CancellationToken cancellationToken)
    {
        try
        {
            // The manual sync takes the invoice's write claim like every other path (waiting a while for a queued or
            // bulk send of it, in any process, to finish) and looks up any write still pending on it before creating.
            return await sender.TrySendAsync(companyId, invoiceId, mayHaveWrittenBefore: false, workItemId: null, InvoiceSender.ManualWaitForWriter, cancellationToken).ConfigureAwait(false)
                ?? new InvoiceSyncOutcome(
                    InvoiceSyncResult.Skipped,
                    $"RO App invoice {invoiceId} is being sent to QuickBooks by another worker right now, so this sync did not send it again.",
                    "Nothing to do: the other send's result shows on the invoice in a moment. Sync again only if it failed.");
        }
        catch (Exception ex) when (ex is QuickBooksException)
        {
            var classified = FailureClassifier.Classify(ex);
            var (message, fix) = classified switch
            {
                WorkResult.FailedResult failed => (failed.Message, failed.Fix),
                WorkResult.RetryResult retry => (retry.Reason, "Try \"Sync with QuickBooks\" again in a moment."),
                _ => (ex.Message, null),
            };
            if (classified is WorkResult.RetryResult)
            {
                // A passing refusal (429, 5xx, timeout): the invoice goes to the queue, whose retries keep the
                // promise the message makes; a manual sync alone would leave the change unsent.
                await EnqueueSendAsync(companyId, invoiceId, CancellationToken.None).ConfigureAwait(false);
                fix = "Nothing to do: the invoice is queued and sent as soon as QuickBooks allows.";
            }

            var outcome = new InvoiceSyncOutcome(InvoiceSyncResult.Failed, message, fix);
            await sender.JournalAsync(companyId, null, invoiceId, outcome, null, null, cancellationToken).ConfigureAwait(false);
            return outcome;
        }
    }

    /// <summary>Queues the invoice's ordinary send, behind any other send of it.</summary>
    private ValueTask<EnqueueResult> EnqueueSendAsync(string companyId, string invoiceId, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(OutboundWork.InvoiceSend(companyId, invoiceId), cancellationToken);

    private async ValueTask SkipAsync(string companyId, string invoiceId, string message, string? fix, CancellationToken cancellationToken) =>
        await sender.JournalAsync(companyId, null, invoiceId, new InvoiceSyncOutcome(InvoiceSyncResult.Skipped, message, fix), null, null, cancellationToken).ConfigureAwait(false);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Debug, Message = "Company {CompanyId}: invoice {InvoiceId} entered trigger status {StatusId} and was queued for QuickBooks.")]
    private partial void LogQueued(string companyId, string invoiceId, string statusId);
}
