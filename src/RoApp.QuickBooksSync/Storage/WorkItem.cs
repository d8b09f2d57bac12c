namespace RoApp.QuickBooksSync.Storage;

/// <summary>A unit of work to put on the queue: what to do, for which company, in which order.</summary>
public sealed record NewWorkItem
{
    /// <summary>The RO App company the work belongs to; fairness and pausing are per company.</summary>
    public required string CompanyId { get; init; }

    /// <summary>What the work is, e.g. <c>outbound.invoice</c> or <c>inbound.event</c>; the engine dispatches on it.</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// Items of one company with the same ordering key run one at a time, in enqueue order
    /// (e.g. <c>invoice:123</c>). Unrelated work uses distinct keys (its own id is fine).
    /// </summary>
    public required string OrderingKey { get; init; }

    /// <summary>
    /// Identifies the work for de-duplication within the company (e.g. a webhook event id).
    /// <see langword="null"/>: never treated as a duplicate.
    /// </summary>
    public string? DeduplicationKey { get; init; }

    /// <summary>The work's data, JSON owned by the engine; the store never looks inside.</summary>
    public required string Payload { get; init; }

    /// <summary>When the work becomes due; <see langword="null"/>: due at once (the enqueue time).</summary>
    public DateTimeOffset? RunAt { get; init; }
}

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

/// <summary>
/// Proof of holding a work item: the item id plus a fencing token that changes on every claim, so a
/// worker whose lease was taken over cannot touch the item any more.
/// </summary>
/// <param name="ItemId">The leased item.</param>
/// <param name="Owner">The worker that claimed it.</param>
/// <param name="FencingToken">Changes on every claim of the item.</param>
/// <param name="ExpiresAt">When the lease ends unless renewed.</param>
public sealed record WorkLease(long ItemId, string Owner, long FencingToken, DateTimeOffset ExpiresAt);

/// <summary>A claimed item and the lease to complete, fail, release or renew it with.</summary>
/// <param name="Item">The item as it was claimed (state <see cref="WorkItemState.Leased"/>).</param>
/// <param name="Lease">The lease.</param>
public sealed record ClaimedWorkItem(WorkItem Item, WorkLease Lease);

/// <summary>What an enqueue did.</summary>
/// <param name="ItemId">The new item, or the existing one with the same de-duplication key.</param>
/// <param name="IsDuplicate"><see langword="true"/> when nothing was added because the key was already known.</param>
public readonly record struct EnqueueResult(long ItemId, bool IsDuplicate);

/// <summary>What a <see cref="IWorkQueueStore.FailAsync"/> did.</summary>
public enum FailResult
{
    /// <summary>The lease was no longer held (expired and claimed by someone else, or the item finished): nothing changed.</summary>
    LeaseLost,

    /// <summary>The item is pending again and runs at the retry time.</summary>
    WillRetry,

    /// <summary>The item reached its maximum attempts and is dead-lettered.</summary>
    DeadLettered,
}

/// <summary>What to claim: who claims, for how long, how many.</summary>
public sealed record ClaimRequest
{
    /// <summary>The claiming worker, unique per worker (e.g. host name + process id + worker number).</summary>
    public required string Owner { get; init; }

    /// <summary>How long the claimed items stay leased unless renewed. Must be positive.</summary>
    public required TimeSpan LeaseDuration { get; init; }

    /// <summary>At most this many items in total. Must be positive.</summary>
    public int MaxItems { get; init; } = 1;

    /// <summary>
    /// At most this many items of one company per claim; <see langword="null"/>: no cap beyond
    /// <see cref="MaxItems"/>. Companies are served round-robin either way.
    /// </summary>
    public int? MaxItemsPerCompany { get; init; }
}

/// <summary>Queue figures for metrics and health checks.</summary>
/// <param name="PendingCount">Items waiting (due or not).</param>
/// <param name="LeasedCount">Items held by workers.</param>
/// <param name="DeadLetteredCount">Items waiting to be revived.</param>
/// <param name="OldestPendingAge">How long the oldest pending item has been enqueued; <see langword="null"/> when none is pending.</param>
public sealed record WorkQueueStats(long PendingCount, long LeasedCount, long DeadLetteredCount, TimeSpan? OldestPendingAge);
