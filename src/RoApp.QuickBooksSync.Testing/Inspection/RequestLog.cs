using RoApp.QuickBooksSync.Testing.Simulator;

namespace RoApp.QuickBooksSync.Testing.Inspection;

/// <summary>The bounded request log and the counters; safe for concurrent callbacks.</summary>
internal sealed class RequestLog(int capacity)
{
    private readonly object _gate = new();
    private readonly Queue<RecordedRequest> _entries = new();
    private long _requests;

    public CounterSet Counters { get; } = new();

    public void Add(DateTimeOffset time, ApiRequest request, int status, TimeSpan duration = default)
    {
        Interlocked.Increment(ref _requests);
        lock (_gate)
        {
            _entries.Enqueue(new RecordedRequest(time, request.Method.ToUpperInvariant(), request.Path, request.RawQuery.TrimStart('?'), status) { Duration = duration });
            while (_entries.Count > capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public SimulatorCounters CountersSnapshot() => Counters.Snapshot(Interlocked.Read(ref _requests));

    internal sealed class CounterSet
    {
        private long _writes;
        private long _throttled;
        private long _faults;
        private long _replays;
        private long _unauthorized;

        public void Wrote() => Interlocked.Increment(ref _writes);

        public void Throttled() => Interlocked.Increment(ref _throttled);

        public void Faulted() => Interlocked.Increment(ref _faults);

        public void Replayed() => Interlocked.Increment(ref _replays);

        public void Unauthorized() => Interlocked.Increment(ref _unauthorized);

        public SimulatorCounters Snapshot(long requests) => new(requests, Interlocked.Read(ref _writes), Interlocked.Read(ref _throttled),
            Interlocked.Read(ref _faults), Interlocked.Read(ref _replays), Interlocked.Read(ref _unauthorized));
    }
}
