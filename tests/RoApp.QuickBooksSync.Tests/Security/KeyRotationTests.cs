using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Diagnostics;
using RoApp.QuickBooksSync.Storage.InMemory;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Security;

/// <summary>
/// Rotating the token encryption key without reconnecting every company: the old key listed as previous
/// decrypts, re-encryption moves every row to the new key, and then the old key can go.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryConnectionStore _connections = new();
    private readonly InMemorySettingsStore _settings = new();
    private QuickBooksSimulator _sim = null!;
    private SimulatedCompany _shop = null!;
    private SimulatedCompany _other = null!;

    public Task InitializeAsync()
    {
        _sim = QuickBooksSimulator.Start(new QuickBooksSimulatorOptions { TimeProvider = _time });
        _shop = _sim.AddCompany();
        _other = _sim.AddCompany();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Tokens_under_the_old_key_work_with_it_listed_as_previous_and_re_encryption_lets_it_go()
    {
        using (var before = Process(OldKey))
        {
            await ConnectAsync(before, "c1", _shop.RealmId);
            await ConnectAsync(before, "c2", _other.RealmId);
        }

        // The new key alone cannot read them: that is the health check's Unhealthy case.
        using (var newOnly = Process(NewKey))
        {
            Assert.Equal(HealthStatus.Unhealthy, (await HealthAsync(newOnly)).Status);
        }

        using (var rotating = Process(NewKey, OldKey))
        {
            Assert.Equal(HealthStatus.Healthy, (await HealthAsync(rotating)).Status);
            Assert.NotNull(await rotating.Get<IQuickBooksClient>().GetCompanyInfoAsync(_shop.RealmId, CancellationToken.None));

            var result = await rotating.Get<IQuickBooksTokenReencryptor>().ReencryptStoredTokensAsync(CancellationToken.None);
            var again = await rotating.Get<IQuickBooksTokenReencryptor>().ReencryptStoredTokensAsync(CancellationToken.None);

            Assert.Equal((2, 0), (result.Reencrypted, result.Unreadable.Count));
            Assert.Equal((0, 2), (again.Reencrypted, again.AlreadyCurrent));
        }

        using var after = Process(NewKey);
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(after)).Status);
        Assert.NotNull(await after.Get<IQuickBooksClient>().GetCompanyInfoAsync(_other.RealmId, CancellationToken.None));
        Assert.Equal(QuickBooksConnectionStatus.Disabled, (await after.Connector.GetStateAsync("c1", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Re_encryption_reports_rows_no_configured_key_can_read_and_leaves_them_alone()
    {
        using (var before = Process(OldKey))
        {
            await ConnectAsync(before, "c1", _shop.RealmId);
        }

        var stored = (await _connections.GetAsync("c1", CancellationToken.None))!.ProtectedTokens;
        using var wrong = Process(NewKey);

        var result = await wrong.Get<IQuickBooksTokenReencryptor>().ReencryptStoredTokensAsync(CancellationToken.None);

        Assert.Equal(["c1"], result.Unreadable);
        Assert.Equal(0, result.Reencrypted);
        Assert.Equal(stored, (await _connections.GetAsync("c1", CancellationToken.None))!.ProtectedTokens);
    }

    [Fact]
    public void A_malformed_previous_key_is_named_at_start_with_its_index()
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync(o =>
        {
            o.Connection.TokenEncryptionKey = NewKey;
            o.Connection.PreviousTokenEncryptionKeys.Add(OldKey);
            o.Connection.PreviousTokenEncryptionKeys.Add("short");
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<QuickBooksSyncOptions>>().Value);

        Assert.Contains("QuickBooksSync:Connection:PreviousTokenEncryptionKeys:1", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(OldKey, ex.Message, StringComparison.Ordinal);
    }

    private ConnectionHarness Process(string key, string? previous = null) => new(
        intuit: null,
        time: _time,
        connections: _connections,
        settings: _settings,
        gateway: new FakeGateway(),
        configure: o =>
        {
            o.ClientId = _sim.ClientId;
            o.ClientSecret = _sim.ClientSecret;
            o.AuthorizeEndpoint = _sim.AuthorizeEndpoint;
            o.TokenEndpoint = _sim.TokenEndpoint;
            o.RevokeEndpoint = _sim.RevokeEndpoint;
            o.ApiBaseUrl = _sim.BaseUrl;
            o.Connection.TokenEncryptionKey = key;
            if (previous is not null)
            {
                o.Connection.PreviousTokenEncryptionKeys.Add(previous);
            }
        });

    private async Task ConnectAsync(ConnectionHarness app, string companyId, string realmId)
    {
        var begin = await app.Connector.BeginConnectAsync(companyId, CancellationToken.None);
        await app.Connector.CompleteConnectAsync(companyId, _sim.MintAuthorizationCode(realmId, "https://crm.example.com/quickbooks/callback"), realmId, begin.State, CancellationToken.None);
    }

    private static async Task<HealthCheckResult> HealthAsync(ConnectionHarness app) =>
        await new QuickBooksSyncHealthCheck(app.Get<IServiceProvider>(), TimeProvider.System).CheckHealthAsync(
            new HealthCheckContext { Registration = new HealthCheckRegistration("quickbooks", _ => null!, null, null) });
}
