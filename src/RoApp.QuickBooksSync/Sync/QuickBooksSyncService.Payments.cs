using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sync;

/// <summary>The payment entry points: every kind of payment work is ordered per payment, not per invoice.</summary>
internal sealed partial class QuickBooksSyncService
{
    public ValueTask PaymentChangedAsync(string companyId, string paymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        // Every change is queued (no de-duplication key): the run reads the payment as it is then, so a burst of
        // changes costs one write, and the ones after it find nothing changed.
        return EnqueuePaymentAsync(companyId, new PaymentWork(paymentId), null, cancellationToken);
    }

    public ValueTask PaymentDeletedAsync(string companyId, string paymentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        return EnqueuePaymentAsync(companyId, new PaymentWork(paymentId, Deleted: true), "payment-deleted:" + paymentId, cancellationToken);
    }

    public async ValueTask RefundRecordedAsync(string companyId, string refundId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        await queue.EnqueueAsync(OutboundWork.RefundSend(companyId, refundId), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask EnqueuePaymentAsync(string companyId, PaymentWork work, string? deduplicationKey, CancellationToken cancellationToken) =>
        await queue.EnqueueAsync(OutboundWork.PaymentItem(companyId, work, deduplicationKey), cancellationToken).ConfigureAwait(false);
}
