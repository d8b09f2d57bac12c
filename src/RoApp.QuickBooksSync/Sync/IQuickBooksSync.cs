using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sync;

/// <summary>
/// The host's entry points: tell the library what happened in RO App, run a manual sync, read an invoice's
/// sync state for the invoice page, and work with the journal. Every call names the RO App company.
/// </summary>
/// <remarks>
/// Calls that queue work return once the work is durable in the work queue; the background worker sends it.
/// The interface is partial so that the inbound part (webhooks) adds its entry points beside these.
/// </remarks>
public partial interface IQuickBooksSync
{
    /// <summary>
    /// An RO App invoice entered a status. When the status is one of the company's trigger statuses and the
    /// integration is connected and enabled, the invoice is queued for sending; otherwise a journal entry says why not.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="invoiceId">The RO App invoice id.</param>
    /// <param name="statusId">The status the invoice entered.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the invoice was queued.</returns>
    ValueTask<InvoiceStatusChangeResult> InvoiceStatusChangedAsync(string companyId, string invoiceId, string statusId, CancellationToken cancellationToken);

    /// <summary>The manual "Sync with QuickBooks" action: sends the invoice now, in any status, and returns the outcome.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="invoiceId">The RO App invoice id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened (also in the journal).</returns>
    ValueTask<InvoiceSyncOutcome> SyncInvoiceNowAsync(string companyId, string invoiceId, CancellationToken cancellationToken);

    /// <summary>Backfill: queues many invoices, sent in batch requests of up to 30 within the realm's limits.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="invoiceIds">The RO App invoice ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many work items were queued (one per 30 invoices).</returns>
    ValueTask<int> SyncManyAsync(string companyId, IReadOnlyCollection<string> invoiceIds, CancellationToken cancellationToken);

    /// <summary>
    /// A payment was recorded in RO App: it is queued and sent as a QuickBooks Payment applied to its invoice when
    /// the invoice is synced; otherwise (a deposit, or an invoice not sent yet) as an unapplied payment on the
    /// client's customer, applied to the invoice once the invoice is synced. Payments the library itself recorded
    /// from QuickBooks are recognised and not sent back.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="paymentId">The RO App payment id.</param>
    /// <param name="invoiceId">The RO App invoice the payment pays; none for a deposit with no invoice yet.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask PaymentRecordedAsync(string companyId, string paymentId, string? invoiceId, CancellationToken cancellationToken);

    /// <summary>The sync state for the invoice page: status, last sync time and a link to the invoice in QuickBooks.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="invoiceId">The RO App invoice id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<InvoiceSyncState> GetInvoiceStateAsync(string companyId, string invoiceId, CancellationToken cancellationToken);

    /// <summary>Reads the journal, newest first, with paging.</summary>
    /// <param name="query">Which entries.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<JournalPage> QueryJournalAsync(JournalQuery query, CancellationToken cancellationToken);

    /// <summary>Runs a dead-lettered or failed piece of work again (the <see cref="JournalEntry.WorkItemId"/> of its entry).</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="workItemId">The work item named by the journal entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when there is no such dead-lettered item.</returns>
    ValueTask<bool> RetryAsync(string companyId, long workItemId, CancellationToken cancellationToken);

    /// <summary>Hides a journal entry the user has dealt with.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="entryId">The journal entry id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when there is no such entry.</returns>
    ValueTask<bool> DismissAsync(string companyId, long entryId, CancellationToken cancellationToken);
}
