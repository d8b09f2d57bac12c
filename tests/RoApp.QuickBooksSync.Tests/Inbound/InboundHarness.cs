using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Testing.Webhooks;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Inbound;

/// <summary>
/// The library on in-memory stores, connected to a simulated QuickBooks company that sends its signed
/// webhooks into the library's webhook handler; RO App is a <see cref="FakeGateway"/>. Time is shared and fake.
/// </summary>
internal sealed class InboundHarness : IAsyncDisposable
{
    public const string CompanyId = "shop-1";
    public const string Updated = "st-updated";
    public const string Paid = "st-paid";
    public const string Voided = "st-voided";
    public const string Open = "st-open";
    public const string Cashbox = "cash-1";

    private readonly ServiceProvider _provider;
    private int _invoiceNumber;

    private InboundHarness(WebhookFormat format, WebhookOptions webhooks, Func<FakeGateway, IRoAppGateway>? gateway, LogLevel minimumLevel, Action<IServiceCollection>? host)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero));
        webhooks.Format = format;
        WebhookOptions = webhooks;
        Simulator = QuickBooksSimulator.Start(new QuickBooksSimulatorOptions { TimeProvider = Time, Webhooks = webhooks });
        Company = Simulator.AddCompany();
        Gateway.Statuses.AddRange([
            new RoAppInvoiceStatus(Open, "Open", RoAppStatusGroup.New),
            new RoAppInvoiceStatus(Updated, "Changed in QuickBooks", RoAppStatusGroup.InProgress),
            new RoAppInvoiceStatus(Paid, "Paid", RoAppStatusGroup.Paid),
            new RoAppInvoiceStatus(Voided, "Cancelled", RoAppStatusGroup.Canceled),
        ]);
        Gateway.Cashboxes.Add(new RoAppCashbox(Cashbox, "Front desk"));

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(minimumLevel).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        services.AddQuickBooksSync(o =>
        {
            o.ClientId = Simulator.ClientId;
            o.ClientSecret = Simulator.ClientSecret;
            o.AuthorizeEndpoint = Simulator.AuthorizeEndpoint;
            o.TokenEndpoint = Simulator.TokenEndpoint;
            o.RevokeEndpoint = Simulator.RevokeEndpoint;
            o.ApiBaseUrl = Simulator.BaseUrl;
            o.RedirectUri = new Uri("https://crm.example.com/quickbooks/callback");
            o.WebhookVerifierToken = Simulator.VerifierToken;
            o.Connection.TokenEncryptionKey = ConnectionHarness.Key;

            // API retries wait on the shared fake clock, which these tests do not advance during a call.
            o.Retry.MaxRetryAttempts = 0;
        }).UseInMemoryStores();
        services.AddSingleton(gateway?.Invoke(Gateway) ?? Gateway);
        host?.Invoke(services);
        _provider = services.BuildServiceProvider();
        Simulator.Webhooks.SetTarget(async (delivery, ct) =>
        {
            var result = await Webhooks.HandleAsync(delivery.Body, delivery.Signature, ct);
            lock (Results)
            {
                Results.Add(result);
            }

            return result.StatusCode;
        });
    }

    public FakeTimeProvider Time { get; }

    public QuickBooksSimulator Simulator { get; }

    public SimulatedCompany Company { get; }

    public string RealmId => Company.RealmId;

    public WebhookOptions WebhookOptions { get; }

    public FakeGateway Gateway { get; } = new();

    public LogCapture Logs { get; } = new();

    public List<WebhookIntakeResult> Results { get; } = [];

    public IQuickBooksWebhookHandler Webhooks => Get<IQuickBooksWebhookHandler>();

    public IQuickBooksClient Client => Get<IQuickBooksClient>();

    public IEntityLinkStore Links => Get<IEntityLinkStore>();

    public IJournalStore Journal => Get<IJournalStore>();

    public IWorkQueueStore Queue => Get<IWorkQueueStore>();

    public string CustomerId { get; private set; } = "";

    public static async Task<InboundHarness> StartAsync(
        WebhookFormat format = WebhookFormat.Legacy,
        Action<WebhookOptions>? webhooks = null,
        Func<CompanySettings, CompanySettings>? settings = null,
        Func<FakeGateway, IRoAppGateway>? gateway = null,
        LogLevel minimumLevel = LogLevel.Debug,
        Action<IServiceCollection>? host = null)
    {
        var options = new WebhookOptions();
        webhooks?.Invoke(options);
        var harness = new InboundHarness(format, options, gateway, minimumLevel, host);
        await harness.ConnectAsync(settings);
        return harness;
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    private async Task ConnectAsync(Func<CompanySettings, CompanySettings>? configure)
    {
        var connector = Get<IQuickBooksConnector>();
        var begin = await connector.BeginConnectAsync(CompanyId, CancellationToken.None);
        var code = Simulator.MintAuthorizationCode(RealmId, "https://crm.example.com/quickbooks/callback");
        await connector.CompleteConnectAsync(CompanyId, code, RealmId, begin.State, CancellationToken.None);
        var settings = new CompanySettings
        {
            CompanyId = CompanyId,
            Enabled = true,
            PaymentCashboxId = Cashbox,
            InvoiceUpdatedStatusId = Updated,
            PaymentCreatedStatusId = Paid,
            InvoiceVoidedStatusId = Voided,
        };
        await Get<ISettingsStore>().SaveAsync(configure?.Invoke(settings) ?? settings, 0, CancellationToken.None);
        CustomerId = Simulator.Bookkeeper.CreateCustomer(RealmId, "Ada Lovelace", "ada@example.com")["Id"]!.GetValue<string>();
    }

    /// <summary>
    /// What the outbound sync does for an invoice: create it in QuickBooks through the API client and write the
    /// link (origin RO App) with the SyncToken and time QuickBooks answered. The RO App invoice starts "Open".
    /// </summary>
    public async Task<(string RoAppId, Invoice Invoice)> SyncedInvoiceAsync(decimal unitPrice = 100m, decimal quantity = 1m)
    {
        var roAppId = "inv-" + Interlocked.Increment(ref _invoiceNumber);
        var invoice = await Client.CreateAsync(RealmId, new Invoice
        {
            CustomerRef = new QuickBooksRef { Value = CustomerId },
            Lines =
            [
                new InvoiceLine
                {
                    DetailType = InvoiceLine.SalesItemLineDetailType,
                    Amount = unitPrice * quantity,
                    Description = "Screen replacement",
                    SalesItemLineDetail = new SalesItemLineDetail { ItemRef = new QuickBooksRef { Value = Company.ServiceItemId }, Qty = quantity, UnitPrice = unitPrice },
                },
            ],
        });
        await WriteLinkAsync(roAppId, invoice);
        Gateway.InvoiceStatuses[roAppId] = Open;
        return (roAppId, invoice);
    }

    /// <summary>Records the outcome of an own write on the link, as the outbound sync does after every write.</summary>
    public async Task WriteLinkAsync(string roAppId, Invoice invoice)
    {
        var existing = await Links.GetByRoAppIdAsync(CompanyId, RealmId, SyncedEntityType.Invoice, roAppId, CancellationToken.None);
        var link = new EntityLink
        {
            CompanyId = CompanyId,
            RealmId = RealmId,
            EntityType = SyncedEntityType.Invoice,
            RoAppId = roAppId,
            QuickBooksId = invoice.Id!,
            SyncToken = invoice.SyncToken,
            Origin = LinkOrigin.RoApp,
            LastSyncedAt = Time.GetUtcNow(),
            QuickBooksLastUpdatedAt = invoice.MetaData?.LastUpdatedTime,
        };
        Assert.True(await Links.SaveAsync(link, existing?.Version ?? 0, CancellationToken.None));
    }

    /// <summary>
    /// Lets QuickBooks' webhooks arrive, then runs the worker until the queue is empty. It does not move the clock:
    /// the realm's limiter admits 10 requests a second on the fake clock, so a test that makes more calls than that
    /// between two <see cref="Tick"/>s waits here for ever (its 11th call waits for a second that never comes).
    /// </summary>
    public async Task SettleAsync()
    {
        // Each action advances the clock a little so QuickBooks' LastUpdatedTime orders them, as in real life.
        await Simulator.Webhooks.WhenIdleAsync(CancellationToken.None);
        await Get<WorkRunner>().RunUntilIdleAsync(CancellationToken.None);
    }

    public Task<int> ReconcileAsync() => Get<InboundReconciler>().RunOnceAsync(CancellationToken.None);

    public void Tick() => Time.Advance(TimeSpan.FromSeconds(2));

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync()
    {
        var page = await Journal.QueryAsync(new JournalQuery { CompanyId = CompanyId, Limit = 200 }, CancellationToken.None);
        return page.Entries;
    }

    public List<string> StatusMovesOf(string roAppId) =>
        [.. Gateway.StatusChanges.Where(c => c.InvoiceId == roAppId).Select(c => c.ToStatusId)];

    public async ValueTask DisposeAsync()
    {
        // The simulator first: its last deliveries still reach the handler.
        await Simulator.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
