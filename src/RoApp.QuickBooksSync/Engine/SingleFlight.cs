using System.Collections.Concurrent;

namespace RoApp.QuickBooksSync.Engine;

/// <summary>
/// One call in flight per key in this process: callers that arrive while it runs await the same result. When many
/// workers start at once on a cold cache (the tax codes, the realm's customers, a new item), one of them reads or
/// creates and the others wait for its answer instead of each spending a request of the realm's budget on it.
/// A failure reaches every waiter and is not kept: the next call tries again.
/// </summary>
internal sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _running;

    public SingleFlight(IEqualityComparer<TKey>? comparer = null) => _running = new(comparer);

    /// <summary>
    /// Runs <paramref name="call"/> for <paramref name="key"/>, or joins the run in flight. The run is not cancelled
    /// by one waiter's token (others may still want it); each waiter stops waiting on its own.
    /// </summary>
    public async Task<TValue> RunAsync(TKey key, Func<Task<TValue>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var mine = new Lazy<Task<TValue>>(() => Run(key, call), LazyThreadSafetyMode.ExecutionAndPublication);
        var running = _running.GetOrAdd(key, mine);
        return await running.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<TValue> Run(TKey key, Func<Task<TValue>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }
}
