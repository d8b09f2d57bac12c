namespace RoApp.QuickBooksSync.Sync;

/// <summary>The rest of an RO App invoice's life after its first send: edits, cancellation, deletion.</summary>
public partial interface IQuickBooksSync
{
    /// <summary>
    /// An RO App invoice was edited (lines, client, dates, anything it sends). An invoice already in QuickBooks is
    /// queued for a sparse update of that invoice, in whatever status it is now; an invoice not in QuickBooks yet
    /// follows the trigger rules (queued when <paramref name="statusId"/> is a trigger status). When nothing is to
    /// be done (not synced and not in a trigger status, or the edit changed nothing QuickBooks shows) the journal
    /// gets no entry.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="invoiceId">The RO App invoice id.</param>
    /// <param name="statusId">The status the invoice is in now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was decided.</returns>
    ValueTask<InvoiceLifecycleResult> InvoiceEditedAsync(string companyId, string invoiceId, string statusId, CancellationToken cancellationToken);

    /// <summary>
    /// An RO App invoice was cancelled. Its QuickBooks invoice, if there is one, is voided, deleted or left alone as
    /// <see cref="Settings.CompanySettings.InvoiceCancelledAction"/> says (void by default). QuickBooks refuses to
    /// void or delete an invoice with payments applied: the journal then says so, with the fix and a Retry.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="invoiceId">The RO App invoice id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the work was queued.</returns>
    ValueTask<InvoiceLifecycleResult> InvoiceCancelledAsync(string companyId, string invoiceId, CancellationToken cancellationToken);

    /// <summary>
    /// An RO App invoice was deleted. Its QuickBooks invoice, if there is one, is voided, deleted or left alone as
    /// <see cref="Settings.CompanySettings.InvoiceDeletedAction"/> says (void by default), with the same rules as
    /// <see cref="InvoiceCancelledAsync"/>. The RO App invoice is not read again (it is gone).
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="invoiceId">The RO App invoice id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the work was queued.</returns>
    ValueTask<InvoiceLifecycleResult> InvoiceDeletedAsync(string companyId, string invoiceId, CancellationToken cancellationToken);
}

/// <summary>What an invoice edit, cancellation or deletion reported to the library led to.</summary>
public enum InvoiceLifecycleResult
{
    /// <summary>Work was queued: an update, a first send, a void or a deletion in QuickBooks.</summary>
    Queued,

    /// <summary>Nothing to do in QuickBooks (an unsynced invoice outside the trigger statuses); nothing journalled.</summary>
    NothingToDo,

    /// <summary>The company is not connected or the integration is off: nothing is sent.</summary>
    NotEnabled,
}
