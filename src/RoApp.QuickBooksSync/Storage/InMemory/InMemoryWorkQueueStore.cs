namespace RoApp.QuickBooksSync.Storage.InMemory;

/// <summary>
/// The work queue in process memory, for tests and single-process trials: it honours the whole
/// <see cref="IWorkQueueStore"/> contract except durability (everything is lost when the process ends).
/// </summary>
public sealed class InMemoryWorkQueueStore : IWorkQueueStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, WorkItem> _items = [];
    private readonly Dictionary<long, long> _fencingTokens = [];
    private readonly Dictionary<long, DateTimeOffset> _completedAt = [];
    private readonly Dictionary<(string CompanyId, string Key), long> _deduplication = [];
    private readonly HashSet<string> _pausedCompanies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastServed = new(StringComparer.Ordinal);
    private long _nextId;
    private long _nextServe;

    /// <inheritdoc />
    public ValueTask<EnqueueResult> EnqueueAsync(NewWorkItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(item);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (item.DeduplicationKey is { } key && _deduplication.TryGetValue((item.CompanyId, key), out var existing))
            {
                return ValueTask.FromResult(new EnqueueResult(existing, IsDuplicate: true));
            }

            var id = ++_nextId;
            _items[id] = new WorkItem
            {
                Id = id,
                CompanyId = item.CompanyId,
                Kind = item.Kind,
                OrderingKey = item.OrderingKey,
                DeduplicationKey = item.DeduplicationKey,
                Payload = item.Payload,
                RunAt = item.RunAt ?? now,
                EnqueuedAt = now,
                State = WorkItemState.Pending,
            };
            if (item.DeduplicationKey is { } newKey)
            {
                _deduplication[(item.CompanyId, newKey)] = id;
            }

            return ValueTask.FromResult(new EnqueueResult(id, IsDuplicate: false));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ClaimedWorkItem>> ClaimAsync(ClaimRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var perCompany = StoreArguments.Validate(request);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var heads = new Dictionary<(string, string), WorkItem>();
            var keysHeldByLiveLease = new HashSet<(string, string)>();
            foreach (var item in _items.Values)
            {
                if (item.State is not (WorkItemState.Pending or WorkItemState.Leased))
                {
                    continue;
                }

                var key = (item.CompanyId, item.OrderingKey);
                heads.TryAdd(key, item);
                if (IsLiveLease(item, now))
                {
                    keysHeldByLiveLease.Add(key);
                }
            }

            var chosen = heads
                .Where(h => !keysHeldByLiveLease.Contains(h.Key) && IsClaimable(h.Value, now) && !_pausedCompanies.Contains(h.Value.CompanyId)
                    && !request.ExcludedCompanyIds.Contains(h.Value.CompanyId, StringComparer.Ordinal))
                .Select(h => h.Value)
                .GroupBy(i => i.CompanyId, StringComparer.Ordinal)
                .SelectMany(company => company
                    .OrderBy(i => i.RunAt).ThenBy(i => i.Id)
                    .Take(perCompany)
                    .Select((item, index) => (Item: item, Rank: index)))
                .OrderBy(c => c.Rank)
                .ThenBy(c => _lastServed.GetValueOrDefault(c.Item.CompanyId))
                .ThenBy(c => c.Item.RunAt)
                .ThenBy(c => c.Item.Id)
                .Take(request.MaxItems)
                .Select(c => c.Item)
                .ToList();

            var claimed = new List<ClaimedWorkItem>(chosen.Count);
            var served = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in chosen)
            {
                // The fencing token counts the item's claims, as in the SQL stores.
                var token = _fencingTokens.GetValueOrDefault(item.Id) + 1;
                var leased = item with
                {
                    ClaimCount = (int)token,
                    State = WorkItemState.Leased,
                    LeaseOwner = request.Owner,
                    LeaseExpiresAt = now + request.LeaseDuration,
                };
                _items[item.Id] = leased;
                _fencingTokens[item.Id] = token;
                if (served.Add(item.CompanyId))
                {
                    _lastServed[item.CompanyId] = ++_nextServe;
                }

                claimed.Add(new ClaimedWorkItem(leased, new WorkLease(item.Id, request.Owner, token, leased.LeaseExpiresAt!.Value)));
            }

            return ValueTask.FromResult<IReadOnlyList<ClaimedWorkItem>>(claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CompleteAsync(WorkLease lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(lease);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetHeld(lease, out var item))
            {
                return ValueTask.FromResult(false);
            }

            _items[item.Id] = item with { State = WorkItemState.Completed, LeaseExpiresAt = null };
            _completedAt[item.Id] = now;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<FailResult> FailAsync(WorkLease lease, string errorMessage, DateTimeOffset retryAt, int maxAttempts, CancellationToken cancellationToken)
    {
        StoreArguments.ValidateFail(lease, errorMessage, maxAttempts);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetHeld(lease, out var item))
            {
                return ValueTask.FromResult(FailResult.LeaseLost);
            }

            var attempts = item.Attempts + 1;
            var dead = attempts >= maxAttempts;
            _items[item.Id] = item with
            {
                Attempts = attempts,
                LastError = errorMessage,
                State = dead ? WorkItemState.DeadLettered : WorkItemState.Pending,
                RunAt = dead ? item.RunAt : retryAt,
                LeaseExpiresAt = null,
            };
            return ValueTask.FromResult(dead ? FailResult.DeadLettered : FailResult.WillRetry);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReleaseAsync(WorkLease lease, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(lease);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetHeld(lease, out var item))
            {
                return ValueTask.FromResult(false);
            }

            _items[item.Id] = item with { State = WorkItemState.Pending, LeaseExpiresAt = null };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeferAsync(WorkLease lease, DateTimeOffset runAt, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(lease);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetHeld(lease, out var item))
            {
                return ValueTask.FromResult(false);
            }

            _items[item.Id] = item with { State = WorkItemState.Pending, LeaseExpiresAt = null, RunAt = runAt };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<WorkLease?> RenewLeaseAsync(WorkLease lease, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(lease);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!TryGetHeld(lease, out var item))
            {
                return ValueTask.FromResult<WorkLease?>(null);
            }

            var expiresAt = now + leaseDuration;
            _items[item.Id] = item with { LeaseExpiresAt = expiresAt };
            return ValueTask.FromResult<WorkLease?>(lease with { ExpiresAt = expiresAt });
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReviveAsync(string companyId, long itemId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_items.TryGetValue(itemId, out var item) || item.State != WorkItemState.DeadLettered
                || !string.Equals(item.CompanyId, companyId, StringComparison.Ordinal))
            {
                return ValueTask.FromResult(false);
            }

            _items[itemId] = item with { State = WorkItemState.Pending, Attempts = 0, RunAt = now };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask SetCompanyPausedAsync(string companyId, bool paused, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (paused)
            {
                _pausedCompanies.Add(companyId);
            }
            else
            {
                _pausedCompanies.Remove(companyId);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> IsCompanyPausedAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_pausedCompanies.Contains(companyId));
        }
    }

    /// <inheritdoc />
    public ValueTask<WorkItem?> GetAsync(long itemId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_items.GetValueOrDefault(itemId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<WorkItem>> ListDeadLetteredAsync(string companyId, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<WorkItem> dead = _items.Values
                .Where(i => i.State == WorkItemState.DeadLettered && string.Equals(i.CompanyId, companyId, StringComparison.Ordinal))
                .Take(limit)
                .ToList();
            return ValueTask.FromResult(dead);
        }
    }

    /// <inheritdoc />
    public ValueTask<WorkQueueStats> GetStatsAsync(string? companyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            long pending = 0, leased = 0, dead = 0;
            DateTimeOffset? oldest = null;
            foreach (var item in _items.Values)
            {
                if (companyId is not null && !string.Equals(item.CompanyId, companyId, StringComparison.Ordinal))
                {
                    continue;
                }

                switch (item.State)
                {
                    case WorkItemState.Pending:
                        pending++;
                        oldest = oldest is null || item.EnqueuedAt < oldest ? item.EnqueuedAt : oldest;
                        break;
                    case WorkItemState.Leased:
                        leased++;
                        break;
                    case WorkItemState.DeadLettered:
                        dead++;
                        break;
                }
            }

            return ValueTask.FromResult(new WorkQueueStats(pending, leased, dead, now - oldest));
        }
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeCompletedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var purged = _completedAt.Where(c => c.Value < olderThan).Select(c => c.Key).ToList();
            foreach (var id in purged)
            {
                var item = _items[id];
                if (item.DeduplicationKey is { } key)
                {
                    _deduplication.Remove((item.CompanyId, key));
                }

                _items.Remove(id);
                _completedAt.Remove(id);
                _fencingTokens.Remove(id);
            }

            return ValueTask.FromResult(purged.Count);
        }
    }

    private static bool IsLiveLease(WorkItem item, DateTimeOffset now) =>
        item.State == WorkItemState.Leased && item.LeaseExpiresAt > now;

    private static bool IsClaimable(WorkItem item, DateTimeOffset now) =>
        item.State switch
        {
            WorkItemState.Pending => item.RunAt <= now,
            WorkItemState.Leased => item.LeaseExpiresAt <= now,
            _ => false,
        };

    private bool TryGetHeld(WorkLease lease, out WorkItem item)
    {
        if (_items.TryGetValue(lease.ItemId, out item!) && item.State == WorkItemState.Leased
            && _fencingTokens.GetValueOrDefault(lease.ItemId) == lease.FencingToken)
        {
            return true;
        }

        item = null!;
        return false;
    }
}
