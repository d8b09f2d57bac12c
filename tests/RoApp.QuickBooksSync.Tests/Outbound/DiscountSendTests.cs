using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>RO App line and invoice discounts reach QuickBooks as its discount line, never folded into rates.</summary>
public sealed class DiscountSendTests
{
    private const string Company = OutboundHarness.CompanyId;
    private const string Tax = OutboundHarness.SalesTax;
    private static readonly CancellationToken None = CancellationToken.None;

    private static RoAppInvoiceLine[] DiscountedLines() =>
    [
        new("Screen replacement", 1, 100m, 100m, Tax) { Discount = RoAppDiscount.Percentage(10) },
        new("Labour", 2, 25.50m, 51m),
    ];

    [Fact]
    public async Task Line_and_invoice_discounts_go_as_one_discount_line_with_rates_untouched_and_equal_totals_are_synced()
    {
        await using var h = await OutboundHarness.StartAsync();
        // 151 − 10 (10% of the screen) − 5 (invoice) = 136; tax 8.25% on the screen's 90.07 after its share: 7.43.
        var invoice = h.AddInvoice("1001", lines: DiscountedLines(), total: 143.43m);
        h.Gateway.Invoices["1001"] = invoice with { Discount = RoAppDiscount.Fixed(5m) };

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, outcome.Result);
        var sent = Assert.Single(h.Invoices);
        var lines = ((JsonArray)sent["Line"]!).OfType<JsonObject>().ToList();
        Assert.Equal([100m, 25.50m], lines.Where(l => l["DetailType"]!.GetValue<string>() == "SalesItemLineDetail").Select(l => l["SalesItemLineDetail"]!["UnitPrice"]!.GetValue<decimal>()));
        var discount = Assert.Single(lines, l => l["DetailType"]!.GetValue<string>() == "DiscountLineDetail");
        Assert.Equal(15m, discount["Amount"]!.GetValue<decimal>());
        Assert.False(discount["DiscountLineDetail"]!["PercentBased"]!.GetValue<bool>());
        Assert.Contains("Screen replacement 10%", discount["Description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(143.43m, sent["TotalAmt"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_invoice_percentage_alone_stays_a_percentage_and_a_different_total_is_a_warning_with_both_totals()
    {
        await using var h = await OutboundHarness.StartAsync();
        var invoice = h.AddInvoice("1001", total: 143.00m);
        h.Gateway.Invoices["1001"] = invoice with { Discount = RoAppDiscount.Percentage(10) };

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        var discount = ((JsonArray)Assert.Single(h.Invoices)["Line"]!).OfType<JsonObject>().Single(l => l["DetailType"]!.GetValue<string>() == "DiscountLineDetail");
        Assert.True(discount["DiscountLineDetail"]!["PercentBased"]!.GetValue<bool>());
        Assert.Equal(10m, discount["DiscountLineDetail"]!["DiscountPercent"]!.GetValue<decimal>());
        Assert.Equal(15.10m, discount["Amount"]!.GetValue<decimal>());
        Assert.Equal(InvoiceSyncResult.SyncedWithWarnings, outcome.Result);
        var entry = (await h.JournalAsync("1001"))[0];
        Assert.Equal(JournalOutcome.SyncedWithWarnings, entry.Outcome);
        Assert.Equal("roAppTotal=143.00; quickBooksTotal=143.33", entry.Details);
    }

    [Fact]
    public async Task A_discount_added_after_the_send_updates_the_invoice_with_one_discount_line()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        h.AddInvoice("1001", lines: DiscountedLines(), total: 143.43m);
        h.Gateway.Invoices["1001"] = h.Gateway.Invoices["1001"] with { Discount = RoAppDiscount.Fixed(5m) };
        await h.Sync.InvoiceEditedAsync(Company, "1001", "in-repair", None);
        await h.DrainAsync();

        var sent = Assert.Single(h.Invoices);
        Assert.Single(((JsonArray)sent["Line"]!).OfType<JsonObject>(), l => l["DetailType"]!.GetValue<string>() == "DiscountLineDetail");
        Assert.Equal(143.43m, sent["TotalAmt"]!.GetValue<decimal>());
        Assert.Equal(InvoiceSyncStatus.Synced, (await h.Sync.GetInvoiceStateAsync(Company, "1001", None)).Status);
    }

    public static TheoryData<string, RoAppInvoiceLine[], RoAppDiscount?, string> BadInput => new()
    {
        { "discount larger than the line", [new("Labour", 2, 25.50m, 51m) { Discount = RoAppDiscount.Fixed(60m) }], null, "Lines[0].Discount" },
        { "negative quantity", [new("Labour", -1, 25.50m, -25.50m)], null, "Lines[0].Quantity" },
        { "percentage above 100", [new("Labour", 2, 25.50m, 51m) { Discount = RoAppDiscount.Percentage(120) }], null, "Lines[0].Discount" },
        { "invoice discount larger than the lines", [new("Labour", 2, 25.50m, 51m)], RoAppDiscount.Fixed(80m), "Discount" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_a_failed_entry_naming_the_field_and_the_fix_and_nothing_is_sent(string why, RoAppInvoiceLine[] lines, RoAppDiscount? invoiceDiscount, string field)
    {
        await using var h = await OutboundHarness.StartAsync();
        var invoice = h.AddInvoice("1001", lines: lines);
        h.Gateway.Invoices["1001"] = invoice with { Discount = invoiceDiscount };

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.True(outcome.Result == InvoiceSyncResult.Failed, why);
        Assert.Contains($"(field {field})", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("in RO App, then sync again", outcome.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Sim.RequestLog, r => r.Method == "POST");
        Assert.Empty(h.Invoices);
        Assert.Equal(JournalOutcome.Failed, Assert.Single(await h.JournalAsync("1001")).Outcome);
    }
}
