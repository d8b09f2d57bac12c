using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.Engine;

/// <summary>A work queue store whose renewals or releases fail on request, as a store outage would make them; it counts claims.</summary>
internal sealed class FlakyQueue(IWorkQueueStore inner) : IWorkQueueStore
{
    private int _renewAttempts;
    private int _releaseCalls;
    private int _claimCalls;

    public bool FailRenewals { get; set; }

    public int FailReleases { get; set; }

    public int RenewAttempts => Volatile.Read(ref _renewAttempts);

    public int ReleaseCalls => Volatile.Read(ref _releaseCalls);

    public ValueTask<EnqueueResult> EnqueueAsync(NewWorkItem item, DateTimeOffset now, CancellationToken cancellationToken) => inner.EnqueueAsync(item, now, cancellationToken);

    public int ClaimCalls => Volatile.Read(ref _claimCalls);

    public ValueTask<IReadOnlyList<ClaimedWorkItem>> ClaimAsync(ClaimRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _claimCalls);
        return inner.ClaimAsync(request, now, cancellationToken);
    }

    public ValueTask<bool> CompleteAsync(WorkLease lease, DateTimeOffset now, CancellationToken cancellationToken) => inner.CompleteAsync(lease, now, cancellationToken);

    public ValueTask<FailResult> FailAsync(WorkLease lease, string errorMessage, DateTimeOffset retryAt, int maxAttempts, CancellationToken cancellationToken) =>
        inner.FailAsync(lease, errorMessage, retryAt, maxAttempts, cancellationToken);

    public ValueTask<bool> ReleaseAsync(WorkLease lease, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _releaseCalls);
        if (FailReleases > 0)
        {
            FailReleases--;
            throw new InvalidOperationException("The store is down (test).");
        }

        return inner.ReleaseAsync(lease, cancellationToken);
    }

    public ValueTask<bool> DeferAsync(WorkLease lease, DateTimeOffset runAt, CancellationToken cancellationToken) => inner.DeferAsync(lease, runAt, cancellationToken);

    public ValueTask<WorkLease?> RenewLeaseAsync(WorkLease lease, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _renewAttempts);
        return FailRenewals ? throw new InvalidOperationException("The store is down (test).") : inner.RenewLeaseAsync(lease, leaseDuration, now, cancellationToken);
    }

    public ValueTask<bool> ReviveAsync(string companyId, long itemId, DateTimeOffset now, CancellationToken cancellationToken) => inner.ReviveAsync(companyId, itemId, now, cancellationToken);

    public ValueTask SetCompanyPausedAsync(string companyId, bool paused, CancellationToken cancellationToken) => inner.SetCompanyPausedAsync(companyId, paused, cancellationToken);

    public ValueTask<bool> IsCompanyPausedAsync(string companyId, CancellationToken cancellationToken) => inner.IsCompanyPausedAsync(companyId, cancellationToken);

    public ValueTask<WorkItem?> GetAsync(long itemId, CancellationToken cancellationToken) => inner.GetAsync(itemId, cancellationToken);

    public ValueTask<IReadOnlyList<WorkItem>> ListDeadLetteredAsync(string companyId, int limit, CancellationToken cancellationToken) => inner.ListDeadLetteredAsync(companyId, limit, cancellationToken);

    public ValueTask<WorkQueueStats> GetStatsAsync(string? companyId, DateTimeOffset now, CancellationToken cancellationToken) => inner.GetStatsAsync(companyId, now, cancellationToken);

    public ValueTask<int> PurgeCompletedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => inner.PurgeCompletedAsync(olderThan, cancellationToken);
}
