using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>
/// Feeds the queue gauges from <see cref="IWorkQueueStore.GetStatsAsync"/>. Gauge callbacks are synchronous and
/// the store is not, so a callback reports the last snapshot and, when that is older than
/// <see cref="MaxAge"/>, starts one refresh in the background; a process nobody observes never asks the store.
/// </summary>
internal sealed partial class QueueStatsSampler
{
    /// <summary>How old a snapshot may be before an observation asks the store again (collectors poll every 10-60 s).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueStatsSampler> _logger;
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private Task? _refreshing;

    public QueueStatsSampler(IServiceProvider services, TimeProvider time, ILogger<QueueStatsSampler> logger)
    {
        _services = services;
        _time = time;
        _logger = logger;
    }

    /// <summary>The refresh in flight or the last one, for tests and for callers that want to wait for it.</summary>
    public Task LastRefresh
    {
        get
        {
            lock (_gate)
            {
                return _refreshing ?? Task.CompletedTask;
            }
        }
    }

    /// <summary>Reads the queue's figures now and keeps them for the gauges.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The figures, or <see langword="null"/> when no work queue store is registered.</returns>
    public async ValueTask<WorkQueueStats?> RefreshAsync(CancellationToken cancellationToken)
    {
        // Resolved late: a host that uses only the API client has no stores, and its metrics must still work.
        var store = _services.GetService<IWorkQueueStore>();
        if (store is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var stats = await store.GetStatsAsync(null, now, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _snapshot = new Snapshot(stats, now);
        }

        return stats;
    }

    public IEnumerable<Measurement<long>> ObserveDepth()
    {
        if (Current() is not { } stats)
        {
            return [];
        }

        return
        [
            new(stats.PendingCount, new KeyValuePair<string, object?>(TagNames.QueueState, "pending")),
            new(stats.LeasedCount, new KeyValuePair<string, object?>(TagNames.QueueState, "leased")),
            new(stats.DeadLetteredCount, new KeyValuePair<string, object?>(TagNames.QueueState, "dead_lettered")),
        ];
    }

    public IEnumerable<Measurement<double>> ObserveOldestAge() =>
        Current() is { } stats ? [new((stats.OldestPendingAge ?? TimeSpan.Zero).TotalSeconds)] : [];

    private WorkQueueStats? Current()
    {
        lock (_gate)
        {
            var stale = _snapshot is null || _time.GetUtcNow() - _snapshot.TakenAt >= MaxAge;
            if (stale && (_refreshing is null || _refreshing.IsCompleted))
            {
                // Off the collector's thread: a store may do blocking I/O before its first await.
                _refreshing = Task.Run(RefreshInBackgroundAsync);
            }

            return _snapshot?.Stats;
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A metrics read must never take the process down; the gauges keep the last figures.
            LogRefreshFailed(exception);
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Reading the work queue's figures for the queue gauges failed; the gauges keep the last figures.")]
    private partial void LogRefreshFailed(Exception exception);

    private sealed record Snapshot(WorkQueueStats Stats, DateTimeOffset TakenAt);
}
