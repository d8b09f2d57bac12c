namespace RoApp.QuickBooksSync.Testing.Limits;

/// <summary>Rolling one-minute windows and an in-flight count for one realm, on the simulator clock.</summary>
internal sealed class RealmLimiter(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly object _gate = new();
    private readonly Queue<DateTimeOffset> _requests = new();
    private readonly Queue<DateTimeOffset> _batches = new();
    private readonly Queue<DateTimeOffset> _lastSecond = new();
    private int _inFlight;

    /// <summary>Takes a slot; false means throttled. A true answer must be paired with <see cref="Release"/>.</summary>
    public bool TryEnter(RateLimitOptions options, bool isBatch)
    {
        if (!options.Enabled)
        {
            lock (_gate)
            {
                _inFlight++;
            }

            return true;
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            Trim(_requests, now);
            Trim(_batches, now);
            Trim(_lastSecond, now, Second);
            if (_inFlight >= options.MaxConcurrentRequests
                || (options.RequestsPerSecond is { } perSecond && _lastSecond.Count >= perSecond)
                || _requests.Count >= Scaled(options.RequestsPerMinute, options.Scale)
                || (isBatch && _batches.Count >= Scaled(options.BatchRequestsPerMinute, options.Scale)))
            {
                return false;
            }

            _requests.Enqueue(now);
            _lastSecond.Enqueue(now);
            if (isBatch)
            {
                _batches.Enqueue(now);
            }

            _inFlight++;
            return true;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _inFlight--;
        }
    }

    private static int Scaled(int limit, double scale) => Math.Max(1, (int)Math.Floor(limit * scale));

    private static void Trim(Queue<DateTimeOffset> window, DateTimeOffset now) => Trim(window, now, Window);

    private static void Trim(Queue<DateTimeOffset> window, DateTimeOffset now, TimeSpan length)
    {
        while (window.Count > 0 && now - window.Peek() >= length)
        {
            window.Dequeue();
        }
    }
}
