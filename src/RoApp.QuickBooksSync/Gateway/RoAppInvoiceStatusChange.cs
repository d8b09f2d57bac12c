namespace RoApp.QuickBooksSync.Gateway;

/// <summary>A status move the library asks for because of a QuickBooks event.</summary>
/// <param name="InvoiceId">The RO App invoice id.</param>
/// <param name="ToStatusId">The status the company mapped to the event.</param>
/// <param name="Reason">What happened in QuickBooks, for the invoice's history (e.g. "Invoice voided in QuickBooks").</param>
public sealed record RoAppInvoiceStatusChange(string InvoiceId, string ToStatusId, string Reason);
