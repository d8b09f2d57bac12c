namespace RoApp.QuickBooksSync.Sync;

/// <summary>The payment lifecycle after a payment was first recorded: changed, deleted.</summary>
public partial interface IQuickBooksSync
{
    /// <summary>
    /// A payment recorded in RO App changed (amount, date, method, cashbox, reference, or the invoice it pays): its
    /// QuickBooks payment is updated (sparse, on its current SyncToken), or created when it was never sent. A
    /// payment QuickBooks refuses to change (it is in a bank deposit there: fault 6540) is journalled with the fix.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="paymentId">The RO App payment id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask PaymentChangedAsync(string companyId, string paymentId, CancellationToken cancellationToken);

    /// <summary>
    /// A payment was deleted in RO App: its QuickBooks payment is voided, or deleted when the company chose
    /// <see cref="Settings.DeletedPaymentAction.Delete"/>; the invoice it paid is open again by that amount. The void
    /// is the library's own change and is not reported back to RO App.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="paymentId">The RO App payment id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask PaymentDeletedAsync(string companyId, string paymentId, CancellationToken cancellationToken);

    /// <summary>
    /// A refund was made in RO App on a synced invoice: money paid back becomes a QuickBooks RefundReceipt (out of the
    /// account mapped for its cashbox, with the mapped payment method), a refund to the client's balance a CreditMemo
    /// on the customer. Sent once; read through <see cref="Gateway.IRoAppGateway.GetRefundAsync"/>.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="refundId">The RO App refund id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask RefundRecordedAsync(string companyId, string refundId, CancellationToken cancellationToken);
}
