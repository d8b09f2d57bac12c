using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Settings;

public sealed class TaxMapperTests
{
    private static readonly QuickBooksCompanyProfile UsWithoutAst = new() { Country = "US" };
    private static readonly QuickBooksCompanyProfile UsWithAst = new() { Country = "US", PartnerTaxEnabled = true };
    private static readonly QuickBooksCompanyProfile Canada = new() { Country = "CA" };

    private readonly FakeCompanyDirectory _directory = new();
    private readonly FakeTimeProvider _time = new();
    private readonly TaxMapper _mapper;

    public TaxMapperTests() => _mapper = new TaxMapper(_directory, new FixedOptionsMonitor<QuickBooksSyncOptions>(new QuickBooksSyncOptions()), _time);

    [Theory]
    [InlineData("California", "2")]
    [InlineData("  california ", "2")]
    [InlineData("OUT OF STATE", "3")]
    [InlineData("3", "3")]
    [InlineData(" 5 ", "5")]
    public async Task Typed_text_resolves_by_name_or_id_trimmed_and_case_insensitive(string typed, string id)
    {
        var match = await _mapper.ResolveAsync("r1", typed, CancellationToken.None);

        Assert.Equal(id, match.Code?.Id);
    }

    [Fact]
    public async Task Text_matching_no_code_names_the_closest_active_codes()
    {
        var match = await _mapper.ResolveAsync("r1", "Californa", CancellationToken.None);

        Assert.False(match.Found);
        Assert.Equal("California", match.ClosestNames[0]);
        Assert.DoesNotContain("Old rate", match.ClosestNames);
    }

    [Fact]
    public async Task Tax_codes_are_cached_per_realm_and_read_again_after_the_cache_lifetime()
    {
        await _mapper.ResolveAsync("r1", "California", CancellationToken.None);
        await _mapper.ResolveAsync("r1", "3", CancellationToken.None);
        Assert.Equal(1, _directory.TaxCodeReads);

        await _mapper.ResolveAsync("r2", "3", CancellationToken.None);
        Assert.Equal(2, _directory.TaxCodeReads);

        _time.Advance(TimeSpan.FromHours(1));
        await _mapper.ResolveAsync("r1", "3", CancellationToken.None);
        Assert.Equal(3, _directory.TaxCodeReads);
    }

    [Fact]
    public async Task A_miss_reads_the_codes_again_at_most_once_a_minute_and_finds_a_new_code()
    {
        await _mapper.ResolveAsync("r1", "California", CancellationToken.None);
        _directory.TaxCodes.Add(new QuickBooksTaxCode("9", "Nevada"));

        Assert.False((await _mapper.ResolveAsync("r1", "Nevada", CancellationToken.None)).Found);
        Assert.Equal(1, _directory.TaxCodeReads);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("9", (await _mapper.ResolveAsync("r1", "Nevada", CancellationToken.None)).Code?.Id);
        Assert.Equal(2, _directory.TaxCodeReads);
    }

    [Fact]
    public async Task Us_without_automated_sales_tax_sends_TAX_and_NON_on_lines_and_the_mapped_code_on_the_invoice()
    {
        var plan = await _mapper.PlanInvoiceAsync("r1", UsWithoutAst, [new("ca-tax", "California")], ["ca-tax", null, "ca-tax"], CancellationToken.None);

        Assert.Equal(["TAX", "NON", "TAX"], plan.LineTaxCodes);
        Assert.Equal("2", plan.TransactionTaxCodeId);
        Assert.Null(plan.GlobalTaxCalculation);
    }

    [Fact]
    public async Task Us_with_automated_sales_tax_leaves_the_transaction_code_to_QuickBooks()
    {
        var plan = await _mapper.PlanInvoiceAsync("r1", UsWithAst, [new("ca-tax", "California")], ["ca-tax", null], CancellationToken.None);

        Assert.Equal(["TAX", "NON"], plan.LineTaxCodes);
        Assert.Null(plan.TransactionTaxCodeId);
    }

