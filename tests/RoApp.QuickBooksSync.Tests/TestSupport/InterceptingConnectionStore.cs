using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.TestSupport;

/// <summary>Passes everything through, but lets a test act once just before refreshed tokens are saved.</summary>
internal sealed class InterceptingConnectionStore(IConnectionStore inner) : IConnectionStore
{
    private bool _claimSeen;
    private bool _fired;

    public Func<Task>? BeforeRefreshedSave { get; init; }

    public ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken) => inner.GetAsync(companyId, cancellationToken);

    public ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken) => inner.FindByRealmAsync(realmId, cancellationToken);

    public IAsyncEnumerable<StoredConnection> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public async ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken)
    {
        if (connection.RefreshClaimExpiresAt is not null)
        {
            _claimSeen = true;
        }
        else if (_claimSeen && !_fired && BeforeRefreshedSave is { } hook)
        {
            _fired = true;
            await hook();
        }

        return await inner.SaveAsync(connection, expectedVersion, cancellationToken);
    }

    public ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken) => inner.DeleteAsync(companyId, cancellationToken);

    public ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        inner.SaveAuthorizationStateAsync(state, companyId, expiresAt, cancellationToken);

    public ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.TryTakeAuthorizationStateAsync(state, now, cancellationToken);
}

/// <summary>A store that, like an SQL store without the column, does not keep the refresh claim.</summary>
internal sealed class ClaimForgettingConnectionStore(IConnectionStore inner) : IConnectionStore
{
    public ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken) => inner.GetAsync(companyId, cancellationToken);

    public ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken) => inner.FindByRealmAsync(realmId, cancellationToken);

    public IAsyncEnumerable<StoredConnection> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken) =>
        inner.SaveAsync(connection with { RefreshClaimExpiresAt = null }, expectedVersion, cancellationToken);

    public ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken) => inner.DeleteAsync(companyId, cancellationToken);

    public ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        inner.SaveAuthorizationStateAsync(state, companyId, expiresAt, cancellationToken);

    public ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.TryTakeAuthorizationStateAsync(state, now, cancellationToken);
}

/// <summary>Lets a test act once, right after a refresh claim is stored and before the token endpoint is called.</summary>
internal sealed class RotatingBeforeRefreshStore(IConnectionStore inner, Func<Task> afterFirstClaim) : IConnectionStore
{
    private int _fired;

    public ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken) => inner.GetAsync(companyId, cancellationToken);

    public ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken) => inner.FindByRealmAsync(realmId, cancellationToken);

    public IAsyncEnumerable<StoredConnection> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public async ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken)
    {
        var saved = await inner.SaveAsync(connection, expectedVersion, cancellationToken);
        if (saved && connection.RefreshClaimExpiresAt is not null && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            await afterFirstClaim();
        }

        return saved;
    }

    public ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken) => inner.DeleteAsync(companyId, cancellationToken);

    public ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        inner.SaveAuthorizationStateAsync(state, companyId, expiresAt, cancellationToken);

    public ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.TryTakeAuthorizationStateAsync(state, now, cancellationToken);
}
