using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Benchmarks.Connection;

/// <summary>
/// What every API call pays for its token (realm look-up, decrypt) and what an invoice pays for its tax
/// plan once the realm's tax codes are cached.
/// </summary>
[MemoryDiagnoser]
public class ConnectionBenchmarks
{
    private const string Realm = "9130350000000001";
    private ServiceProvider _provider = null!;
    private AccessTokenManager _tokens = null!;
    private ITaxMapper _taxes = null!;
    private readonly QuickBooksCompanyProfile _canada = new() { Country = "CA" };
    private readonly TaxMappingRow[] _mappings = [new("gst", "GST"), new("hst", "hst on")];
    private readonly string?[] _lines = Enumerable.Range(0, 20).Select(i => i % 3 == 0 ? null : i % 3 == 1 ? "gst" : "hst").ToArray();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuickBooksSync(o =>
        {
            o.ClientId = "bench";
            o.ClientSecret = "bench-secret";
            o.Connection.TokenEncryptionKey = Convert.ToBase64String(new byte[32]);
        }).UseInMemoryStores().UseRoAppGateway<NoGateway>();
        services.AddSingleton<IQuickBooksCompanyDirectory>(new CachedDirectory());
        _provider = services.BuildServiceProvider();
        var now = DateTimeOffset.UtcNow.AddYears(1);
        await _provider.GetRequiredService<IConnectionStore>().SaveAsync(new StoredConnection
        {
            CompanyId = "company-1",
            RealmId = Realm,
            ProtectedTokens = _provider.GetRequiredService<TokenCodec>().Protect(new string('a', 900), "RT1-" + new string('r', 40)),
            AccessTokenExpiresAt = now,
            RefreshTokenExpiresAt = now,
            ConnectedAt = now,
            UpdatedAt = now,
        }, 0, CancellationToken.None);
        _tokens = _provider.GetRequiredService<AccessTokenManager>();
        _taxes = _provider.GetRequiredService<ITaxMapper>();
        await _taxes.ResolveAsync(Realm, "GST", CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark]
    public ValueTask<string> Access_token_for_a_fresh_connection() => _tokens.GetAccessTokenAsync(Realm, CancellationToken.None);

    [Benchmark]
    public async Task<int> Tax_plan_of_a_20_line_non_US_invoice() =>
        (await _taxes.PlanInvoiceAsync(Realm, _canada, _mappings, _lines, CancellationToken.None)).LineTaxCodes.Count;

    private sealed class CachedDirectory : IQuickBooksCompanyDirectory
    {
        private static readonly QuickBooksTaxCode[] Codes = Enumerable.Range(1, 40).Select(i => new QuickBooksTaxCode(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Code {i}"))
            .Concat([new QuickBooksTaxCode("101", "GST"), new QuickBooksTaxCode("102", "HST ON")]).ToArray();

        public ValueTask<QuickBooksCompanyProfile> GetProfileAsync(string realmId, CancellationToken cancellationToken) => new(new QuickBooksCompanyProfile());

        public ValueTask<IReadOnlyList<QuickBooksTaxCode>> ListTaxCodesAsync(string realmId, CancellationToken cancellationToken) => new(Codes);

        public ValueTask<IReadOnlyList<QuickBooksAccount>> ListAccountsAsync(string realmId, CancellationToken cancellationToken) => new([]);

        public ValueTask<IReadOnlyDictionary<string, decimal>> ListTaxRatesAsync(string realmId, CancellationToken cancellationToken) =>
            new(new Dictionary<string, decimal>());

        public ValueTask<IReadOnlyList<QuickBooksTrackingName>> ListTrackingNamesAsync(string realmId, RoApp.QuickBooksSync.Settings.LocationTrackingMode kind, CancellationToken cancellationToken) =>
            new([]);

        public ValueTask<string?> FindItemNameAsync(string realmId, string itemId, CancellationToken cancellationToken) => new((string?)null);
    }

    private sealed class NoGateway : IRoAppGateway
    {
        public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) => new([]);

        public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) => new([]);

        public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) => new([]);

        public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => new(false);

        // ---- Outbound ----
        public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) => new((RoAppInvoiceSnapshot?)null);

        public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) => new((RoAppPaymentSnapshot?)null);
        // ---- End of outbound ----
    }
}
