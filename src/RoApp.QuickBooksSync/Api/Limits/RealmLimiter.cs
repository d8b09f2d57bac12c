using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace RoApp.QuickBooksSync.Api.Limits;

/// <summary>
/// Keeps every realm under QuickBooks' limits, for all calls of the process: requests in flight, requests per
/// second, requests per minute and batch requests per minute. Callers wait for capacity in arrival order;
/// nothing is rejected. Each limit is a <see cref="ConcurrencyLimiter"/> from System.Threading.RateLimiting
/// whose permits come back on the library's <see cref="TimeProvider"/>: the in-flight permit when the answer
/// is read, a per-minute permit a full minute after the answer (see <see cref="RealmLimits"/>). A realm's
/// limiters are dropped once every permit is back and nobody waits, so thousands of occasional realms do
/// not keep memory growing.
/// </summary>
internal sealed class RealmLimiter : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly QuickBooksRateLimitOptions _limits;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, RealmLimits> _realms = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();
    private DateTimeOffset _lastSweep;
    private bool _disposed;

    public RealmLimiter(IOptions<QuickBooksSyncOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limits = options.Value.RateLimits;
        _time = time;
        _lastSweep = time.GetUtcNow();
    }

    /// <summary>How many realms have limiters right now (for tests and diagnostics).</summary>
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

    /// <summary>
    /// Waits until the realm may send one more request. Dispose the lease when the answer is read (or the
    /// attempt ended without one): that is when the request's window time starts to run.
    /// </summary>
    public async ValueTask<IDisposable> AcquireAsync(string realmId, bool isBatch, CancellationToken cancellationToken)
    {
        var realm = Rent(realmId);
        var lease = new RequestLease(this, realm);
        try
        {
            await realm.WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false);
            await realm.AcquireAsync(lease, isBatch, cancellationToken).ConfigureAwait(false);

            // A 429 may have paused the realm while this caller queued: it waits with the others.
            await realm.WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false);
            lease.Sent();
            return lease;
        }
        catch
        {
            lease.Abandon();
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
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_realms.TryGetValue(realmId, out var realm))
            {
                realm = new RealmLimits(_limits, _time);
                _realms.Add(realmId, realm);
            }

            realm.ExtendPause(until);
        }
    }

    /// <summary>Until when the realm is paused, if it is (for tests and diagnostics).</summary>
    public DateTimeOffset? PausedUntil(string realmId)
    {
        lock (_sync)
        {
            return _realms.TryGetValue(realmId, out var realm) && realm.PausedUntil > _time.GetUtcNow() ? realm.PausedUntil : null;
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var realm in _realms.Values)
            {
                realm.Dispose();
            }

            _realms.Clear();
        }
    }

    private RealmLimits Rent(string realmId)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            if (now - _lastSweep >= Minute)
            {
                Sweep(now);
            }

            if (!_realms.TryGetValue(realmId, out var realm))
            {
                realm = new RealmLimits(_limits, _time);
                _realms.Add(realmId, realm);
            }

            realm.Users++;
            return realm;
        }
    }

    private void Return(RealmLimits realm)
    {
        lock (_sync)
        {
            realm.Users--;
        }
    }

    // Runs under _sync. A realm nobody uses whose permits are all back carries no information: fresh limiters are equivalent.
    private void Sweep(DateTimeOffset now)
    {
        _lastSweep = now;
        List<string>? idle = null;
        foreach (var (realmId, realm) in _realms)
        {
            if (realm.Users == 0 && realm.IsIdle(now))
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

    /// <summary>The permits one request holds, returned each at its own time.</summary>
    private sealed class RequestLease(RealmLimiter owner, RealmLimits realm) : IDisposable
    {
        private int _ended;

        public RateLimitLease? InFlight { get; set; }

        public RateLimitLease? PerSecond { get; set; }

        public RateLimitLease? PerMinute { get; set; }

        public RateLimitLease? BatchPerMinute { get; set; }

        /// <summary>The request leaves now: the per-second window counts from the send (it smooths bursts).</summary>
        public void Sent() => realm.ReturnLater(PerSecond, TimeSpan.FromSeconds(1));

        /// <summary>The answer is in (or the attempt is over): the minute windows count from now.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                InFlight?.Dispose();
                realm.ReturnLater(PerMinute, Minute);
                realm.ReturnLater(BatchPerMinute, Minute);
                owner.Return(realm);
            }
        }

        /// <summary>Nothing was sent (cancelled while waiting): every permit goes straight back.</summary>
        public void Abandon()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                InFlight?.Dispose();
                PerSecond?.Dispose();
                PerMinute?.Dispose();
                BatchPerMinute?.Dispose();
                owner.Return(realm);
            }
        }
    }

    /// <summary>
    /// One realm's limiters. QuickBooks counts a request when it arrives, somewhere between our send and its
    /// answer, so a per-minute permit is held from the send until a minute after the answer: whatever the
    /// transit time, no rolling minute on QuickBooks' side can see more requests than the limit (a window
    /// counted from the send alone lets the 41st batch arrive inside the first one's minute: a 429 and a
    /// 60-second pause for everyone). The cost is the answer time over a minute, about half a percent.
    /// </summary>
    private sealed class RealmLimits : IDisposable
    {
        private readonly QuickBooksRateLimitOptions _limits;
        private readonly TimeProvider _time;
        private readonly ConcurrencyLimiter _inFlight;
        private readonly ConcurrencyLimiter _perSecond;
        private readonly ConcurrencyLimiter _perMinute;
        private readonly ConcurrencyLimiter _batchesPerMinute;
        private readonly HashSet<ITimer> _returns = [];
        private readonly Lock _pauseSync = new();
        private DateTimeOffset _pausedUntil;

        public RealmLimits(QuickBooksRateLimitOptions limits, TimeProvider time)
        {
            _limits = limits;
            _time = time;
            _inFlight = Limiter(limits.MaxConcurrentRequests);
            _perSecond = Limiter(limits.RequestsPerSecond);
            _perMinute = Limiter(limits.RequestsPerMinute);
            _batchesPerMinute = Limiter(limits.BatchRequestsPerMinute);
        }

        // Guarded by the owner's lock.
        public int Users { get; set; }

        public DateTimeOffset PausedUntil
        {
            get
            {
                lock (_pauseSync)
                {
                    return _pausedUntil;
                }
            }
        }

        public void ExtendPause(DateTimeOffset until)
        {
            lock (_pauseSync)
            {
                if (until > _pausedUntil)
                {
                    _pausedUntil = until;
                }
            }
        }

        public async ValueTask WaitWhilePausedAsync(CancellationToken cancellationToken)
        {
            for (var wait = PausedUntil - _time.GetUtcNow(); wait > TimeSpan.Zero; wait = PausedUntil - _time.GetUtcNow())
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        // Always in this order, so two callers never hold each other's next permit.
        public async ValueTask AcquireAsync(RequestLease lease, bool isBatch, CancellationToken cancellationToken)
        {
            lease.InFlight = await AcquireOneAsync(_inFlight, cancellationToken).ConfigureAwait(false);
            lease.PerMinute = await AcquireOneAsync(_perMinute, cancellationToken).ConfigureAwait(false);
            if (isBatch)
            {
                lease.BatchPerMinute = await AcquireOneAsync(_batchesPerMinute, cancellationToken).ConfigureAwait(false);
            }

            lease.PerSecond = await AcquireOneAsync(_perSecond, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Gives the permit back after <paramref name="delay"/> on the library's clock.</summary>
        public void ReturnLater(RateLimitLease? permit, TimeSpan delay)
        {
            if (permit is null)
            {
                return;
            }

            lock (_returns)
            {
                // Held here until it fires: the pending returns are what keeps the realm from looking idle.
                ITimer? timer = null;
                timer = _time.CreateTimer(
                    _ =>
                    {
                        permit.Dispose();
                        lock (_returns)
                        {
                            _returns.Remove(timer!);
                        }

                        timer!.Dispose();
                    },
                    null,
                    Timeout.InfiniteTimeSpan,
                    Timeout.InfiniteTimeSpan);
                _returns.Add(timer);
                timer.Change(delay, Timeout.InfiniteTimeSpan);
            }
        }

        public bool IsIdle(DateTimeOffset now)
        {
            lock (_returns)
            {
                return _returns.Count == 0 && PausedUntil <= now && Full(_inFlight, _limits.MaxConcurrentRequests) && Full(_perSecond, _limits.RequestsPerSecond)
                    && Full(_perMinute, _limits.RequestsPerMinute) && Full(_batchesPerMinute, _limits.BatchRequestsPerMinute);
            }
        }

        public void Dispose()
        {
            lock (_returns)
            {
                foreach (var timer in _returns)
                {
                    timer.Dispose();
                }

                _returns.Clear();
            }

            _inFlight.Dispose();
            _perSecond.Dispose();
            _perMinute.Dispose();
            _batchesPerMinute.Dispose();
        }

        private static bool Full(ConcurrencyLimiter limiter, int permits) =>
            limiter.GetStatistics() is { CurrentQueuedCount: 0 } statistics && statistics.CurrentAvailablePermits == permits;

        private static async ValueTask<RateLimitLease> AcquireOneAsync(ConcurrencyLimiter limiter, CancellationToken cancellationToken)
        {
            var permit = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!permit.IsAcquired)
            {
                // Only a disposed limiter refuses (the queue is unbounded): the process is shutting down.
                permit.Dispose();
                throw new ObjectDisposedException(nameof(RealmLimiter), "The QuickBooks rate limiter was disposed while a request waited for capacity.");
            }

            return permit;
        }

        private static ConcurrencyLimiter Limiter(int permits) => new(new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }
}
