namespace RoApp.QuickBooksSync.Engine;

/// <summary>
/// Keeps a lease (a work item's, an invoice's write claim) while its holder works: renews it at a third of its
/// length, and cancels the holder when it is lost (someone else took it after it expired), so two holders never
/// both finish. It fails safe: a renewal that throws (a store outage) is tried again, and when the lease could
/// expire before a renewal gets through, the holder is cancelled first, before anyone else can take the lease.
/// </summary>
internal sealed class LeaseKeeper : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts keeping a lease.</summary>
    /// <param name="renew">Renews the lease to <c>now + leaseDuration</c>; returns the new expiry, or <see langword="null"/> when the lease was lost.</param>
    /// <param name="time">The clock.</param>
    /// <param name="expiresAt">When the lease runs out now.</param>
    /// <param name="leaseDuration">The lease's length.</param>
    /// <param name="onLost">Cancelled when the lease is lost or may be lost.</param>
    public LeaseKeeper(Func<CancellationToken, ValueTask<DateTimeOffset?>> renew, TimeProvider time, DateTimeOffset expiresAt, TimeSpan leaseDuration, CancellationTokenSource onLost)
    {
        _loop = KeepAsync(renew, time, expiresAt, leaseDuration, onLost, _stop.Token);
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

    private static async Task KeepAsync(
        Func<CancellationToken, ValueTask<DateTimeOffset?>> renew, TimeProvider time, DateTimeOffset expiresAt, TimeSpan leaseDuration, CancellationTokenSource onLost, CancellationToken stop)
    {
        // Give up while a sixth of the lease is left: the holder stops before the lease can pass to someone else.
        var safety = leaseDuration / 6;
        var interval = leaseDuration / 3;
        var retryInterval = leaseDuration / 20;
        var next = interval;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(next, time, stop).ConfigureAwait(false);
            try
            {
                var renewed = await renew(stop).ConfigureAwait(false);
                if (renewed is null)
                {
                    await onLost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                expiresAt = renewed.Value;
                next = interval;
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // The store did not answer: try again soon, but never past the point where the lease may expire.
                if (time.GetUtcNow() + retryInterval >= expiresAt - safety)
                {
                    await onLost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                next = retryInterval;
            }
        }
    }
}
