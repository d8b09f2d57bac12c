namespace RoApp.QuickBooksSync.Api.Limits;

/// <summary>
/// Counts events in a sliding window ("at most N per minute") by remembering when each happened.
/// Exact at the edges, unlike fixed windows that allow twice the limit around a boundary. Not thread-safe.
/// </summary>
internal sealed class SlidingWindowLog(int limit, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _events = new();

    /// <summary>How long until one more event fits; zero when it fits now.</summary>
    public TimeSpan WaitTime(DateTimeOffset now)
    {
        Prune(now);
        return _events.Count < limit ? TimeSpan.Zero : _events.Peek() + window - now;
    }

    public void Record(DateTimeOffset now) => _events.Enqueue(now);

    /// <summary>True when nothing in the window remains (the log can be forgotten without changing behaviour).</summary>
    public bool IsEmpty(DateTimeOffset now)
    {
        Prune(now);
        return _events.Count == 0;
    }

    private void Prune(DateTimeOffset now)
    {
        while (_events.Count > 0 && _events.Peek() + window <= now)
        {
            _events.Dequeue();
        }
    }
}
