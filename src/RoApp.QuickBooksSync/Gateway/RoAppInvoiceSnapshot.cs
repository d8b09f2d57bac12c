namespace RoApp.QuickBooksSync.Gateway;

/// <summary>An RO App invoice as the host reads it for sending to QuickBooks.</summary>
public sealed record RoAppInvoiceSnapshot
{
    /// <summary>The RO App invoice id (stable; links and request ids are derived from it).</summary>
    public required string Id { get; init; }

    /// <summary>The invoice number users see, e.g. <c>INV-1042</c>.</summary>
    public required string Number { get; init; }

    /// <summary>The RO App status id the invoice is in now.</summary>
    public string? StatusId { get; init; }

    /// <summary>The invoice date.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The due date, when there is one.</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>The client the invoice is for.</summary>
    public required RoAppContact Client { get; init; }

    /// <summary>Who pays, when not the client (an insurer, a company); <see langword="null"/>: the client pays.</summary>
    public RoAppContact? Payer { get; init; }

    /// <summary>The lines, in order.</summary>
    public required IReadOnlyList<RoAppInvoiceLine> Lines { get; init; }

    /// <summary>The RO App location (branch) the invoice belongs to, for the record.</summary>
    public string? LocationName { get; init; }

    /// <summary>The ISO currency code, e.g. <c>USD</c>; sent only when the QuickBooks company has multicurrency on.</summary>
    public string? Currency { get; init; }

    /// <summary>The tax total RO App computed (per unit, so it may differ from QuickBooks' by cents).</summary>
    public decimal TaxTotal { get; init; }

    /// <summary>The invoice total RO App computed, tax included.</summary>
    public required decimal Total { get; init; }

    /// <summary>A discount on the whole invoice (after any line discounts), when there is one.</summary>
    public RoAppDiscount? Discount { get; init; }

    /// <summary>
    /// Whether the lines' <see cref="RoAppInvoiceLine.Rate"/> and <see cref="RoAppInvoiceLine.Amount"/> include their
    /// tax (RO App's "tax included in the price"), and so do the discounts. Such an invoice goes to a QuickBooks
    /// company outside the US as <c>TaxInclusive</c>: its QuickBooks total is the total the client was quoted. A US
    /// QuickBooks company adds sales tax on top and refuses it with a journal entry that names the fix.
    /// </summary>
    public bool PricesIncludeTax { get; init; }
}

/// <summary>One RO App invoice line.</summary>
/// <param name="Name">The product or service name (becomes or finds the QuickBooks item).</param>
/// <param name="Quantity">The quantity.</param>
/// <param name="Rate">The price per unit, before tax (tax included when the invoice's <see cref="RoAppInvoiceSnapshot.PricesIncludeTax"/> says so).</param>
/// <param name="Amount">The line amount before tax (quantity × rate, rounded to cents; tax included when the invoice's prices include it).</param>
/// <param name="TaxId">The RO App tax id of the line, when it is taxed.</param>
/// <param name="Description">A description printed on the line; none: the name.</param>
public sealed record RoAppInvoiceLine(string Name, decimal Quantity, decimal Rate, decimal Amount, string? TaxId = null, string? Description = null)
{
    /// <summary>A discount on this line (<see cref="Amount"/> stays before it), when there is one.</summary>
    public RoAppDiscount? Discount { get; init; }

    /// <summary>A product (a QuickBooks non-inventory item) or a service (a QuickBooks service item, the default).</summary>
    public RoAppItemKind Kind { get; init; }

    /// <summary>The product's SKU (article), when it has one: the QuickBooks item is matched by it before the name, and carries it.</summary>
    public string? Sku { get; init; }
}

/// <summary>What an RO App invoice line sells.</summary>
public enum RoAppItemKind
{
    /// <summary>Work done (a repair, labour): a QuickBooks <c>Service</c> item.</summary>
    Service,

    /// <summary>A part or goods sold: a QuickBooks <c>NonInventory</c> item (RO App keeps the stock, not QuickBooks).</summary>
    Product,
}

/// <summary>A discount as RO App gives it: a percentage, or an amount of money. Set exactly one.</summary>
public sealed record RoAppDiscount
{
    /// <summary>The percentage off, e.g. <c>10</c> for 10% (more than 0, at most 100).</summary>
    public decimal? Percent { get; init; }

    /// <summary>The amount off, in the invoice currency (not negative).</summary>
    public decimal? Amount { get; init; }

