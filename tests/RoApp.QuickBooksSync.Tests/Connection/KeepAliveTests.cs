using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Connection;

public sealed class KeepAliveTests : IDisposable
{
    private readonly FakeIntuit _intuit = new();
    private readonly ConnectionHarness _app;

    public KeepAliveTests() => _app = new ConnectionHarness(_intuit);

    private ConnectionKeepAlive KeepAlive => _app.Get<IEnumerable<IHostedService>>().OfType<ConnectionKeepAlive>().Single();

    public void Dispose()
    {
        _app.Dispose();
        _intuit.Dispose();
    }

    [Fact]
    public async Task An_idle_connection_is_refreshed_before_its_refresh_token_expires_and_keeps_working_for_years()
    {
        await _app.ConnectAsync("c1", "realm-1");

        // Three years without a single sync: the keep-alive alone carries the connection.
        for (var day = 0; day < 3 * 365; day++)
        {
            _app.Time.Advance(TimeSpan.FromDays(1));
            await KeepAlive.RunOnceAsync(CancellationToken.None);
        }

        var state = await _app.Connector.GetStateAsync("c1", CancellationToken.None);
        Assert.Equal(QuickBooksConnectionStatus.Disabled, state.Status);
        Assert.InRange(_intuit.RefreshRequests, 3 * 365 / 71, 3 * 365 / 70 + 1);
        Assert.True(_intuit.IsRefreshTokenValid((await _app.StoredTokensAsync("c1")).RefreshToken));
    }

    [Fact]
    public async Task A_connection_far_from_expiry_is_left_alone()
    {
        await _app.ConnectAsync("c1", "realm-1");
        _app.Time.Advance(TimeSpan.FromDays(70));

        Assert.Equal(0, await KeepAlive.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, _intuit.RefreshRequests);
    }

    [Fact]
    public async Task A_revoked_connection_found_by_the_keep_alive_is_marked_and_the_pass_goes_on()
    {
        await _app.ConnectAsync("c1", "realm-1");
        await _app.ConnectAsync("c2", "realm-2");
        _intuit.RevokeRealm("realm-1");
        _app.Time.Advance(TimeSpan.FromDays(80));

        var refreshed = await KeepAlive.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, refreshed);
        Assert.Equal(QuickBooksConnectionStatus.NeedsReconnect, (await _app.Connector.GetStateAsync("c1", CancellationToken.None)).Status);
        Assert.Equal(QuickBooksConnectionStatus.Disabled, (await _app.Connector.GetStateAsync("c2", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_host_without_a_store_still_starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddQuickBooksSync(OAuthApp);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task A_failing_store_does_not_stop_the_host()
    {
        var logs = new LogCapture();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(logs);
        builder.Services.AddQuickBooksSync(OAuthApp);
        builder.Services.AddSingleton<RoApp.QuickBooksSync.Storage.IConnectionStore>(new BrokenStore());
        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        await host.StartAsync();
        for (var i = 0; i < 400 && !logs.Lines.Any(l => l.Contains("keep-alive pass", StringComparison.Ordinal)) && !lifetime.ApplicationStopping.IsCancellationRequested; i++)
        {
            await Task.Delay(5);
        }

        Assert.Contains(logs.Lines, l => l.Contains("keep-alive pass over the QuickBooks connections failed", StringComparison.Ordinal));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }

    // The OAuth app every host that manages tokens must configure to start.
    private static void OAuthApp(QuickBooksSyncOptions o)
    {
        o.ClientId = "app";
        o.ClientSecret = "secret";
        o.RedirectUri = new Uri("https://crm.example.com/quickbooks/callback");
        o.Connection.TokenEncryptionKey = ConnectionHarness.Key;
    }

    private sealed class BrokenStore : RoApp.QuickBooksSync.Storage.IConnectionStore
    {
        public ValueTask<RoApp.QuickBooksSync.Storage.StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken) => throw new InvalidOperationException("down");

        public ValueTask<RoApp.QuickBooksSync.Storage.StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken) => throw new InvalidOperationException("down");

        public IAsyncEnumerable<RoApp.QuickBooksSync.Storage.StoredConnection> ListAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("database is down");

        public ValueTask<bool> SaveAsync(RoApp.QuickBooksSync.Storage.StoredConnection connection, long expectedVersion, CancellationToken cancellationToken) => throw new InvalidOperationException("down");

        public ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken) => throw new InvalidOperationException("down");

        public ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken) => throw new InvalidOperationException("down");

        public ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken) => throw new InvalidOperationException("down");
    }
}
