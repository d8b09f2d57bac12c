using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Benchmarks.Soak;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Benchmarks.Cluster;

/// <summary>
/// One host OS process of the cluster soak (verb <c>cluster-host &lt;config&gt; &lt;slot&gt;</c>): a generic host
/// with the library's real worker on the shared store, RO App reached over HTTP at the coordinator, and an
/// HTTP listener on 127.0.0.1 for webhook deliveries (forwarded by the coordinator from the simulator) and for
/// the coordinator's commands (the library's entry points). Prints <c>READY &lt;url&gt;</c> once it serves.
/// The coordinator ends it with SIGKILL.
/// </summary>
internal static class ClusterHost
{
    public static async Task<int> RunAsync(string configPath, int slot)
    {
        var config = JsonSerializer.Deserialize<ClusterHostConfig>(await File.ReadAllTextAsync(configPath), ClusterWire.Json)
            ?? throw new InvalidDataException("No host configuration.");
        using var metrics = new SoakMetrics();
        using var roAppHttp = new HttpClient { BaseAddress = config.RoAppUrl, Timeout = TimeSpan.FromSeconds(15) };

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton<IRoAppGateway>(new ClusterRoAppGateway(roAppHttp));
        Configure(builder.Services.AddQuickBooksSync(o => ConfigureOptions(o, config, runWorker: true)), config);
        using var host = builder.Build();
        await host.StartAsync();

        var services = host.Services;
        var sync = services.GetRequiredService<IQuickBooksSync>();
        var webhooks = services.GetRequiredService<IQuickBooksWebhookHandler>();
        var (listener, url) = ClusterWire.Listen();
        using var _ = listener;
        var serving = ClusterWire.ServeAsync(listener, context => context.Request.Url!.AbsolutePath switch
        {
            "/webhook" => WebhookAsync(context, webhooks),
            "/cmd" => CommandAsync(context, sync),
            "/metrics" => ClusterWire.WriteAsync(context, 200, metrics.Snapshot()),
            _ => Task.Run(() => ClusterWire.WriteStatus(context, 404)),
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"READY {url}"));
        Console.Out.Flush();
        await host.WaitForShutdownAsync();
        listener.Stop();
        await serving;
        return 0;
    }

    /// <summary>The store chosen by the configuration (the same for the coordinator's own services).</summary>
    public static void Configure(IQuickBooksSyncBuilder builder, ClusterHostConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Store == ClusterStoreKind.PostgreSql)
        {
            builder.UsePostgreSql(config.StoreLocation, config.Schema);
        }
        else
        {
            builder.UseSqlite(config.StoreLocation);
        }
    }

    /// <summary>The library's options in every process of the run: real OAuth at the simulator, short real-time pauses, a share of the realm's limits.</summary>
    public static void ConfigureOptions(QuickBooksSyncOptions o, ClusterHostConfig config, bool runWorker)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(config);
        o.ApiBaseUrl = config.SimulatorBaseUrl;
        o.AuthorizeEndpoint = new Uri(config.SimulatorBaseUrl, "connect/oauth2");
        o.TokenEndpoint = new Uri(config.SimulatorBaseUrl, "oauth2/v1/tokens/bearer");
        o.RevokeEndpoint = new Uri(config.SimulatorBaseUrl, "v2/oauth2/tokens/revoke");
        o.ClientId = config.ClientId;
        o.ClientSecret = config.ClientSecret;
        o.RedirectUri = new Uri("http://127.0.0.1/quickbooks/callback");
        o.WebhookVerifierToken = config.VerifierToken;
        o.Connection.TokenEncryptionKey = config.TokenEncryptionKey;
        o.Connection.RefreshMargin = config.RefreshMargin;
        o.Connection.RefreshClaimTimeout = TimeSpan.FromSeconds(5); // a process killed mid-refresh must not stall the others long

        // Every process keeps the limits of one app (the simulated realm allows each host's share, see the
        // coordinator); together they ask more per second than the simulator allows, so 429s come and must be ridden out.
        o.RateLimits.RequestsPerSecond = 8;
        o.RateLimits.MaxConcurrentRequests = 4;

        o.Engine.RunWorker = runWorker;
        SoakTiming.Apply(o);
    }

    private static async Task WebhookAsync(HttpListenerContext context, IQuickBooksWebhookHandler handler)
    {
        var body = await ClusterWire.ReadBytesAsync(context);
        var result = await handler.HandleAsync(body, context.Request.Headers[ClusterWire.SignatureHeader], CancellationToken.None);
        ClusterWire.WriteStatus(context, result.StatusCode);
    }

    private static async Task CommandAsync(HttpListenerContext context, IQuickBooksSync sync)
    {
        var command = await ClusterWire.ReadAsync<ClusterCommand>(context);
        var company = SoakRoApp.CompanyId;
        var none = CancellationToken.None;
        var results = new List<string>();
        switch (command.Kind)
        {
            case "status":
                foreach (var id in command.Ids)
                {
                    results.Add((await sync.InvoiceStatusChangedAsync(company, id, SoakRoApp.Ready, none)).ToString());
                }

                break;
            case "sync-now":
                foreach (var id in command.Ids)
                {
                    var outcome = await sync.SyncInvoiceNowAsync(company, id, none);
                    results.Add($"{outcome.Result}|{outcome.Message}");
                }

                break;
            case "bulk":
                results.Add((await sync.SyncManyAsync(company, command.Ids, none)).ToString(CultureInfo.InvariantCulture));
                break;
            case "payment":
                await sync.PaymentRecordedAsync(company, command.PaymentId!, command.Ids[0], none);
                results.Add("queued");
                break;
            default:
                ClusterWire.WriteStatus(context, 400);
                return;
        }

        await ClusterWire.WriteAsync(context, 200, new ClusterCommandAnswer(results));
    }
}
