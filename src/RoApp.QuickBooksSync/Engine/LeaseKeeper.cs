using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Engine;

/// <summary>
/// Renews a lease at a third of its length while a handler runs, and cancels the handler when the
/// lease is lost (another worker took the item after it expired), so two workers never both finish it.
/// </summary>
internal sealed class LeaseKeeper : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LeaseKeeper(IWorkQueueStore queue, TimeProvider time, WorkLease lease, TimeSpan leaseDuration, CancellationTokenSource onLost)
    {
        _loop = RenewAsync(queue, time, lease, leaseDuration, onLost, _stop.Token);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal end of the loop.
        }
    }

    public void Dispose() => _stop.Dispose();

    private static async Task RenewAsync(IWorkQueueStore queue, TimeProvider time, WorkLease lease, TimeSpan leaseDuration, CancellationTokenSource onLost, CancellationToken stop)
    {
        var current = lease;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(leaseDuration / 3, time, stop).ConfigureAwait(false);
            var renewed = await queue.RenewLeaseAsync(current, leaseDuration, time.GetUtcNow(), stop).ConfigureAwait(false);
            if (renewed is null)
            {
                await onLost.CancelAsync().ConfigureAwait(false);
                return;
            }

            current = renewed;
        }
    }
}