    [Fact]
    public async Task Us_line_with_an_unmapped_tax_goes_as_NON_and_the_plan_says_so()
    {
        var plan = await _mapper.PlanInvoiceAsync("r1", UsWithoutAst, [], ["city-tax"], CancellationToken.None);

        Assert.Equal(["NON"], plan.LineTaxCodes);
        Assert.Null(plan.TransactionTaxCodeId);
        Assert.Contains(plan.Notes, n => n.Contains("city-tax", StringComparison.Ordinal) && n.Contains("NON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Us_invoice_mixing_two_tax_codes_is_refused_before_sending()
    {
        var ex = await Assert.ThrowsAsync<QuickBooksSettingsException>(() =>
            _mapper.PlanInvoiceAsync("r1", UsWithoutAst, [new("a", "California"), new("b", "Out of state")], ["a", "b"], CancellationToken.None).AsTask());

        Assert.Contains("one sales tax", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_the_US_every_taxed_line_carries_its_code_and_the_invoice_says_tax_excluded()
    {
        var plan = await _mapper.PlanInvoiceAsync("r1", Canada, [new("gst", "GST 5%"), new("ca", "California")], ["gst", null, "ca"], CancellationToken.None);

        Assert.Equal(["5", null, "2"], plan.LineTaxCodes);
        Assert.Equal("TaxExcluded", plan.GlobalTaxCalculation);
        Assert.Null(plan.TransactionTaxCodeId);
    }

    [Fact]
    public async Task Tax_included_prices_outside_the_US_plan_TaxInclusive_with_each_lines_combined_rate_read_once()
    {
        _directory.TaxCodes.Add(new QuickBooksTaxCode("8", "GST/PST BC", SalesRateIds: ["r-gst", "r-pst"]));
        _directory.TaxCodes.Add(new QuickBooksTaxCode("10", "HST ON", SalesRateIds: ["r-hst"]));
        _directory.TaxRates["r-gst"] = 5m;
        _directory.TaxRates["r-pst"] = 7m;
        _directory.TaxRates["r-hst"] = 13m;
        IReadOnlyList<TaxMappingRow> rows = [new("bc", "GST/PST BC"), new("on", "HST ON")];

        var plan = await _mapper.PlanInvoiceAsync("r1", Canada, rows, ["bc", "on", "bc"], CancellationToken.None, pricesIncludeTax: true);
        var again = await _mapper.PlanInvoiceAsync("r1", Canada, rows, ["on"], CancellationToken.None, pricesIncludeTax: true);
        _directory.TaxRates["r-hst"] = 15m;
        var cached = await _mapper.PlanInvoiceAsync("r1", Canada, rows, ["on"], CancellationToken.None, pricesIncludeTax: true);

        Assert.Equal("TaxInclusive", plan.GlobalTaxCalculation);
        Assert.Equal(["8", "10", "8"], plan.LineTaxCodes);
        Assert.Equal([12m, 13m, 12m], plan.LineRatePercents);
        Assert.Equal([13m], again.LineRatePercents);
        Assert.Equal([13m], cached.LineRatePercents);
    }

    [Fact]
    public async Task Tax_included_prices_in_the_US_are_refused_naming_the_fix()
    {
        var ex = await Assert.ThrowsAsync<QuickBooksSettingsException>(() =>
            _mapper.PlanInvoiceAsync("r1", UsWithoutAst, [new("ca-tax", "California")], ["ca-tax"], CancellationToken.None, pricesIncludeTax: true).AsTask());

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("PricesIncludeTax", problem.Field);
        Assert.Contains("added to the price", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_the_US_an_unmapped_tax_is_a_clear_error_before_anything_is_sent()
    {
        var ex = await Assert.ThrowsAsync<QuickBooksSettingsException>(() =>
            _mapper.PlanInvoiceAsync("r1", Canada, [new("gst", "GST 5%")], ["gst", "pst"], CancellationToken.None).AsTask());

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("TaxMappings", problem.Field);
        Assert.Contains("'pst'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Add a tax mapping row", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapping_to_a_code_that_no_longer_exists_is_refused_naming_the_closest()
    {
        var ex = await Assert.ThrowsAsync<QuickBooksSettingsException>(() =>
            _mapper.PlanInvoiceAsync("r1", Canada, [new("gst", "GST 7%")], ["gst"], CancellationToken.None).AsTask());

        Assert.Contains("'GST 5%'", Assert.Single(ex.Problems).Fix, StringComparison.Ordinal);
    }
}
