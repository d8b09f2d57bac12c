using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.AspNetCore.Tests;

/// <summary>
/// A real ASP.NET Core host on Kestrel (127.0.0.1, a port the system picks) wired as the README says, with the
/// QuickBooks simulator, a SQLite file of its own and the test sign-in scheme. Requests go over real HTTP.
/// </summary>
internal sealed class SyncWebHost : IAsyncDisposable
{
    public const string CompanyId = "shop-1";
    public const int MaxWebhookBytes = 16 * 1024;

    private readonly string _folder;

    private SyncWebHost(WebApplication app, QuickBooksSimulator sim, SimulatedCompany company, Uri baseAddress, string folder)
    {
        App = app;
        Sim = sim;
        Company = company;
        BaseAddress = baseAddress;
        _folder = folder;
    }

    public WebApplication App { get; }

    public QuickBooksSimulator Sim { get; }

    public SimulatedCompany Company { get; }

    /// <summary>The host's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A gateway over the host's shop data: the registered gateway is scoped, so tests read the data every scope shares.</summary>
    public MyRoAppGateway Gateway => new(App.Services.GetRequiredService<MyRoAppGateway.Shop>());

    public IQuickBooksSync Sync => App.Services.GetRequiredService<IQuickBooksSync>();

    /// <summary>Starts the host; <paramref name="map"/> may map more endpoints before it starts.</summary>
    public static async Task<SyncWebHost> StartAsync(Action<WebApplication>? map = null)
    {
        var sim = QuickBooksSimulator.Start();
        var company = sim.AddCompany(new CompanyOptions { CompanyName = "Fix-It Repair Shop (QuickBooks)", CustomTransactionNumbers = true });
        var folder = Directory.CreateTempSubdirectory("roapp-qbs-aspnet-").FullName;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = folder });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:QuickBooksSync"] = Path.Combine(folder, "sync.db"),
            ["QuickBooksSync:ClientId"] = sim.ClientId,
            ["QuickBooksSync:ClientSecret"] = sim.ClientSecret,
            ["QuickBooksSync:WebhookVerifierToken"] = sim.VerifierToken,
            ["QuickBooksSync:ApiBaseUrl"] = sim.BaseUrl.ToString(),
            ["QuickBooksSync:AuthorizeEndpoint"] = sim.AuthorizeEndpoint.ToString(),
            ["QuickBooksSync:TokenEndpoint"] = sim.TokenEndpoint.ToString(),
            ["QuickBooksSync:RevokeEndpoint"] = sim.RevokeEndpoint.ToString(),
            // Replaced by the real address once Kestrel has its port (below).
            ["QuickBooksSync:RedirectUri"] = "http://127.0.0.1/quickbooks/callback",
            ["QuickBooksSync:Connection:TokenEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["QuickBooksSync:Inbound:MaxWebhookBodyBytes"] = MaxWebhookBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QuickBooksSync:Inbound:RunReconciliation"] = "false",
            ["QuickBooksSync:Retry:MaxRetryAttempts"] = "0",
            ["QuickBooksSync:Engine:PollInterval"] = "00:00:00.200",
            // A failed send stops at once (dead), so a test can retry it without waiting for backoff.
            ["QuickBooksSync:Engine:MaxAttempts"] = "1",
        });
        builder.Services.AddAuthentication(TestAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthentication>(TestAuthentication.SchemeName, null);

        builder.Services.AddSingleton<MyRoAppGateway.Shop>();
        var app = ReadmeHost.Build(builder);
        map?.Invoke(app);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var baseAddress = new Uri(address.TrimEnd('/') + "/");
        app.Configuration["QuickBooksSync:RedirectUri"] = new Uri(baseAddress, "quickbooks/callback").ToString();
        app.Services.GetRequiredService<IOptionsMonitorCache<QuickBooksSyncOptions>>().Clear();
        sim.Webhooks.SetTarget(new Uri(baseAddress, "quickbooks/webhooks"));
        return new SyncWebHost(app, sim, company, baseAddress, folder);
    }

    /// <summary>An HTTP client signed in as <paramref name="user"/> (<c>name;company;role</c>), or anonymous; it follows no redirects.</summary>
    public HttpClient Client(string? user = "olga;" + CompanyId + ";owner", bool followRedirects = false)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = followRedirects }) { BaseAddress = BaseAddress };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(TestAuthentication.Header, user);
        }

        client.DefaultRequestHeaders.Add("X-QuickBooks-Sync", "1");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Connects the company through the real OAuth flow: connect, the simulator's authorise page, the callback.</summary>
    public async Task ConnectAsync()
    {
        using var client = Client(followRedirects: true);
        using var response = await client.GetAsync(new Uri("quickbooks/connect", UriKind.Relative));
        Assert.Equal(new Uri(BaseAddress, "quickbooks/?connected=1"), response.RequestMessage!.RequestUri);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Sim.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine stays in the temp folder.
        }
    }
}
