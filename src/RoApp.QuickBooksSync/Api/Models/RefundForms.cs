using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>A QuickBooks Online refund receipt: money paid back to a customer out of a Bank or Other Current Asset account.</summary>
public sealed class RefundReceipt : QuickBooksEntity, IRefundForm
{
    /// <summary>The customer refunded (required).</summary>
    public QuickBooksRef? CustomerRef { get; set; }

    /// <summary>What is refunded, as sales lines (at least one).</summary>
    [JsonPropertyName("Line")]
    public IList<InvoiceLine>? Lines { get; set; }

    /// <summary>The refund date.</summary>
    public DateOnly? TxnDate { get; set; }

    /// <summary>The account the money leaves (required): a Bank or Other Current Asset account.</summary>
    public QuickBooksRef? DepositToAccountRef { get; set; }

    /// <summary>How the money was paid back.</summary>
    public QuickBooksRef? PaymentMethodRef { get; set; }

    /// <summary>An internal note.</summary>
    public string? PrivateNote { get; set; }

    /// <summary><c>TaxExcluded</c>, <c>TaxInclusive</c> or <c>NotApplicable</c>; required outside the US.</summary>
    public string? GlobalTaxCalculation { get; set; }

    /// <summary>The total refunded (read-only).</summary>
    public decimal? TotalAmt { get; set; }
}

/// <summary>A QuickBooks Online credit memo: credit on a customer's balance, used by later payments.</summary>
public sealed class CreditMemo : QuickBooksEntity, IRefundForm
{
    /// <summary>The customer credited (required).</summary>
    public QuickBooksRef? CustomerRef { get; set; }

    /// <summary>What is credited, as sales lines (at least one).</summary>
    [JsonPropertyName("Line")]
    public IList<InvoiceLine>? Lines { get; set; }

    /// <summary>The credit date.</summary>
    public DateOnly? TxnDate { get; set; }

    /// <summary>An internal note.</summary>
    public string? PrivateNote { get; set; }

    /// <summary><c>TaxExcluded</c>, <c>TaxInclusive</c> or <c>NotApplicable</c>; required outside the US.</summary>
    public string? GlobalTaxCalculation { get; set; }

    /// <summary>The total credited (read-only).</summary>
    public decimal? TotalAmt { get; set; }

    /// <summary>What is left of the credit (read-only); falls as payments apply it to invoices.</summary>
    public decimal? RemainingCredit { get; set; }
}

/// <summary>
/// What a refund receipt and a credit memo share, so the library reads either the same way (its memo reference,
/// total, customer, lines and date) instead of switching on the type at every use.
/// </summary>
internal interface IRefundForm
{
    QuickBooksRef? CustomerRef { get; }

    IList<InvoiceLine>? Lines { get; }

    DateOnly? TxnDate { get; }

    string? PrivateNote { get; }

    decimal? TotalAmt { get; }
}
