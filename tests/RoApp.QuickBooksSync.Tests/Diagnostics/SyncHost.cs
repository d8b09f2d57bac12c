using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.Diagnostics;

/// <summary>A host with the in-memory stores on a fake clock, and helpers that put the queue and connections in a state.</summary>
internal sealed class SyncHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public SyncHost(Action<IServiceCollection>? configure = null, string? tokenEncryptionKey = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(NSubstitute.Substitute.For<IQuickBooksAccessTokenProvider>());
        services.AddQuickBooksSync(o => o.Connection.TokenEncryptionKey = tokenEncryptionKey ?? TestSupport.ConnectionHarness.Key).UseInMemoryStores();
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public IWorkQueueStore Queue => Get<IWorkQueueStore>();

    public IConnectionStore Connections => Get<IConnectionStore>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public async Task EnqueueAsync(string companyId, string key)
    {
        await Queue.EnqueueAsync(
            new NewWorkItem { CompanyId = companyId, Kind = "invoice.send", OrderingKey = key, DeduplicationKey = key, Payload = "{}" },
            Time.GetUtcNow(),
            CancellationToken.None);
    }

    /// <summary>Claims every due item and leaves it leased.</summary>
    public async Task<IReadOnlyList<ClaimedWorkItem>> ClaimAllAsync() =>
        await Queue.ClaimAsync(new ClaimRequest { Owner = "test", LeaseDuration = TimeSpan.FromMinutes(5), MaxItems = 100 }, Time.GetUtcNow(), CancellationToken.None);

    /// <summary>Fails a claimed item for the last time, so that it is dead-lettered.</summary>
    public async Task DeadLetterAsync(ClaimedWorkItem claimed)
    {
        var result = await Queue.FailAsync(claimed.Lease, "QuickBooks refused the invoice: fix the tax mapping.", Time.GetUtcNow(), maxAttempts: 1, CancellationToken.None);
        Assert.Equal(FailResult.DeadLettered, result);
    }

    /// <summary>Stores a connection whose tokens are protected as the library protects them (with this host's key, or the bytes given).</summary>
    public async Task ConnectAsync(string companyId, string realmId, ConnectionHealth health, byte[]? protectedTokens = null)
    {
        var now = Time.GetUtcNow();
        var saved = await Connections.SaveAsync(
            new StoredConnection
            {
                CompanyId = companyId,
                RealmId = realmId,
                Health = health,
                NeedsReconnectReason = health == ConnectionHealth.NeedsReconnect ? "invalid_grant on refresh" : null,
                ProtectedTokens = protectedTokens ?? Get<RoApp.QuickBooksSync.Connection.TokenCodec>().Protect("access-" + companyId, "refresh-" + companyId),
                AccessTokenExpiresAt = now.AddHours(1),
                RefreshTokenExpiresAt = now.AddDays(100),
                ConnectedAt = now,
                UpdatedAt = now,
            },
            expectedVersion: 0,
            CancellationToken.None);
        Assert.True(saved);
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
}
