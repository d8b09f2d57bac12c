namespace RoApp.QuickBooksSync.Storage.InMemory;

/// <summary>Entity links in process memory (tests, trials); honours the <see cref="IEntityLinkStore"/> contract.</summary>
public sealed class InMemoryEntityLinkStore : IEntityLinkStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string CompanyId, string RealmId, SyncedEntityType Type, string RoAppId), (EntityLink Link, long Sequence)> _links = [];
    private long _nextSequence;

    /// <inheritdoc />
    public ValueTask<EntityLink?> GetByRoAppIdAsync(string companyId, string realmId, SyncedEntityType entityType, string roAppId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(roAppId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_links.TryGetValue((companyId, realmId, entityType, roAppId), out var entry) ? entry.Link : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<EntityLink>> FindByQuickBooksIdAsync(string companyId, string realmId, SyncedEntityType entityType, string quickBooksId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(quickBooksId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<EntityLink> found = _links
                .Where(e => e.Key.CompanyId == companyId && e.Key.RealmId == realmId && e.Key.Type == entityType
                            && e.Value.Link.QuickBooksId == quickBooksId)
                .OrderBy(e => e.Value.Sequence)
                .Select(e => e.Value.Link)
                .ToList();
            return ValueTask.FromResult(found);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SaveAsync(EntityLink link, long expectedVersion, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(link);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (link.CompanyId, link.RealmId, link.EntityType, link.RoAppId);
        lock (_gate)
        {
            var exists = _links.TryGetValue(key, out var stored);
            if ((exists ? stored.Link.Version : 0) != expectedVersion)
            {
                return ValueTask.FromResult(false);
            }

            _links[key] = (link with { Version = expectedVersion + 1 }, exists ? stored.Sequence : ++_nextSequence);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> DetachRealmAsync(string companyId, string realmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var active = _links
                .Where(e => e.Key.CompanyId == companyId && e.Key.RealmId == realmId && e.Value.Link.State == LinkState.Active)
                .ToList();
            foreach (var (key, (link, sequence)) in active)
            {
                _links[key] = (link with { State = LinkState.Detached, Version = link.Version + 1 }, sequence);
            }

            return ValueTask.FromResult(active.Count);
        }
    }
}
