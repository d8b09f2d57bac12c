using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Benchmarks.Soak;

/// <summary>
/// One process of the host application: a generic host with the library's real worker on the shared SQLite
/// file. <see cref="KillAsync"/> ends it the way a crash does as far as the store can tell: no graceful stop,
/// no drain, leased work stays leased until its lease runs out.
/// </summary>
internal sealed class SoakHost
{
    private readonly IHost _host;

    private SoakHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<SoakHost> StartAsync(string databasePath, QuickBooksSimulator simulator, SoakRoApp roApp, string accessToken, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IRoAppGateway>(roApp);
        builder.Services.AddQuickBooksSync(o =>
        {
            o.ApiBaseUrl = simulator.BaseUrl;
            o.WebhookVerifierToken = simulator.VerifierToken;

            SoakTiming.Apply(o);
        }).UseSqlite(databasePath);
        builder.Services.Replace(ServiceDescriptor.Singleton<IQuickBooksAccessTokenProvider>(new StaticToken(accessToken)));
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new SoakHost(host);
    }

    /// <summary>Ends the process without <c>StopAsync</c>: in-flight jobs are cut off, their leases are left behind.</summary>
    public async Task KillAsync()
    {
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _host.Dispose();
        }
    }

    public async Task StopAsync()
    {
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await KillAsync().ConfigureAwait(false);
    }

    private sealed class StaticToken(string token) : IQuickBooksAccessTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(string realmId, CancellationToken cancellationToken) => new(token);

        public ValueTask<string> RefreshAccessTokenAsync(string realmId, string rejectedAccessToken, CancellationToken cancellationToken) => new(token);
    }
}
