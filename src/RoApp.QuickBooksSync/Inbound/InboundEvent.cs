using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// One change in QuickBooks to process: from a webhook (either format) or from reconciliation. It carries
/// ids only; the handler reads the object itself. It is the payload of an <c>inbound.event</c> work item.
/// </summary>
internal sealed record InboundEvent
{
    /// <summary>The QuickBooks company.</summary>
    public required string RealmId { get; init; }

    /// <summary>The entity name as QuickBooks writes it: <c>Invoice</c> or <c>Payment</c>.</summary>
    public required string Entity { get; init; }

    /// <summary>The object id.</summary>
    public required string EntityId { get; init; }

    /// <summary>What happened.</summary>
    public required InboundOperation Operation { get; init; }

    /// <summary>When QuickBooks says it happened, if it says.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>The CloudEvent id, when the event came as one.</summary>
    public string? EventId { get; init; }

    /// <summary>Where the event came from (webhook or reconciliation), for the journal.</summary>
    public InboundSource Source { get; init; }
}

/// <summary>The operations QuickBooks reports, verbs of either payload format normalised.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboundOperation>))]
internal enum InboundOperation
{
    Unknown,
    Create,
    Update,
    Delete,
    Void,
    Merge,
    Emailed,
}

/// <summary>Where an event came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboundSource>))]
internal enum InboundSource
{
    Webhook,
    Reconciliation,
}

/// <summary>Parses the verbs of both formats tolerantly: <c>Void</c>, <c>void</c>, <c>voided</c> are one operation.</summary>
internal static class InboundOperations
{
    public static InboundOperation Parse(string? verb) => verb?.Trim().ToUpperInvariant() switch
    {
        "CREATE" or "CREATED" => InboundOperation.Create,
        "UPDATE" or "UPDATED" => InboundOperation.Update,
        "DELETE" or "DELETED" => InboundOperation.Delete,
        "VOID" or "VOIDED" => InboundOperation.Void,
        "MERGE" or "MERGED" => InboundOperation.Merge,
        "EMAILED" or "EMAIL" => InboundOperation.Emailed,
        _ => InboundOperation.Unknown,
    };
}
