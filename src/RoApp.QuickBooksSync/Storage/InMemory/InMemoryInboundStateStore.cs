namespace RoApp.QuickBooksSync.Storage.InMemory;

/// <summary>Inbound sync state in process memory (tests, trials); honours the <see cref="IInboundStateStore"/> contract.</summary>
public sealed class InMemoryInboundStateStore : IInboundStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Company, string Realm, string Key), InboundState> _states = [];

    /// <inheritdoc />
    public ValueTask<InboundState?> GetAsync(string companyId, string realmId, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_states.GetValueOrDefault((companyId, realmId, key)));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SaveAsync(InboundState state, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(state.CompanyId, "state.CompanyId");
        ArgumentException.ThrowIfNullOrWhiteSpace(state.RealmId, "state.RealmId");
        ArgumentException.ThrowIfNullOrWhiteSpace(state.Key, "state.Key");
        cancellationToken.ThrowIfCancellationRequested();
        var key = (state.CompanyId, state.RealmId, state.Key);
        lock (_gate)
        {
            var storedVersion = _states.TryGetValue(key, out var stored) ? stored.Version : 0;
            if (storedVersion != expectedVersion)
            {
                return ValueTask.FromResult(false);
            }

            _states[key] = state with { Version = expectedVersion + 1 };
            return ValueTask.FromResult(true);
        }
    }
}
