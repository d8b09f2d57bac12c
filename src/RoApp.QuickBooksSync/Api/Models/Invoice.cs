using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>A QuickBooks Online invoice.</summary>
public sealed class Invoice : QuickBooksEntity
{
    /// <summary>The customer billed (required on create).</summary>
    public QuickBooksRef? CustomerRef { get; set; }

    /// <summary>
    /// The lines. Responses end with an automatic subtotal line (<see cref="InvoiceLine.IsSubtotal"/>);
    /// when any line changes, send the complete list, keeping existing line ids.
    /// </summary>
    [JsonPropertyName("Line")]
    public IList<InvoiceLine>? Lines { get; set; }

    /// <summary>The invoice number (max 21 characters; only sent when custom transaction numbers are on).</summary>
    public string? DocNumber { get; set; }

    /// <summary>The invoice date.</summary>
    public DateOnly? TxnDate { get; set; }

    /// <summary>The due date.</summary>
    public DateOnly? DueDate { get; set; }

    /// <summary>The bill-to address.</summary>
    public PhysicalAddress? BillAddr { get; set; }

    /// <summary>The ship-to address.</summary>
    public PhysicalAddress? ShipAddr { get; set; }

    /// <summary>Where the invoice is e-mailed.</summary>
    public EmailAddress? BillEmail { get; set; }

    /// <summary>An internal note (max 4000 characters); QuickBooks prepends "Voided" when the invoice is voided.</summary>
    public string? PrivateNote { get; set; }

    /// <summary>A message to the customer, printed on the invoice.</summary>
    public MemoRef? CustomerMemo { get; set; }

    /// <summary>The invoice currency (multicurrency companies).</summary>
    public QuickBooksRef? CurrencyRef { get; set; }

    /// <summary>The exchange rate to the home currency.</summary>
    public decimal? ExchangeRate { get; set; }

    /// <summary>Transaction-level tax: the tax code and an explicit total.</summary>
    public TxnTaxDetail? TxnTaxDetail { get; set; }

    /// <summary><c>TaxExcluded</c>, <c>TaxInclusive</c> or <c>NotApplicable</c>; required outside the US.</summary>
    public string? GlobalTaxCalculation { get; set; }

    /// <summary>The location (<see cref="Department"/>), when the company tracks locations.</summary>
    public QuickBooksRef? DepartmentRef { get; set; }

    /// <summary>The invoice's class, when the company tracks one class a transaction.</summary>
    public QuickBooksRef? ClassRef { get; set; }

    /// <summary>Up to three custom string fields.</summary>
    [JsonPropertyName("CustomField")]
    public IList<CustomField>? CustomFields { get; set; }

    /// <summary>Sales terms (net 30 and so on).</summary>
    public QuickBooksRef? SalesTermRef { get; set; }

    /// <summary>The invoice total (read-only).</summary>
    public decimal? TotalAmt { get; set; }

    /// <summary>What is still owed; 0 means fully paid (read-only).</summary>
    public decimal? Balance { get; set; }

    /// <summary>Transactions linked to the invoice, such as payments applied to it (read-only).</summary>
    [JsonPropertyName("LinkedTxn")]
    public IList<LinkedTxn>? LinkedTxns { get; set; }
}

/// <summary>One invoice line: a sales line, or the subtotal line QuickBooks adds to responses.</summary>
public sealed class InvoiceLine
{
    /// <summary>The <see cref="DetailType"/> of sales lines.</summary>
    public const string SalesItemLineDetailType = "SalesItemLineDetail";

    /// <summary>The <see cref="DetailType"/> of the automatic subtotal line.</summary>
    public const string SubTotalLineDetailType = "SubTotalLineDetail";

    /// <summary>The <see cref="DetailType"/> of a discount line (one a transaction; it discounts the lines above it).</summary>
    public const string DiscountLineDetailType = "DiscountLineDetail";

