using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.InMemory;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>
/// One RO App company connected to a simulated QuickBooks company: the library's real services over
/// in-memory stores, a fake RO App (the host port) and the simulator, on one fake clock.
/// </summary>
internal sealed class OutboundHarness : IAsyncDisposable
{
    public const string CompanyId = "shop-1";
    public const string TriggerStatus = "ready";
    public const string SalesTax = "sales-tax";

    private readonly ServiceProvider _provider;
    private readonly IServiceCollection _services;
    private readonly List<ServiceProvider> _secondHosts = [];
    private readonly CancellationTokenSource _stopPump = new();
    private readonly Task _pump;

    private OutboundHarness(QuickBooksSimulator sim, SimulatedCompany company, FakeTimeProvider time, IServiceCollection services, ServiceProvider provider)
    {
        _services = services;
        Sim = sim;
        Company = company;
        Time = time;
        _provider = provider;
        _pump = PumpAsync(_stopPump.Token);
    }

    public QuickBooksSimulator Sim { get; }

    public SimulatedCompany Company { get; }

    public string RealmId => Company.RealmId;

    public FakeTimeProvider Time { get; }

    public FakeGateway Gateway { get; private init; } = null!;

    public IQuickBooksSync Sync => Get<IQuickBooksSync>();

    public WorkRunner Runner => Get<WorkRunner>();

    public CrashableLinkStore Links => (CrashableLinkStore)Get<IEntityLinkStore>();

    public FaultyClient Client => (FaultyClient)Get<IQuickBooksClient>();

