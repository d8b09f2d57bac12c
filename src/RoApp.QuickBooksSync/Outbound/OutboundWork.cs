using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>The kinds and payloads of outbound work items, and how they are keyed on the queue.</summary>
internal static class OutboundWork
{
    public const string InvoiceKind = "outbound.invoice";
    public const string InvoiceBulkKind = "outbound.invoice.bulk";
    public const string PaymentKind = "outbound.payment";

    /// <summary>Work on one invoice (its sends and its payments) runs one at a time, in order.</summary>
    public static string InvoiceOrderingKey(string invoiceId) => "invoice:" + invoiceId;

    public static string Serialize(InvoiceWork work) => JsonSerializer.Serialize(work, OutboundJsonContext.Default.InvoiceWork);

    public static string Serialize(InvoiceBulkWork work) => JsonSerializer.Serialize(work, OutboundJsonContext.Default.InvoiceBulkWork);

    public static string Serialize(PaymentWork work) => JsonSerializer.Serialize(work, OutboundJsonContext.Default.PaymentWork);

    public static T Deserialize<T>(string payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(payload, type) ?? throw new JsonException($"The work item payload '{payload}' is empty.");
}

internal sealed record InvoiceWork(string InvoiceId);

internal sealed record InvoiceBulkWork(IReadOnlyList<string> InvoiceIds);

/// <param name="PaymentId">The RO App payment.</param>
/// <param name="InvoiceId">The RO App invoice it pays, so a payment that gave up waiting is revived when the invoice syncs.</param>
internal sealed record PaymentWork(string PaymentId, string? InvoiceId = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InvoiceWork))]
[JsonSerializable(typeof(InvoiceBulkWork))]
[JsonSerializable(typeof(PaymentWork))]
internal sealed partial class OutboundJsonContext : JsonSerializerContext;
