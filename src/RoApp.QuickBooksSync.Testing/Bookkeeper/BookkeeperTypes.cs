namespace RoApp.QuickBooksSync.Testing.Bookkeeper;

/// <summary>Part of a payment applied to one invoice.</summary>
/// <param name="InvoiceId">The QuickBooks invoice id.</param>
/// <param name="Amount">Amount applied to it.</param>
public sealed record PaymentApplication(string InvoiceId, decimal Amount);

/// <summary>A sales line as a person types it into an invoice.</summary>
/// <param name="ItemId">Product or service id.</param>
/// <param name="Quantity">Quantity.</param>
/// <param name="UnitPrice">Rate.</param>
/// <param name="Description">Line description.</param>
/// <param name="TaxCodeId">Tax code (US: TAX or NON; elsewhere a TaxCode id); null leaves it to the company default.</param>
public sealed record InvoiceLineInput(string ItemId, decimal Quantity, decimal UnitPrice, string? Description = null, string? TaxCodeId = null);
