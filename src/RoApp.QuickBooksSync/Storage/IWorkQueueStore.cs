namespace RoApp.QuickBooksSync.Storage;

/// <summary>
/// The durable work queue: every unit of sync work is written here before it is acknowledged, then
/// claimed by workers under a lease, completed, retried or dead-lettered.
/// </summary>
/// <remarks>
/// <para>Contract, for every implementation (the conformance suite checks each point):</para>
/// <list type="bullet">
/// <item><b>Durability.</b> When an enqueue, complete, fail, release, renew or revive call returns, its
/// effect survives a crash of the calling process (for durable stores).</item>
/// <item><b>Atomicity.</b> Every method is one atomic step, also across processes sharing the store: other
/// callers see all of its effect or none of it.</item>
/// <item><b>De-duplication.</b> <see cref="EnqueueAsync"/> adds nothing when an item of the same company
/// already carries the same de-duplication key and is pending, leased, completed (not yet purged) or
/// dead-lettered; it returns that item's id with <see cref="EnqueueResult.IsDuplicate"/> set. Two
/// concurrent enqueues with one key add exactly one item. <see cref="PurgeCompletedAsync"/> forgets
/// completed items and, with them, their keys.</item>
/// <item><b>Claim.</b> <see cref="ClaimAsync"/> leases items that are due (run-at at or before
/// <c>now</c>) and pending, or leased with a lease that expired at or before <c>now</c>. It never gives one
/// item to two owners at once. Every claim gives the item a new fencing token.</item>
/// <item><b>Ordering.</b> Items of one company with the same ordering key run one at a time, in enqueue
/// order: an item is claimed only when no earlier item of its key is pending or leased and no other item
/// of its key holds an unexpired lease. Completed and dead-lettered items no longer hold their key back.
/// Items enqueued concurrently have no defined order between them.</item>
/// <item><b>Fairness.</b> Companies are served round-robin: each claim first takes one item of every
/// company with due work (least recently served companies first), then a second, and so on, up to
/// <see cref="ClaimRequest.MaxItemsPerCompany"/> per company and <see cref="ClaimRequest.MaxItems"/> in
/// all. One company's backlog never keeps another company's due item waiting for more than a few claims.</item>
/// <item><b>Pausing.</b> Items of a paused company stay pending (they are not dropped, and can still be
/// enqueued and de-duplicated) and are not claimed until the company is resumed.</item>
/// <item><b>Fencing.</b> <see cref="CompleteAsync"/>, <see cref="FailAsync"/>, <see cref="ReleaseAsync"/>
/// and <see cref="RenewLeaseAsync"/> act only while the lease's fencing token is still the item's
/// current one and the item is leased; otherwise they change nothing and say so. A lease that expired
/// stays usable until someone else claims the item.</item>
/// <item><b>Attempts.</b> Only <see cref="FailAsync"/> counts an attempt; a release does not, and neither does
/// a lease that expires because its worker died. <see cref="WorkItem.ClaimCount"/> counts every claim, so the
/// engine can stop an item that keeps killing its workers.</item>
/// <item><b>Time.</b> The store never reads a clock: every time comes from the caller.</item>
/// </list>
/// </remarks>
public interface IWorkQueueStore
{
    /// <summary>Adds an item unless its de-duplication key is already known for its company.</summary>
    /// <param name="item">The work.</param>
    /// <param name="now">The enqueue time (and the run-at time when the item has none).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new item's id, or the existing item's id and <see cref="EnqueueResult.IsDuplicate"/>.</returns>
    ValueTask<EnqueueResult> EnqueueAsync(NewWorkItem item, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Atomically leases up to <see cref="ClaimRequest.MaxItems"/> due items (see the ordering and fairness rules).</summary>
    /// <param name="request">Who claims, for how long, how many.</param>
    /// <param name="now">The claim time; leases expire at <c>now + LeaseDuration</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed items with their leases; empty when nothing is due.</returns>
    ValueTask<IReadOnlyList<ClaimedWorkItem>> ClaimAsync(ClaimRequest request, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks a leased item completed.</summary>
    /// <param name="lease">The lease from the claim (or the last renewal).</param>
    /// <param name="now">The completion time (purging goes by it).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the lease is no longer held: someone else owns the item now.</returns>
    ValueTask<bool> CompleteAsync(WorkLease lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed run: counts the attempt and stores the error; the item runs again at
    /// <paramref name="retryAt"/>, or is dead-lettered when the attempts reach <paramref name="maxAttempts"/>.
    /// </summary>
    /// <param name="lease">The lease from the claim.</param>
    /// <param name="errorMessage">What went wrong, for the journal and the dead-letter list (no secrets).</param>
    /// <param name="retryAt">When to run again.</param>
    /// <param name="maxAttempts">The attempts after which the item is dead-lettered (at least 1).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened; <see cref="FailResult.LeaseLost"/> changes nothing.</returns>
    ValueTask<FailResult> FailAsync(WorkLease lease, string errorMessage, DateTimeOffset retryAt, int maxAttempts, CancellationToken cancellationToken);

    /// <summary>Gives a leased item back without counting an attempt (a worker shutting down); it is due at once.</summary>
    /// <param name="lease">The lease from the claim.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the lease is no longer held.</returns>
    ValueTask<bool> ReleaseAsync(WorkLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a leased item back without counting an attempt, due again at <paramref name="runAt"/> (work that
    /// must wait for something else, e.g. another writer of the same invoice); it keeps its place in its ordering key.
    /// </summary>
    /// <param name="lease">The lease from the claim.</param>
    /// <param name="runAt">When it becomes due again.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the lease is no longer held.</returns>
    ValueTask<bool> DeferAsync(WorkLease lease, DateTimeOffset runAt, CancellationToken cancellationToken);

    /// <summary>Extends a lease to <c>now + leaseDuration</c> for long-running work.</summary>
    /// <param name="lease">The current lease.</param>
    /// <param name="leaseDuration">The new lease length from <paramref name="now"/>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The renewed lease (same fencing token), or <see langword="null"/> when the lease is no longer held.</returns>
    ValueTask<WorkLease?> RenewLeaseAsync(WorkLease lease, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Makes a dead-lettered item pending again, due at <paramref name="now"/>, with its attempts reset.</summary>
    /// <param name="companyId">The company the item belongs to (an item of another company is not touched).</param>
    /// <param name="itemId">The dead-lettered item.</param>
    /// <param name="now">When it becomes due.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when no such dead-lettered item exists.</returns>
    ValueTask<bool> ReviveAsync(string companyId, long itemId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Pauses or resumes a company's work: paused items stay pending and are not claimed.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="paused"><see langword="true"/> to pause, <see langword="false"/> to resume.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask SetCompanyPausedAsync(string companyId, bool paused, CancellationToken cancellationToken);

    /// <summary>Whether a company's work is paused.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<bool> IsCompanyPausedAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>One item by id, in whatever state, or <see langword="null"/> (purged or unknown).</summary>
    /// <param name="itemId">The item id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<WorkItem?> GetAsync(long itemId, CancellationToken cancellationToken);

    /// <summary>A company's dead-lettered items, oldest first.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<WorkItem>> ListDeadLetteredAsync(string companyId, int limit, CancellationToken cancellationToken);

    /// <summary>Queue figures, for one company or all.</summary>
    /// <param name="companyId">One company, or <see langword="null"/> for the whole queue.</param>
    /// <param name="now">The current time (ages are measured to it).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<WorkQueueStats> GetStatsAsync(string? companyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes completed items that completed before <paramref name="olderThan"/>, and forgets their de-duplication keys.</summary>
    /// <param name="olderThan">The retention cut-off.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many items were deleted.</returns>
    ValueTask<int> PurgeCompletedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