    public static async Task<OutboundHarness> StartAsync(
        CompanyProfile? profile = null,
        bool customNumbers = true,
        Action<CompanySettings, SimulatedCompany>? settings = null,
        Action<QuickBooksSimulatorOptions>? simulator = null,
        Action<IServiceCollection, FakeGateway>? host = null,
        Action<CompanyOptions>? company = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero));
        var simOptions = new QuickBooksSimulatorOptions { TimeProvider = time };
        simulator?.Invoke(simOptions);
        var sim = QuickBooksSimulator.Start(simOptions);
        var companyOptions = new CompanyOptions { Profile = profile ?? CompanyProfile.UnitedStates, CustomTransactionNumbers = customNumbers };
        company?.Invoke(companyOptions);
        var simulated = sim.AddCompany(companyOptions);

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IEntityLinkStore>(new CrashableLinkStore(new InMemoryEntityLinkStore()));
        services.AddQuickBooksSync(o =>
        {
            o.ApiBaseUrl = sim.BaseUrl;
            // The library's own retries would hide the failures these tests inject; the queue retries instead.
            o.Retry.MaxRetryAttempts = 0;
            o.Engine.LeaseDuration = TimeSpan.FromMinutes(2);
        }).UseInMemoryStores();
        var gateway = new FakeGateway();
        services.AddSingleton<IRoAppGateway>(gateway);
        services.Replace(ServiceDescriptor.Singleton<IQuickBooksAccessTokenProvider>(new SimulatorTokens(sim)));
        services.Replace(ServiceDescriptor.Singleton<IQuickBooksClient>(sp => new FaultyClient(ActivatorUtilities.CreateInstance<QuickBooksClient>(sp))));
        host?.Invoke(services, gateway);

        // As ASP.NET Core does in Development: a scoped service resolved from the root fails loudly.
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        var now = time.GetUtcNow();
        await provider.GetRequiredService<IConnectionStore>().SaveAsync(
            new StoredConnection
            {
                CompanyId = CompanyId,
                RealmId = simulated.RealmId,
                ProtectedTokens = [1],
                AccessTokenExpiresAt = now.AddHours(1),
                RefreshTokenExpiresAt = now.AddDays(100),
                ConnectedAt = now,
                UpdatedAt = now,
            },
            0,
            CancellationToken.None);
        var companySettings = new CompanySettings
        {
            CompanyId = CompanyId,
            Enabled = true,
            TriggerStatusIds = [TriggerStatus],
            TaxMappings = [new TaxMappingRow(SalesTax, "California")],
        };
        settings?.Invoke(companySettings, simulated);
        await provider.GetRequiredService<ISettingsStore>().SaveAsync(companySettings, 0, CancellationToken.None);
        return new OutboundHarness(sim, simulated, time, services, provider) { Gateway = gateway };
    }

    public async Task SaveSettingsAsync(Func<CompanySettings, CompanySettings> change)
    {
        var store = Get<ISettingsStore>();
        var current = (await store.GetAsync(CompanyId, CancellationToken.None))!;
        Assert.True(await store.SaveAsync(change(current), current.Version, CancellationToken.None));
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>
    /// A second host on the same stores, simulator, RO App and clock, as a second process sharing one database
    /// would be: its own sender, worker and facade (nothing in-process is shared with the first host).
    /// </summary>
    public ServiceProvider StartSecondHost()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Time);
        services.AddQuickBooksSync(o =>
        {
            o.ApiBaseUrl = Sim.BaseUrl;
            o.Retry.MaxRetryAttempts = 0;
            o.Engine.LeaseDuration = TimeSpan.FromMinutes(2);
        }).UseInMemoryStores();

        // Every store the first host has (whatever this version's stores are) is the shared medium.
        foreach (var store in _services.Where(d => d.ServiceType.Namespace == typeof(IWorkQueueStore).Namespace && d.ServiceType.IsInterface).Select(d => d.ServiceType).Distinct())
        {
            services.Replace(ServiceDescriptor.Singleton(store, _provider.GetRequiredService(store)));
        }

        services.AddSingleton<IRoAppGateway>(Gateway);
        services.Replace(ServiceDescriptor.Singleton<IQuickBooksAccessTokenProvider>(new SimulatorTokens(Sim)));
        var second = services.BuildServiceProvider();
        _secondHosts.Add(second);
        return second;
    }

    public RoAppInvoiceSnapshot AddInvoice(string id, RoAppContact? client = null, IReadOnlyList<RoAppInvoiceLine>? lines = null, decimal? total = null, RoAppContact? payer = null)
    {
        lines ??= [new("Screen replacement", 1, 100m, 100m, SalesTax), new("Labour", 2, 25.50m, 51m)];
        var tax = lines.Where(l => l.TaxId == SalesTax).Sum(l => Math.Round(l.Rate * 0.0825m, 2, MidpointRounding.AwayFromZero) * l.Quantity);
        var invoice = new RoAppInvoiceSnapshot
        {
            Id = id,
            Number = "INV-" + id,
            StatusId = TriggerStatus,
            Date = new DateOnly(2026, 3, 2),
            DueDate = new DateOnly(2026, 4, 1),
            Client = client ?? Jane,
            Payer = payer,
            Lines = lines,
            TaxTotal = tax,
            Total = total ?? lines.Sum(l => l.Amount) + tax,
        };
        lock (Gateway.Invoices)
        {
            Gateway.Invoices[id] = invoice;
        }

        return invoice;
    }

    public static RoAppContact Jane { get; } = new()
    {
        Id = "client-1",
        FirstName = "Jane",
        LastName = "Doe",
        Email = "jane@example.com",
        Phone = "+1 555 0100",
        Address = new RoAppAddress("1 Main St", City: "Springfield", Region: "CA", PostalCode: "90001", Country: "US"),
    };

    public IReadOnlyList<JsonObject> Invoices => Sim.Inspect(RealmId).All("Invoice");

    public int Requests(string method, string pathEnd) =>
        Sim.RequestLog.Count(r => r.Method == method && r.Path.EndsWith(pathEnd, StringComparison.OrdinalIgnoreCase));

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(string? invoiceId = null, SyncedEntityType type = SyncedEntityType.Invoice) =>
        (await Sync.QueryJournalAsync(new JournalQuery { CompanyId = CompanyId, EntityType = invoiceId is null ? null : type, RoAppEntityId = invoiceId, Limit = 500 }, CancellationToken.None)).Entries;

    public Task<int> DrainAsync() => Runner.RunUntilIdleAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _stopPump.CancelAsync();
        await _pump;
        _stopPump.Dispose();
        foreach (var second in _secondHosts)
        {
            await second.DisposeAsync();
        }

        await _provider.DisposeAsync();
        await Sim.DisposeAsync();
    }

    // The API client keeps Intuit's 10-requests-per-second limit on the injected clock, and the validator
    // does not allow it off. A fake clock that never moves would park the eleventh request of a test for
    // ever, so the harness moves the fake clock on in small steps while a test runs. No test asserts on
    // elapsed time; tests that need a jump (lease expiry, retry delays) still Advance explicitly.
    private async Task PumpAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(2, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Time.Advance(TimeSpan.FromMilliseconds(100));
        }
    }

    private sealed class SimulatorTokens(QuickBooksSimulator sim) : IQuickBooksAccessTokenProvider
    {
        private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

        public ValueTask<string> GetAccessTokenAsync(string realmId, CancellationToken cancellationToken)
        {
            lock (_tokens)
            {
                if (!_tokens.TryGetValue(realmId, out var token))
                {
                    token = sim.IssueTokens(realmId).AccessToken;
                    _tokens[realmId] = token;
                }

                return new(token);
            }
        }

        public ValueTask<string> RefreshAccessTokenAsync(string realmId, string rejectedAccessToken, CancellationToken cancellationToken)
        {
            lock (_tokens)
            {
                var token = sim.IssueTokens(realmId).AccessToken;
                _tokens[realmId] = token;
                return new(token);
            }
        }
    }
}
