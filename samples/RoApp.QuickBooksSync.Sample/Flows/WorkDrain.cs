using System.Diagnostics;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Sample.Flows;

/// <summary>
/// Waits until the sync has nothing left to do: the host's calls are made, the simulator has delivered
/// every webhook, and the company's work queue holds nothing pending or leased. It watches the work, not a
/// clock; the real-time limit only turns a stuck run into a clear failure instead of a hang.
/// </summary>
internal sealed class WorkDrain(RoAppHostHooks hooks, IWorkQueueStore queue, QuickBooksSimulator? simulator, string companyId, TimeProvider time)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    public async Task<WorkQueueStats> WaitAsync(string what, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var quietInARow = 0;
        WorkQueueStats stats;
        while (true)
        {
            await hooks.FlushAsync();
            if (simulator is not null)
            {
                await WithinLimitAsync(simulator.Webhooks.WhenIdleAsync(cancellationToken), watch, what);
            }

            stats = await queue.GetStatsAsync(companyId, time.GetUtcNow(), cancellationToken);
            var quiet = stats.PendingCount == 0 && stats.LeasedCount == 0 && (simulator?.Webhooks.PendingCount ?? 0) == 0;

            // Twice in a row: a job finishing may have just caused a webhook that the simulator is about to send.
            quietInARow = quiet ? quietInARow + 1 : 0;
            if (quietInARow == 2)
            {
                return stats;
            }

            if (watch.Elapsed > Limit)
            {
                throw new SampleException(
                    $"The sync did not finish {what} within {Limit.TotalSeconds:0} s: {stats.PendingCount} work items pending, {stats.LeasedCount} leased, " +
                    $"{simulator?.Webhooks.PendingCount ?? 0} webhooks undelivered (oldest pending for {stats.OldestPendingAge?.TotalSeconds ?? 0:0} s). " +
                    "A pending item waiting for a retry shows in the journal as Retrying with its reason.");
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private static async Task WithinLimitAsync(Task task, Stopwatch watch, string what)
    {
        var left = Limit - watch.Elapsed;
        try
        {
            await task.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        catch (TimeoutException)
        {
            throw new SampleException($"The simulator was still delivering webhooks {what} after {Limit.TotalSeconds:0} s; its log: qbo.Webhooks.Log.");
        }
    }
}
