using Microsoft.Extensions.Options;

namespace RoApp.QuickBooksSync.Api.Limits;

/// <summary>
/// Keeps every realm under QuickBooks' limits, for all calls of the process: requests per second and
/// per minute, requests in flight, batch requests per minute. Callers wait for capacity; nothing is
/// rejected. A realm's state is dropped once it has been idle for a full window, so thousands of
/// occasional realms do not keep memory growing.
/// </summary>
internal sealed class RealmLimiter
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly QuickBooksRateLimitOptions _limits;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, RealmState> _realms = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();
    private DateTimeOffset _lastSweep;

    public RealmLimiter(IOptions<QuickBooksSyncOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limits = options.Value.RateLimits;
        _time = time;
        _lastSweep = time.GetUtcNow();
    }

    /// <summary>How many realms have state right now (for tests and diagnostics).</summary>
    public int TrackedRealmCount
    {
        get
        {
            lock (_sync)
            {
                return _realms.Count;
            }
        }
    }

    /// <summary>Waits until the realm may send one more request; dispose the lease when the answer is read.</summary>
    public async ValueTask<IDisposable> AcquireAsync(string realmId, bool isBatch, CancellationToken cancellationToken)
    {
        var state = Rent(realmId);
        try
        {
            await state.InFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await state.WaitForWindowsAsync(isBatch, _time, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                state.InFlight.Release();
                throw;
            }

            return new Lease(this, state);
        }
        catch
        {
            Return(state);
            throw;
        }
    }

    /// <summary>
    /// Holds every new request of the realm until <paramref name="until"/>: after a 429, all callers back
    /// off together instead of each finding the throttle on its own (a 429 storm).
    /// </summary>
    public void PauseUntil(string realmId, DateTimeOffset until)
    {
        lock (_sync)
        {
            if (!_realms.TryGetValue(realmId, out var state))
            {
                state = new RealmState(_limits);
                _realms.Add(realmId, state);
            }

            if (until > state.PausedUntil)
            {
                state.PausedUntil = until;
            }

            state.LastUsed = _time.GetUtcNow();
        }
    }

    /// <summary>Until when the realm is paused, if it is (for tests and diagnostics).</summary>
    public DateTimeOffset? PausedUntil(string realmId)
    {
        lock (_sync)
        {
            return _realms.TryGetValue(realmId, out var state) && state.PausedUntil > _time.GetUtcNow() ? state.PausedUntil : null;
        }
    }

    private RealmState Rent(string realmId)
    {
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            if (now - _lastSweep >= Minute)
            {
                Sweep(now);
            }

            if (!_realms.TryGetValue(realmId, out var state))
            {
                state = new RealmState(_limits);
                _realms.Add(realmId, state);
            }

            state.Users++;
            return state;
        }
    }

    private void Return(RealmState state)
    {
        lock (_sync)
        {
            state.Users--;
            state.LastUsed = _time.GetUtcNow();
        }
    }

    // Runs under _sync. A state with no users and an empty window carries no information: a fresh one is equivalent.
    private void Sweep(DateTimeOffset now)
    {
        _lastSweep = now;
        List<string>? idle = null;
        foreach (var (realmId, state) in _realms)
        {
            if (state.Users == 0 && now - state.LastUsed >= Minute && state.PausedUntil <= now)
            {
                (idle ??= []).Add(realmId);
            }
        }

        foreach (var realmId in idle ?? [])
        {
            _realms[realmId].Dispose();
            _realms.Remove(realmId);
        }
    }

    private sealed class Lease(RealmLimiter owner, RealmState state) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                state.InFlight.Release();
                owner.Return(state);
            }
        }
    }

    private sealed class RealmState(QuickBooksRateLimitOptions limits) : IDisposable
    {
        private readonly SemaphoreSlim _windowGate = new(1, 1);
        private readonly SlidingWindowLog _perSecond = new(limits.RequestsPerSecond, Second);
        private readonly SlidingWindowLog _perMinute = new(limits.RequestsPerMinute, Minute);
        private readonly SlidingWindowLog _batchesPerMinute = new(limits.BatchRequestsPerMinute, Minute);

        public SemaphoreSlim InFlight { get; } = new(limits.MaxConcurrentRequests, limits.MaxConcurrentRequests);

        // Guarded by the limiter's lock.
        public int Users { get; set; }

        public DateTimeOffset LastUsed { get; set; }

        // Written under the limiter's lock; read by the single waiter holding the window gate.
        public DateTimeOffset PausedUntil { get; set; }

        // One waiter at a time computes and sleeps, so requests leave in arrival order.
        public async ValueTask WaitForWindowsAsync(bool isBatch, TimeProvider time, CancellationToken cancellationToken)
        {
            await _windowGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var now = time.GetUtcNow();
                    var wait = Max(PausedUntil - now, Max(_perSecond.WaitTime(now), _perMinute.WaitTime(now)));
                    if (isBatch)
                    {
                        wait = Max(wait, _batchesPerMinute.WaitTime(now));
                    }

                    if (wait <= TimeSpan.Zero)
                    {
                        _perSecond.Record(now);
                        _perMinute.Record(now);
                        if (isBatch)
                        {
                            _batchesPerMinute.Record(now);
                        }

                        return;
                    }

                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _windowGate.Release();
            }
        }

        public void Dispose()
        {
            InFlight.Dispose();
            _windowGate.Dispose();
        }

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }
}
