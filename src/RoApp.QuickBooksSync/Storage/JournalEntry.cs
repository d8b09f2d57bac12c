namespace RoApp.QuickBooksSync.Storage;

/// <summary>One record of what the sync did: what was sent or received, when, and how it ended.</summary>
public sealed record JournalEntry
{
    /// <summary>The store-assigned id (0 before <see cref="IJournalStore.AppendAsync"/>).</summary>
    public long Id { get; init; }

    /// <summary>The RO App company id.</summary>
    public required string CompanyId { get; init; }

    /// <summary>The QuickBooks realm involved, if any.</summary>
    public string? RealmId { get; init; }

    /// <summary>The kind of RO App object concerned, if any (company-wide entries have none).</summary>
    public SyncedEntityType? EntityType { get; init; }

    /// <summary>The RO App object id, if any.</summary>
    public string? RoAppEntityId { get; init; }

    /// <summary>Which way the work went.</summary>
    public required JournalDirection Direction { get; init; }

    /// <summary>What was done, e.g. <c>invoice.create</c>, <c>payment.record</c>, <c>connection.refresh</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>How it ended.</summary>
    public required JournalOutcome Outcome { get; init; }

    /// <summary>The QuickBooks object id, if any.</summary>
    public string? QuickBooksId { get; init; }

    /// <summary>The <c>requestid</c> of the QuickBooks write, if any (for support).</summary>
    public string? RequestId { get; init; }

    /// <summary>What happened, in words a shop owner understands.</summary>
    public required string Message { get; init; }

    /// <summary>For problems: what to do about it.</summary>
    public string? Fix { get; init; }

    /// <summary>Technical details (fault codes, amounts); never secrets.</summary>
    public string? Details { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The work item that did it, if any (retry revives it).</summary>
    public long? WorkItemId { get; init; }

    /// <summary>Whether a user dismissed the entry.</summary>
    public bool Dismissed { get; init; }
}

/// <summary>Which way the recorded work went.</summary>
public enum JournalDirection
{
    /// <summary>RO App to QuickBooks.</summary>
    Outbound,

    /// <summary>QuickBooks to RO App.</summary>
    Inbound,

    /// <summary>The QuickBooks connection itself (connect, refresh, reconnect, disconnect).</summary>
    Connection,
}

/// <summary>How recorded work ended.</summary>
public enum JournalOutcome
{
    /// <summary>Done as asked.</summary>
    Synced,

    /// <summary>Done, with something the user should know (e.g. totals differ by rounding).</summary>
    SyncedWithWarnings,

    /// <summary>Deliberately not done (e.g. not a trigger status).</summary>
    Skipped,

    /// <summary>Failed and will not be retried by itself.</summary>
    Failed,

    /// <summary>Failed and will be retried.</summary>
    Retrying,

    /// <summary>Failed too often; waits for a retry by the user.</summary>
    Dead,
}
