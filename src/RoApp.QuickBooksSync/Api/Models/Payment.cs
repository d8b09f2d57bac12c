using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>A QuickBooks Online payment received from a customer.</summary>
public sealed class Payment : QuickBooksEntity
{
    /// <summary>The paying customer (required).</summary>
    public QuickBooksRef? CustomerRef { get; set; }

    /// <summary>The amount received (required).</summary>
    public decimal? TotalAmt { get; set; }

    /// <summary>What is not applied to any transaction (read-only).</summary>
    public decimal? UnappliedAmt { get; set; }

    /// <summary>The payment date.</summary>
    public DateOnly? TxnDate { get; set; }

    /// <summary>
    /// The Bank or Other Current Asset account the money goes to; omitted, it goes to Undeposited Funds.
    /// </summary>
    public QuickBooksRef? DepositToAccountRef { get; set; }

    /// <summary>The payment method (cash, card...).</summary>
    public QuickBooksRef? PaymentMethodRef { get; set; }

    /// <summary>The reference number (cheque number and the like).</summary>
    public string? PaymentRefNum { get; set; }

    /// <summary>An internal note.</summary>
    public string? PrivateNote { get; set; }

    /// <summary>The payment currency (multicurrency companies).</summary>
    public QuickBooksRef? CurrencyRef { get; set; }

    /// <summary>The location (<see cref="Department"/>), when the company tracks locations.</summary>
    public QuickBooksRef? DepartmentRef { get; set; }

    /// <summary>How the payment is applied: one line per invoice (or other transaction) paid.</summary>
    [JsonPropertyName("Line")]
    public IList<PaymentLine>? Lines { get; set; }
}

/// <summary>The part of a payment applied to one or more transactions.</summary>
public sealed class PaymentLine
{
    /// <summary>The amount applied.</summary>
    public decimal? Amount { get; set; }

    /// <summary>The transactions paid, e.g. <c>{"TxnId": invoice id, "TxnType": "Invoice"}</c>.</summary>
    [JsonPropertyName("LinkedTxn")]
    public IList<LinkedTxn>? LinkedTxns { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
