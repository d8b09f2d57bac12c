namespace RoApp.QuickBooksSync.Gateway;

/// <summary>A refund made in RO App on an invoice ("Save and process refund", or a refund to the client's balance).</summary>
public sealed record RoAppRefundSnapshot
{
    /// <summary>The RO App refund id (stable; links and request ids are derived from it).</summary>
    public required string Id { get; init; }

    /// <summary>The RO App invoice refunded (it must be synced with QuickBooks).</summary>
    public required string InvoiceId { get; init; }

    /// <summary>How the money goes back.</summary>
    public required RoAppRefundKind Kind { get; init; }

    /// <summary>The amount refunded, above zero.</summary>
    public required decimal Amount { get; init; }

    /// <summary>The refund date.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The cashbox the money left (cash back): its mapped deposit account pays the refund in QuickBooks.</summary>
    public string? CashboxId { get; init; }

    /// <summary>The RO App payment method the money went back by (cash back), sent as the mapped QuickBooks payment method.</summary>
    public string? Method { get; init; }

    /// <summary>What is refunded, for the QuickBooks line (e.g. <c>Returned: screen protector</c>); none: "Refund".</summary>
    public string? Description { get; init; }
}

/// <summary>How an RO App refund gives the money back.</summary>
public enum RoAppRefundKind
{
    /// <summary>Money paid back (cash, card): a QuickBooks RefundReceipt.</summary>
    CashBack,

    /// <summary>Credit on the client's balance: a QuickBooks CreditMemo.</summary>
    ToBalance,
}
