using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Benchmarks.Outbound;

/// <summary>
/// Counts QuickBooks API calls per invoice sent, from the simulator's request log: a warm-up sends invoices
/// for every client and product once (customers, items, tax codes and the company profile get linked and
/// cached), then the steady state sends new invoices for the same clients and products, one by one through
/// the work queue (trigger status) and in bulk (backfill, batch requests). Runs on the real clock, inside
/// the realm limits. Not a BenchmarkDotNet benchmark: the figure is a ratio, not a time.
/// </summary>
internal static class ApiCallsPerInvoiceHarness
{
    private const string CompanyId = "bench-shop";
    private const int Clients = 10;
    private const int Products = 5;

    public static async Task<int> RunAsync(int invoices)
    {
        await using var sim = QuickBooksSimulator.Start(new QuickBooksSimulatorOptions());
        var company = sim.AddCompany(new CompanyOptions { Profile = CompanyProfile.UnitedStates });
        var gateway = new BenchGateway();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuickBooksSync(o => o.ApiBaseUrl = sim.BaseUrl).UseInMemoryStores();
        services.AddSingleton<IRoAppGateway>(gateway);
        services.Replace(ServiceDescriptor.Singleton<IQuickBooksAccessTokenProvider>(new StaticToken(sim.IssueTokens(company.RealmId).AccessToken)));
        await using var provider = services.BuildServiceProvider();
        var now = DateTimeOffset.UtcNow;
        await provider.GetRequiredService<IConnectionStore>().SaveAsync(
            new StoredConnection { CompanyId = CompanyId, RealmId = company.RealmId, ProtectedTokens = [1], AccessTokenExpiresAt = now.AddHours(1), RefreshTokenExpiresAt = now.AddDays(100), ConnectedAt = now, UpdatedAt = now },
            0,
            CancellationToken.None);
        await provider.GetRequiredService<ISettingsStore>().SaveAsync(
            new CompanySettings { CompanyId = CompanyId, Enabled = true, TriggerStatusIds = ["ready"], TaxMappings = [new("sales-tax", "California")] },
            0,
            CancellationToken.None);
        var sync = provider.GetRequiredService<IQuickBooksSync>();
        var runner = provider.GetRequiredService<WorkRunner>();

        var next = 0;
        async Task<string[]> AddAsync(int count)
        {
            var ids = new string[count];
            for (var i = 0; i < count; i++, next++)
            {
                ids[i] = gateway.Add(next, next % Clients, next % Products);
            }

            return await Task.FromResult(ids).ConfigureAwait(false);
        }

        foreach (var id in await AddAsync(Clients * Products).ConfigureAwait(false))
        {
            await sync.InvoiceStatusChangedAsync(CompanyId, id, "ready", CancellationToken.None).ConfigureAwait(false);
        }

        await runner.RunUntilIdleAsync(CancellationToken.None).ConfigureAwait(false);
        var warmUpCalls = sim.RequestLog.Count;

        var before = sim.RequestLog.Count;
        var clock = Stopwatch.StartNew();
        foreach (var id in await AddAsync(invoices).ConfigureAwait(false))
        {
            await sync.InvoiceStatusChangedAsync(CompanyId, id, "ready", CancellationToken.None).ConfigureAwait(false);
        }

        await runner.RunUntilIdleAsync(CancellationToken.None).ConfigureAwait(false);
        var single = sim.RequestLog.Count - before;
        var singleTime = clock.Elapsed;

        before = sim.RequestLog.Count;
        clock.Restart();
        await sync.SyncManyAsync(CompanyId, await AddAsync(invoices).ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
        await runner.RunUntilIdleAsync(CancellationToken.None).ConfigureAwait(false);
        var bulk = sim.RequestLog.Count - before;
        var bulkTime = clock.Elapsed;

        var inQuickBooks = sim.Inspect(company.RealmId).Count("Invoice");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {Clients * Products} invoices, {warmUpCalls} API calls ({Clients} clients, {Products} products)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steady state, one by one (trigger status): {invoices} invoices, {single} API calls = {(double)single / invoices:0.000} calls/invoice, {singleTime.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steady state, bulk (SyncMany, batch of 30): {invoices} invoices, {bulk} API calls = {(double)bulk / invoices:0.000} calls/invoice, {bulkTime.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"invoices in QuickBooks: {inQuickBooks} (expected {Clients * Products + (2 * invoices)}); throttled answers: {sim.Counters.Throttled}"));
        return inQuickBooks == Clients * Products + (2 * invoices) ? 0 : 1;
    }

    private sealed class StaticToken(string token) : IQuickBooksAccessTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(string realmId, CancellationToken cancellationToken) => new(token);

        public ValueTask<string> RefreshAccessTokenAsync(string realmId, string rejectedAccessToken, CancellationToken cancellationToken) => new(token);
    }

    private sealed class BenchGateway : IRoAppGateway
    {
        private readonly Dictionary<string, RoAppInvoiceSnapshot> _invoices = new(StringComparer.Ordinal);

        public string Add(int number, int client, int product)
        {
            var id = number.ToString(CultureInfo.InvariantCulture);
            var rate = 20m + (number % 50);
            var invoice = new RoAppInvoiceSnapshot
            {
                Id = id,
                Number = "B-" + id,
                Date = new DateOnly(2026, 3, 2),
                Client = new RoAppContact { Id = "c" + client.ToString(CultureInfo.InvariantCulture), FirstName = "Client", LastName = client.ToString(CultureInfo.InvariantCulture), Email = $"c{client}@example.com" },
                Lines = [new RoAppInvoiceLine("Product " + product.ToString(CultureInfo.InvariantCulture), 1, rate, rate, "sales-tax"), new RoAppInvoiceLine("Labour", 1, 30m, 30m)],
                Total = rate + 30m + Math.Round(rate * 0.0825m, 2, MidpointRounding.AwayFromZero),
            };
            lock (_invoices)
            {
                _invoices[id] = invoice;
            }

            return id;
        }

        public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken)
        {
            lock (_invoices)
            {
                return new(_invoices.GetValueOrDefault(invoiceId));
            }
        }

        public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) => new((RoAppPaymentSnapshot?)null);

        public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) => new([]);

        public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) => new([]);

        public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) => new([]);

        public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => new(false);
    }
}
