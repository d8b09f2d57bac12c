namespace RoApp.QuickBooksSync.Storage;

/// <summary>
/// One piece of what the inbound sync remembers about a company's realm: the reconciliation watermark, or
/// what was last applied for one QuickBooks object (its time, its content hash, the payments recorded).
/// </summary>
public sealed record InboundState
{
    /// <summary>The RO App company id.</summary>
    public required string CompanyId { get; init; }

    /// <summary>The QuickBooks company (realm) the state belongs to; another realm starts empty.</summary>
    public required string RealmId { get; init; }

    /// <summary>What the state is about, e.g. <c>reconciliation.watermark</c> or <c>invoice:130</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The state itself, JSON owned by the inbound sync; the store never looks inside.</summary>
    public required string Value { get; init; }

    /// <summary>When the state was last written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The row version for compare-and-swap; a store sets it: 1 on insert, +1 on every save.</summary>
    public long Version { get; init; }
}
