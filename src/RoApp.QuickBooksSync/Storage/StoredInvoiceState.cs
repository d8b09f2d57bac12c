using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Storage;

/// <summary>
/// What the invoice page shows about one RO App invoice in one realm, kept as the sync goes (not read back from the
/// journal): the outbound state with its warning or fix, and, apart from it, what needs attention from the inbound
/// side (a status move RO App's rules refused).
/// </summary>
public sealed record StoredInvoiceState
{
    /// <summary>The RO App company id.</summary>
    public required string CompanyId { get; init; }

    /// <summary>The QuickBooks company (realm) the state belongs to; another realm starts empty.</summary>
    public required string RealmId { get; init; }

    /// <summary>The RO App invoice id.</summary>
    public required string InvoiceId { get; init; }

    /// <summary>The outbound state: not synced, pending, synced, synced with warnings, failed.</summary>
    public InvoiceSyncStatus Status { get; init; }

    /// <summary>What the outbound state is about (the warning, the failure), when there is something to say.</summary>
    public string? Message { get; init; }

    /// <summary>The fix, for a failure or a warning.</summary>
    public string? Fix { get; init; }

    /// <summary>The QuickBooks invoice id, once written.</summary>
    public string? QuickBooksId { get; init; }

    /// <summary>When the invoice was last written to QuickBooks.</summary>
    public DateTimeOffset? LastSyncedAt { get; init; }

    /// <summary>The inbound operation that needs attention (e.g. <c>payment.created</c>), or none.</summary>
    public string? AttentionOperation { get; init; }

    /// <summary>What needs attention from the inbound side, or none.</summary>
    public string? AttentionMessage { get; init; }

    /// <summary>The fix of what needs attention.</summary>
    public string? AttentionFix { get; init; }

    /// <summary>When the inbound problem happened.</summary>
    public DateTimeOffset? AttentionAt { get; init; }

    /// <summary>When the state was last written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The row version for compare-and-swap; a store sets it: 1 on insert, +1 on every save.</summary>
    public long Version { get; init; }
}