    /// <summary>A discount of <paramref name="percent"/> percent.</summary>
    /// <param name="percent">The percentage, e.g. <c>10</c>.</param>
    /// <returns>The discount.</returns>
    public static RoAppDiscount Percentage(decimal percent) => new() { Percent = percent };

    /// <summary>A discount of a fixed amount.</summary>
    /// <param name="amount">The amount off.</param>
    /// <returns>The discount.</returns>
    public static RoAppDiscount Fixed(decimal amount) => new() { Amount = amount };

    /// <summary>The money this discount takes off <paramref name="amount"/>, rounded half away from zero to cents.</summary>
    /// <param name="amount">The amount discounted.</param>
    /// <returns>The discount in money.</returns>
    public decimal Of(decimal amount) => Percent is { } percent ? Math.Round(amount * percent / 100m, 2, MidpointRounding.AwayFromZero) : Amount ?? 0m;
}

/// <summary>A person or organisation on an invoice: the client, or the payer.</summary>
public sealed record RoAppContact
{
    /// <summary>The RO App client id (customer links are per client).</summary>
    public required string Id { get; init; }

    /// <summary>First name.</summary>
    public string? FirstName { get; init; }

    /// <summary>Last name.</summary>
    public string? LastName { get; init; }

    /// <summary>An organisation name, for business clients and payers.</summary>
    public string? CompanyName { get; init; }

    /// <summary>The e-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>The phone number (goes to the QuickBooks customer only).</summary>
    public string? Phone { get; init; }

    /// <summary>The postal address.</summary>
    public RoAppAddress? Address { get; init; }

    /// <summary>The name shown for the contact: first and last name, else the organisation name, else the id.</summary>
    public string DisplayName
    {
        get
        {
            var person = string.Join(' ', new[] { FirstName, LastName }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
            // A blank organisation name counts as none, so the name shown is never empty.
            return person.Length > 0 ? person : string.IsNullOrWhiteSpace(CompanyName) ? Id : CompanyName.Trim();
        }
    }
}

/// <summary>A postal address.</summary>
/// <param name="Line1">Street and number.</param>
/// <param name="Line2">More of the street address.</param>
/// <param name="City">City.</param>
/// <param name="Region">State or province.</param>
/// <param name="PostalCode">Postal code.</param>
/// <param name="Country">Country.</param>
public sealed record RoAppAddress(string? Line1, string? Line2 = null, string? City = null, string? Region = null, string? PostalCode = null, string? Country = null);

/// <summary>A payment recorded in RO App against an invoice.</summary>
public sealed record RoAppPaymentSnapshot
{
    /// <summary>The RO App payment id.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The RO App invoice the payment pays; none for a deposit taken before there is an invoice (then
    /// <see cref="Client"/> names whose deposit it is). A payment whose invoice is not in QuickBooks yet goes as an
    /// unapplied payment on the client's QuickBooks customer and is applied once the invoice is synced.
    /// </summary>
    public string? InvoiceId { get; init; }

    /// <summary>
    /// Who paid, when the payment has no invoice (a deposit on the client's account); with an invoice, the
    /// invoice's client is used and this is not needed.
    /// </summary>
    public RoAppContact? Client { get; init; }

    /// <summary>The RO App payment method (e.g. <c>Cash</c>, <c>Card</c>), sent as the mapped QuickBooks payment method.</summary>
    public string? Method { get; init; }

    /// <summary>The amount paid.</summary>
    public required decimal Amount { get; init; }

    /// <summary>The payment date.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The RO App cashbox the money went to (decides the QuickBooks deposit account).</summary>
    public string? CashboxId { get; init; }

    /// <summary>A reference such as a card slip or cheque number.</summary>
    public string? Reference { get; init; }

    /// <summary>
    /// The RO App location (branch) that took the payment, when the host knows it: sent as the payment's QuickBooks
    /// Location when the company's settings send locations as Locations.
    /// </summary>
    public string? LocationName { get; init; }

    /// <summary>
    /// The external reference the payment was recorded with through <see cref="IRoAppGateway.RecordPaymentAsync"/>,
    /// when the library recorded it from a QuickBooks payment; none for payments taken in RO App. Report it
    /// back here: it is how the library knows such a payment came from QuickBooks and must not be sent back,
    /// even when the host reports it through <c>PaymentRecordedAsync</c> before the library has linked it.
    /// </summary>
    public string? ExternalReference { get; init; }
}
