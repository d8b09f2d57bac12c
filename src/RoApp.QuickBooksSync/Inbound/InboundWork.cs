using System.Globalization;
using System.Text.Json;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>Turns inbound events into durable work items: the kind, the keys and the payload.</summary>
internal static class InboundWork
{
    /// <summary>The work kind the inbound handler runs.</summary>
    public const string Kind = "inbound.event";

    /// <summary>The entities the inbound sync follows; events of others are acknowledged and dropped.</summary>
    public static bool IsFollowed(string entity) =>
        entity is "Invoice" or "Payment" or RefundEventProcessor.ReceiptEntity or RefundEventProcessor.MemoEntity;

    public static NewWorkItem ToWorkItem(string companyId, InboundEvent inbound) => new()
    {
        CompanyId = companyId,
        Kind = Kind,

        // One object's events run one at a time, in arrival order; QuickBooks' own order is restored by
        // the handler from LastUpdatedTime.
        OrderingKey = string.Create(CultureInfo.InvariantCulture, $"qbo:{inbound.Entity.ToUpperInvariant()}:{inbound.EntityId}"),
        DeduplicationKey = DeduplicationKey(inbound),
        Payload = JsonSerializer.Serialize(inbound, InboundJsonContext.Default.InboundEvent),
    };

    /// <summary>
    /// The CloudEvent id when there is one; otherwise realm, entity, id, operation and time, so a legacy
    /// event delivered twice (or seen again by reconciliation) is queued once.
    /// </summary>
    public static string DeduplicationKey(InboundEvent inbound)
    {
        if (inbound.EventId is { } eventId)
        {
            return "ce:" + eventId;
        }

        var time = inbound.OccurredAt is { } at ? at.UtcTicks.ToString(CultureInfo.InvariantCulture) : "-";
        var prefix = inbound.Source == InboundSource.Reconciliation ? "cdc" : "wh";
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}:{inbound.RealmId}:{inbound.Entity}:{inbound.EntityId}:{inbound.Operation}:{time}");
    }

    public static InboundEvent Read(WorkItem item) =>
        JsonSerializer.Deserialize(item.Payload, InboundJsonContext.Default.InboundEvent)
        ?? throw new InvalidOperationException($"Work item {item.Id} has an empty inbound event payload.");

    public static ValueTask<EnqueueResult> EnqueueAsync(this WorkQueue queue, string companyId, InboundEvent inbound, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(ToWorkItem(companyId, inbound), cancellationToken);
}
