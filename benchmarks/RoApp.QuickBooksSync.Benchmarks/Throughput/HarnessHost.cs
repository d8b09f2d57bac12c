using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Benchmarks.Throughput;

/// <summary>
/// What the performance harnesses share: a generic host with the library's real worker on a SQLite file against
/// the simulator, companies connected straight in the stores (the OAuth dance is not what they measure), and an
/// access token per realm as the simulator issued it.
/// </summary>
internal static class HarnessHost
{
    public static IHost Build(string databasePath, QuickBooksSimulator simulator, IRoAppGateway roApp, IQuickBooksAccessTokenProvider tokens, Action<QuickBooksSyncOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // Quiet by default (the figures are the output); ROAPP_QBS_HARNESS_LOG=Information (or Warning) shows the library's log.
        builder.Services.AddLogging(logging =>
        {
            if (Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("ROAPP_QBS_HARNESS_LOG"), ignoreCase: true, out var level))
            {
                logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(level);
            }
        });
        builder.Services.AddSingleton(roApp);
        builder.Services.AddQuickBooksSync(o =>
        {
            o.ApiBaseUrl = simulator.BaseUrl;
            o.WebhookVerifierToken = simulator.VerifierToken;
            configure?.Invoke(o);
        }).UseSqlite(databasePath);
        builder.Services.Replace(ServiceDescriptor.Singleton(tokens));
        return builder.Build();
    }

    /// <summary>A company connected to its realm with the sync switched on, as the connector and settings page leave it.</summary>
    public static async Task ConnectAsync(IServiceProvider services, string companyId, string realmId, string triggerStatusId)
    {
        var now = DateTimeOffset.UtcNow;
        await services.GetRequiredService<IConnectionStore>().SaveAsync(
            new StoredConnection { CompanyId = companyId, RealmId = realmId, ProtectedTokens = [1], AccessTokenExpiresAt = now.AddHours(1), RefreshTokenExpiresAt = now.AddDays(100), ConnectedAt = now, UpdatedAt = now },
            0,
            CancellationToken.None).ConfigureAwait(false);
        await services.GetRequiredService<ISettingsStore>().SaveAsync(
            new CompanySettings { CompanyId = companyId, Enabled = true, TriggerStatusIds = [triggerStatusId], TaxMappings = [new("sales-tax", "California")] },
            0,
            CancellationToken.None).ConfigureAwait(false);
    }
}

/// <summary>The simulator's access token of each realm, handed out as is (the harnesses never let one expire).</summary>
internal sealed class RealmTokens(QuickBooksSimulator simulator) : IQuickBooksAccessTokenProvider
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public ValueTask<string> GetAccessTokenAsync(string realmId, CancellationToken cancellationToken) =>
        new(_tokens.GetOrAdd(realmId, realm => simulator.IssueTokens(realm).AccessToken));

    public ValueTask<string> RefreshAccessTokenAsync(string realmId, string rejectedAccessToken, CancellationToken cancellationToken) =>
        GetAccessTokenAsync(realmId, cancellationToken);
}
