namespace RoApp.QuickBooksSync.Gateway;

/// <summary>A payment received in QuickBooks, to record on one RO App invoice.</summary>
/// <param name="InvoiceId">The RO App invoice id.</param>
/// <param name="CashboxId">The cashbox the company chose for payments created in QuickBooks.</param>
/// <param name="Amount">The amount QuickBooks applied to this invoice (one payment may cover several invoices).</param>
/// <param name="Date">The payment date in QuickBooks, when it has one.</param>
/// <param name="Method">The QuickBooks payment method reference, when set.</param>
/// <param name="ExternalReference">
/// Identifies the payment on this invoice for good (built from the realm, the QuickBooks payment id and the
/// QuickBooks invoice id): record once per reference.
/// </param>
/// <param name="QuickBooksPaymentId">The QuickBooks payment id, for display.</param>
public sealed record RoAppPaymentRecord(
    string InvoiceId,
    string CashboxId,
    decimal Amount,
    DateOnly? Date,
    string? Method,
    string ExternalReference,
    string QuickBooksPaymentId)
{
    /// <summary>
    /// What the invoice still owes in QuickBooks after this payment (0: paid in full), when QuickBooks told; a host
    /// moves the invoice to a "Paid" status only when it is 0.
    /// </summary>
    public decimal? InvoiceBalance { get; init; }
}
