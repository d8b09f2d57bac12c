namespace RoApp.QuickBooksSync.Gateway;

/// <summary>A status move the library asks for because of a QuickBooks event.</summary>
/// <param name="InvoiceId">The RO App invoice id.</param>
/// <param name="ToStatusId">The status the company mapped to the event.</param>
/// <param name="Reason">What happened in QuickBooks, for the invoice's history (e.g. "Invoice voided in QuickBooks").</param>
public sealed record RoAppInvoiceStatusChange(string InvoiceId, string ToStatusId, string Reason)
{
    /// <summary>
    /// What the invoice still owes in QuickBooks (0: paid in full), when known. A host that maps "Payment created" to
    /// a status of the Paid group keeps that move for invoices paid in full: with a balance above 0 it may answer
    /// <see cref="RoAppStatusChangeResult.Unchanged"/> (or move to a "partly paid" status of its own).
    /// </summary>
    public decimal? InvoiceBalance { get; init; }
}