    /// <summary>The line id; keep it when updating an existing line.</summary>
    public string? Id { get; set; }

    /// <summary>The line's position.</summary>
    public int? LineNum { get; set; }

    /// <summary>The description printed on the line.</summary>
    public string? Description { get; set; }

    /// <summary>The line amount (quantity × rate for sales lines).</summary>
    public decimal? Amount { get; set; }

    /// <summary>Which detail the line carries, e.g. <see cref="SalesItemLineDetailType"/>.</summary>
    public string? DetailType { get; set; }

    /// <summary>The item, quantity, rate and tax code of a sales line.</summary>
    public SalesItemLineDetail? SalesItemLineDetail { get; set; }

    /// <summary>Present on the automatic subtotal line.</summary>
    public JsonElement? SubTotalLineDetail { get; set; }

    /// <summary>The discount of a discount line: a percentage, or the line's <see cref="Amount"/>.</summary>
    public DiscountLineDetail? DiscountLineDetail { get; set; }

    /// <summary>
    /// <see langword="true"/> for the subtotal line QuickBooks appends to responses; ignore it when
    /// comparing lines and do not send it back as a sales line.
    /// </summary>
    [JsonIgnore]
    public bool IsSubtotal => string.Equals(DetailType, SubTotalLineDetailType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Fields not modelled here (other detail types), kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The item, quantity, rate and tax of a sales line.</summary>
public sealed class SalesItemLineDetail
{
    /// <summary>The product or service sold; a line without it is treated as a description only.</summary>
    public QuickBooksRef? ItemRef { get; set; }

    /// <summary>The quantity.</summary>
    public decimal? Qty { get; set; }

    /// <summary>The rate per unit.</summary>
    public decimal? UnitPrice { get; set; }

    /// <summary>The tax code: <c>TAX</c>/<c>NON</c> in the US, a TaxCode id elsewhere.</summary>
    public QuickBooksRef? TaxCodeRef { get; set; }

    /// <summary>
    /// With <c>GlobalTaxCalculation = TaxInclusive</c>: the line's amount tax included (the line's <c>Amount</c> and
    /// <c>UnitPrice</c> are then net of tax, as QuickBooks stores them).
    /// </summary>
    public decimal? TaxInclusiveAmt { get; set; }

    /// <summary>The date the service was performed.</summary>
    public DateOnly? ServiceDate { get; set; }

    /// <summary>The class, when class tracking is on.</summary>
    public QuickBooksRef? ClassRef { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Transaction-level tax of a sales form.</summary>
public sealed class TxnTaxDetail
{
    /// <summary>The transaction's tax code (US: the combined sales tax code).</summary>
    public QuickBooksRef? TxnTaxCodeRef { get; set; }

    /// <summary>The total tax; QuickBooks honours an explicit value even under Automated Sales Tax.</summary>
    public decimal? TotalTax { get; set; }

    /// <summary>Tax per rate, as QuickBooks computed it.</summary>
    [JsonPropertyName("TaxLine")]
    public IList<TaxLine>? TaxLines { get; set; }
}

/// <summary>The tax of one rate on a transaction.</summary>
public sealed class TaxLine
{
    /// <summary>The tax amount.</summary>
    public decimal? Amount { get; set; }

    /// <summary>Always <c>TaxLineDetail</c>.</summary>
    public string? DetailType { get; set; }

    /// <summary>The rate, the base and the percentage.</summary>
    public TaxLineDetail? TaxLineDetail { get; set; }
}

/// <summary>Details of one tax line.</summary>
public sealed class TaxLineDetail
{
    /// <summary>The tax rate applied.</summary>
    public QuickBooksRef? TaxRateRef { get; set; }

    /// <summary>Whether the percentage applies.</summary>
    public bool? PercentBased { get; set; }

    /// <summary>The percentage.</summary>
    public decimal? TaxPercent { get; set; }

    /// <summary>The amount taxed.</summary>
    public decimal? NetAmountTaxable { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
