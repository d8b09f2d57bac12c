namespace RoApp.QuickBooksSync.Storage;

/// <summary>A unit of work as the queue holds it.</summary>
public sealed record WorkItem
{
    /// <summary>The store-assigned id; grows with enqueue order within one store.</summary>
    public required long Id { get; init; }

    /// <summary>The RO App company the work belongs to.</summary>
    public required string CompanyId { get; init; }

    /// <summary>What the work is (see <see cref="NewWorkItem.Kind"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>The ordering key (see <see cref="NewWorkItem.OrderingKey"/>).</summary>
    public required string OrderingKey { get; init; }

    /// <summary>The de-duplication key, if any.</summary>
    public string? DeduplicationKey { get; init; }

    /// <summary>The work's data, JSON owned by the engine.</summary>
    public required string Payload { get; init; }

    /// <summary>How many runs failed so far (releases and expired leases are not counted).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// How many times the item was claimed over its life, the current claim included. Claims that ended in
    /// neither a failure nor a release (the worker died and the lease expired) raise it but not
    /// <see cref="Attempts"/>, so the gap between the two tells a crash loop from ordinary retries.
    /// </summary>
    public int ClaimCount { get; init; }

    /// <summary>When the item is (or was) due.</summary>
    public required DateTimeOffset RunAt { get; init; }

    /// <summary>When the item was enqueued.</summary>
    public required DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>The error of the last failed run, as the engine wrote it.</summary>
    public string? LastError { get; init; }

    /// <summary>Where the item is in its life.</summary>
    public required WorkItemState State { get; init; }

    /// <summary>The current or last lease holder, if the item was ever claimed.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>When the current lease expires, while <see cref="State"/> is <see cref="WorkItemState.Leased"/>.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }
}

/// <summary>Where a work item is in its life.</summary>
public enum WorkItemState
{
    /// <summary>Waiting to be claimed once due.</summary>
    Pending,

    /// <summary>Held by a worker until its lease expires.</summary>
    Leased,

    /// <summary>Done; kept (with its de-duplication key) until purged.</summary>
    Completed,

    /// <summary>Failed too often; waits for someone to revive it.</summary>
    DeadLettered,
}
