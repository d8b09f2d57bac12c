namespace RoApp.QuickBooksSync.Storage;

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
