using System.Text.Json;
using System.Text.Json.Serialization;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>The kinds and payloads of outbound work items, and how they are keyed on the queue.</summary>
internal static class OutboundWork
{
    public const string InvoiceKind = "outbound.invoice";
    public const string InvoiceBulkKind = "outbound.invoice.bulk";
    public const string PaymentKind = "outbound.payment";
    public const string RefundKind = "outbound.refund";

    /// <summary>Work on one invoice (its sends and its payments) runs one at a time, in order.</summary>
    public static string InvoiceOrderingKey(string invoiceId) => "invoice:" + invoiceId;

    /// <summary>
    /// Work on one payment (recorded, changed, deleted, applied) runs one at a time, in order, and never behind its
    /// invoice's sends: a payment whose invoice is not in QuickBooks yet must not hold the invoice back.
    /// </summary>
    public static string PaymentOrderingKey(string paymentId) => "payment:" + paymentId;

    /// <summary>The ordinary send of one invoice (status trigger, manual retry, books fix).</summary>
    public static NewWorkItem InvoiceSend(string companyId, string invoiceId) => new()
    {
        CompanyId = companyId,
        Kind = InvoiceKind,
        OrderingKey = InvoiceOrderingKey(invoiceId),
        Payload = Serialize(new InvoiceWork(invoiceId)),
    };

    /// <summary>Work on one payment; <paramref name="deduplicationKey"/> folds repeats of one host event into one item.</summary>
    public static NewWorkItem PaymentItem(string companyId, PaymentWork work, string? deduplicationKey) => new()
    {
        CompanyId = companyId,
        Kind = PaymentKind,
        OrderingKey = PaymentOrderingKey(work.PaymentId),
        DeduplicationKey = deduplicationKey,
        Payload = Serialize(work),
    };

    /// <summary>
    /// The send of one refund, once however often it is reported; <paramref name="again"/> (a books fix, after its
    /// QuickBooks form was deleted) is not folded into that first send. Either way the handler sends only while no
    /// live link exists, under the write claim, so a repeat never writes twice.
    /// </summary>
    public static NewWorkItem RefundSend(string companyId, string refundId, bool again = false) => new()
    {
        CompanyId = companyId,
        Kind = RefundKind,
        OrderingKey = "refund:" + refundId,
        DeduplicationKey = again ? null : "refund:" + refundId,
        Payload = Serialize(new RefundWork(refundId)),
    };

    public static string Serialize(InvoiceWork work) => JsonSerializer.Serialize(work, OutboundJsonContext.Default.InvoiceWork);

    public static string Serialize(InvoiceBulkWork work) => JsonSerializer.Serialize(work, OutboundJsonContext.Default.InvoiceBulkWork);

    public static string Serialize(RefundWork work) => JsonSerializer.Serialize(work, OutboundJsonContext.Default.RefundWork);

    public static string Serialize(PaymentWork work) => JsonSerializer.Serialize(work, OutboundJsonContext.Default.PaymentWork);

    public static T Deserialize<T>(string payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(payload, type) ?? throw new JsonException($"The work item payload '{payload}' is empty.");
}

/// <param name="InvoiceId">The RO App invoice.</param>
/// <param name="QuietWhenUnchanged">An edit the host reported: a send that would change nothing leaves no journal entry.</param>
internal sealed record InvoiceWork(string InvoiceId, bool QuietWhenUnchanged = false);

internal sealed record InvoiceBulkWork(IReadOnlyList<string> InvoiceIds);

/// <param name="PaymentId">The RO App payment.</param>
/// <param name="InvoiceId">The RO App invoice it pays, when known (dead-lettered items of earlier versions are revived by it).</param>
/// <param name="Deleted">The payment was deleted in RO App: its QuickBooks payment is voided or deleted.</param>
internal sealed record PaymentWork(string PaymentId, string? InvoiceId = null, bool Deleted = false);

/// <param name="RefundId">The RO App refund.</param>
internal sealed record RefundWork(string RefundId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InvoiceWork))]
[JsonSerializable(typeof(InvoiceBulkWork))]
[JsonSerializable(typeof(PaymentWork))]
[JsonSerializable(typeof(RefundWork))]
internal sealed partial class OutboundJsonContext : JsonSerializerContext;
