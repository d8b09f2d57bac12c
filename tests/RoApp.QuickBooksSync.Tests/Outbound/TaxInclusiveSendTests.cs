using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>
/// RO App prices with the tax included reach a QuickBooks company outside the US as <c>TaxInclusive</c>: the lines go
/// net of tax with the gross in <c>TaxInclusiveAmt</c>, and QuickBooks' total is the total the client was quoted.
/// </summary>
public sealed class TaxInclusiveSendTests
{
    private const string Company = OutboundHarness.CompanyId;
    private const string Hst = "hst";
    private const string Gst = "gst";
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task<OutboundHarness> StartCanadaAsync() =>
        OutboundHarness.StartAsync(CompanyProfile.Canada, settings: (s, _) => { });

    private static Task MapTaxesAsync(OutboundHarness h) =>
        h.SaveSettingsAsync(s => s with { TaxMappings = [new TaxMappingRow(Hst, "HST ON"), new TaxMappingRow(Gst, "GST")] });

    private static List<JsonObject> SalesLines(JsonObject invoice) =>
        ((JsonArray)invoice["Line"]!).OfType<JsonObject>().Where(l => l["DetailType"]!.GetValue<string>() == "SalesItemLineDetail").ToList();

    private static decimal Dec(JsonNode? node) => node!.GetValue<decimal>();

    [Fact]
    public async Task Tax_included_prices_go_as_TaxInclusive_net_lines_and_QuickBooks_total_is_RO_Apps()
    {
        await using var h = await StartCanadaAsync();
        await MapTaxesAsync(h);
        // Prices as the shop quotes them, tax included: 3 × 15.00 at HST 13%, a 49.99 part at GST 5%.
        var invoice = h.AddInvoice("1001", lines: [new("Screen protector", 3, 15m, 45m, Hst), new("Battery", 1, 49.99m, 49.99m, Gst)], total: 94.99m);
        h.Gateway.Invoices["1001"] = invoice with { PricesIncludeTax = true, TaxTotal = 7.56m };

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, outcome.Result);
        var sent = Assert.Single(h.Invoices);
        Assert.Equal("TaxInclusive", sent["GlobalTaxCalculation"]!.GetValue<string>());
        var lines = SalesLines(sent);
        // Net: round(45 / 1.13) = 39.82 and round(49.99 / 1.05) = 47.61; the gross stays what RO App quoted.
        Assert.Equal([39.82m, 47.61m], lines.Select(l => Dec(l["Amount"])));
        Assert.Equal([45.00m, 49.99m], lines.Select(l => Dec(l["SalesItemLineDetail"]!["TaxInclusiveAmt"])));
        Assert.Equal(7.56m, Dec(sent["TxnTaxDetail"]!["TotalTax"]));
        Assert.Equal(94.99m, Dec(sent["TotalAmt"]));
        Assert.Equal(JournalOutcome.Synced, (await h.JournalAsync("1001"))[0].Outcome);
    }

    [Fact]
    public async Task A_discount_on_tax_included_prices_keeps_the_totals_equal()
    {
        await using var h = await StartCanadaAsync();
        await MapTaxesAsync(h);
        // 113.00 gross at 13%, 10% off the line: 101.70 quoted.
        var invoice = h.AddInvoice("1001", lines: [new("Screen replacement", 1, 113m, 113m, Hst) { Discount = RoAppDiscount.Percentage(10) }], total: 101.70m);
        h.Gateway.Invoices["1001"] = invoice with { PricesIncludeTax = true, TaxTotal = 11.70m };

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, outcome.Result);
        var sent = Assert.Single(h.Invoices);
        Assert.Equal(11.30m, Dec(((JsonArray)sent["Line"]!).OfType<JsonObject>().Single(l => l["DetailType"]!.GetValue<string>() == "DiscountLineDetail")["Amount"]));
        Assert.Equal(11.70m, Dec(sent["TxnTaxDetail"]!["TotalTax"]));
        Assert.Equal(101.70m, Dec(sent["TotalAmt"]));
    }

    [Fact]
    public async Task An_edit_of_a_tax_inclusive_invoice_updates_it_in_place_and_an_unchanged_one_sends_nothing()
    {
        await using var h = await StartCanadaAsync();
        await MapTaxesAsync(h);
        var invoice = h.AddInvoice("1001", lines: [new("Screen protector", 3, 15m, 45m, Hst)], total: 45m);
        h.Gateway.Invoices["1001"] = invoice with { PricesIncludeTax = true };
        Assert.Equal(InvoiceSyncResult.Synced, (await h.Sync.SyncInvoiceNowAsync(Company, "1001", None)).Result);

        Assert.Equal(InvoiceSyncResult.Unchanged, (await h.Sync.SyncInvoiceNowAsync(Company, "1001", None)).Result);
        h.Gateway.Invoices["1001"] = h.Gateway.Invoices["1001"] with { Lines = [new("Screen protector", 4, 15m, 60m, Hst)], Total = 60m };
        var edited = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, edited.Result);
        var stored = Assert.Single(h.Invoices);
        Assert.Equal(60.00m, Dec(stored["TotalAmt"]));
        Assert.Equal(60.00m, Dec(SalesLines(stored)[0]["SalesItemLineDetail"]!["TaxInclusiveAmt"]));
    }

    [Fact]
    public async Task Without_tax_included_prices_the_invoice_stays_TaxExcluded()
    {
        await using var h = await StartCanadaAsync();
        await MapTaxesAsync(h);
        h.AddInvoice("1001", lines: [new("Screen protector", 3, 15m, 45m, Hst)], total: 50.85m);

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, outcome.Result);
        var sent = Assert.Single(h.Invoices);
        Assert.Equal("TaxExcluded", sent["GlobalTaxCalculation"]!.GetValue<string>());
        Assert.Null(SalesLines(sent)[0]["SalesItemLineDetail"]!["TaxInclusiveAmt"]);
        Assert.Equal(50.85m, Dec(sent["TotalAmt"]));
    }

    [Fact]
    public async Task A_US_company_refuses_tax_included_prices_with_a_failed_entry_that_names_the_fix()
    {
        await using var h = await OutboundHarness.StartAsync();
        var invoice = h.AddInvoice("1001");
        h.Gateway.Invoices["1001"] = invoice with { PricesIncludeTax = true };

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Failed, outcome.Result);
        Assert.Contains("include tax", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("added to the price", outcome.Fix, StringComparison.Ordinal);
        Assert.Empty(h.Invoices);
        Assert.Equal(JournalOutcome.Failed, Assert.Single(await h.JournalAsync("1001")).Outcome);
    }
}
