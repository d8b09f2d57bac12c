namespace RoApp.QuickBooksSync.Storage.InMemory;

/// <summary>Connections and OAuth states in process memory (tests, trials); honours the <see cref="IConnectionStore"/> contract.</summary>
public sealed class InMemoryConnectionStore : IConnectionStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, StoredConnection> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string CompanyId, DateTimeOffset ExpiresAt)> _states = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_connections.GetValueOrDefault(companyId));
        }
    }

    /// <inheritdoc />
    public ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_connections.Values.FirstOrDefault(c => string.Equals(c.RealmId, realmId, StringComparison.Ordinal)));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredConnection> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<StoredConnection> snapshot;
        lock (_gate)
        {
            snapshot = [.. _connections.Values];
        }

        foreach (var connection in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return connection;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(connection);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var storedVersion = _connections.TryGetValue(connection.CompanyId, out var stored) ? stored.Version : 0;
            if (storedVersion != expectedVersion)
            {
                return ValueTask.FromResult(false);
            }

            if (_connections.Values.Any(c => string.Equals(c.RealmId, connection.RealmId, StringComparison.Ordinal)
                                             && !string.Equals(c.CompanyId, connection.CompanyId, StringComparison.Ordinal)))
            {
                throw StoreArguments.RealmTaken(connection.RealmId, connection.CompanyId);
            }

            _connections[connection.CompanyId] = connection with { ProtectedTokens = [.. connection.ProtectedTokens], Version = expectedVersion + 1 };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _connections.Remove(companyId);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _states[state] = (companyId, expiresAt);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Expired states are dropped on sight so that abandoned connects do not pile up.
            foreach (var expired in _states.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToList())
            {
                _states.Remove(expired);
            }

            return ValueTask.FromResult(_states.Remove(state, out var taken) ? taken.CompanyId : null);
        }
    }
}
