using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Engine;

/// <summary>
/// Enqueues work durably and wakes this process's worker, so new work does not wait for the next poll.
/// </summary>
internal sealed class WorkQueue(IWorkQueueStore store, TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Stores the item (de-duplicated by its key) and signals the worker.</summary>
    public async ValueTask<EnqueueResult> EnqueueAsync(NewWorkItem item, CancellationToken cancellationToken)
    {
        var result = await store.EnqueueAsync(item, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!result.IsDuplicate)
        {
            Signal();
        }

        return result;
    }

    /// <summary>Wakes the worker if it sleeps.</summary>
    public void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller signalled between the check and the release: the worker wakes either way.
            }
        }
    }

    public void Dispose() => _signal.Dispose();

    /// <summary>Waits until signalled or until <paramref name="timeout"/> passes on the injected clock.</summary>
    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _signal.WaitAsync(delayCancellation.Token);
        var delay = Task.Delay(timeout, timeProvider, delayCancellation.Token);
        await Task.WhenAny(signalled, delay).ConfigureAwait(false);
        await delayCancellation.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
