namespace RoApp.QuickBooksSync.Gateway;

/// <summary>
/// A refund made in QuickBooks (a refund receipt: money paid back; a credit memo: credit on the client's balance) for
/// a customer synced from RO App, to record in RO App once per <see cref="ExternalReference"/>.
/// </summary>
public sealed record RoAppRefundRecord
{
    /// <summary>The RO App client the QuickBooks customer is linked to.</summary>
    public required string ClientId { get; init; }

    /// <summary>Money paid back (<see cref="RoAppRefundKind.CashBack"/>, a refund receipt) or credit on the balance (<see cref="RoAppRefundKind.ToBalance"/>, a credit memo).</summary>
    public required RoAppRefundKind Kind { get; init; }

    /// <summary>The amount, above zero.</summary>
    public required decimal Amount { get; init; }

    /// <summary>The refund's date in QuickBooks, when it has one.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>For cash back: the cashbox the company chose for money moved in QuickBooks (<c>PaymentCashboxId</c>); none for a credit.</summary>
    public string? CashboxId { get; init; }

    /// <summary>The QuickBooks payment method's name, when set (cash back).</summary>
    public string? Method { get; init; }

    /// <summary>The first line's description in QuickBooks, when there is one (what was refunded).</summary>
    public string? Description { get; init; }

    /// <summary>
    /// Identifies the QuickBooks refund for good (<c>qbo:{realm}:refundreceipt:{id}</c> or <c>qbo:{realm}:creditmemo:{id}</c>):
    /// record once per reference; a second call answers the refund recorded the first time.
    /// </summary>
    public required string ExternalReference { get; init; }

    /// <summary>The QuickBooks id, for display.</summary>
    public required string QuickBooksId { get; init; }
}

/// <summary>What the host recorded for a refund made in QuickBooks.</summary>
/// <param name="RefundId">The RO App refund id (linked, so the RO App → QuickBooks sync never sends it back).</param>
/// <param name="AlreadyRecorded">Whether the reference was recorded before (nothing new was written).</param>
public sealed record RoAppRefundRecordResult(string RefundId, bool AlreadyRecorded);
