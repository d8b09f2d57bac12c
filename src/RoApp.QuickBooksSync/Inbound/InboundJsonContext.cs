using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>Source-generated JSON for what the inbound sync stores: work item payloads and per-object state.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InboundEvent))]
[JsonSerializable(typeof(InvoiceInboundState))]
[JsonSerializable(typeof(PaymentInboundState))]
internal sealed partial class InboundJsonContext : JsonSerializerContext;
