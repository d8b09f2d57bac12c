using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.TestSupport;

// A stand-in until UseInMemoryStores() is on main: same contracts (CAS on Version, single-use state), no more.
internal sealed class InMemoryConnectionStore : IConnectionStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredConnection> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string CompanyId, DateTimeOffset ExpiresAt)> _states = new(StringComparer.Ordinal);

    public int SaveCount { get; private set; }

    public ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_rows.GetValueOrDefault(companyId));
        }
    }

    public ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_rows.Values.FirstOrDefault(r => r.RealmId == realmId));
        }
    }

    public async IAsyncEnumerable<StoredConnection> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<StoredConnection> rows;
        lock (_lock)
        {
            rows = _rows.Values.OrderBy(r => r.CompanyId, StringComparer.Ordinal).ToList();
        }

        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    public ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = _rows.GetValueOrDefault(connection.CompanyId);
            if ((current?.Version ?? 0) != expectedVersion)
            {
                return ValueTask.FromResult(false);
            }

            if (_rows.Values.Any(r => r.RealmId == connection.RealmId && r.CompanyId != connection.CompanyId))
            {
                throw new InvalidOperationException($"Realm {connection.RealmId} belongs to another company.");
            }

            _rows[connection.CompanyId] = connection with { Version = expectedVersion + 1 };
            SaveCount++;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _rows.Remove(companyId);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _states[state] = (companyId, expiresAt);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_states.Remove(state, out var entry) && entry.ExpiresAt > now)
            {
                return ValueTask.FromResult<string?>(entry.CompanyId);
            }

            return ValueTask.FromResult<string?>(null);
        }
    }
}

internal sealed class InMemorySettingsStore : ISettingsStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CompanySettings> _rows = new(StringComparer.Ordinal);

    public ValueTask<CompanySettings?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_rows.GetValueOrDefault(companyId));
        }
    }

    public ValueTask<bool> SaveAsync(CompanySettings settings, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if ((_rows.GetValueOrDefault(settings.CompanyId)?.Version ?? 0) != expectedVersion)
            {
                return ValueTask.FromResult(false);
            }

            _rows[settings.CompanyId] = settings with { Version = expectedVersion + 1 };
            return ValueTask.FromResult(true);
        }
    }
}
