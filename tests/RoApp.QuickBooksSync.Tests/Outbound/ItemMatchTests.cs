using RoApp.QuickBooksSync.Gateway;
using static RoApp.QuickBooksSync.Tests.Outbound.InvoiceSendTests;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>Products and services reach QuickBooks as the right item type, matched by SKU, then name.</summary>
public sealed class ItemMatchTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    private static RoAppInvoiceLine Product(string name, string? sku, decimal rate = 20m) =>
        new(name, 1, rate, rate) { Kind = RoAppItemKind.Product, Sku = sku };

    private static IReadOnlyList<string?> ItemIdsOf(OutboundHarness h, string invoiceId) =>
        [.. h.Invoices.Single(i => Str(i["PrivateNote"])!.Contains($"[RO App ref {invoiceId}]", StringComparison.Ordinal))["Line"]!.AsArray()
            .Where(l => Str(l!["DetailType"]) == "SalesItemLineDetail").Select(l => Str(l!["SalesItemLineDetail"]!["ItemRef"]!["value"]))];

    [Fact]
    public async Task A_product_becomes_a_non_inventory_item_with_its_SKU_and_a_service_stays_a_service()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001", lines: [Product("iPhone 13 screen", "SCR-IP13"), new("Labour", 1, 40m, 40m)]);

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        var ids = ItemIdsOf(h, "1001");
        var product = h.Sim.Inspect(h.RealmId).Find("Item", ids[0]!)!;
        var service = h.Sim.Inspect(h.RealmId).Find("Item", ids[1]!)!;
        Assert.Equal(("iPhone 13 screen", "NonInventory", "SCR-IP13"), (Str(product["Name"]), Str(product["Type"]), Str(product["Sku"])));
        Assert.Equal(("Labour", "Service"), (Str(service["Name"]), Str(service["Type"])));
    }

    [Fact]
    public async Task The_SKU_decides_before_the_name_a_bookkeepers_item_is_found_by_it_and_a_renamed_product_keeps_its_item()
    {
        await using var h = await OutboundHarness.StartAsync();
        var income = Str(h.Sim.Inspect(h.RealmId).All("Account").First(a => Str(a["AccountType"]) == "Income")["Id"])!;
        var theirs = h.Sim.Bookkeeper.CreateItem(h.RealmId, "Screen, iPhone 13 (OEM)", "NonInventory", income, sku: "SCR-IP13");
        h.AddInvoice("1001", lines: [Product("iPhone 13 screen", "SCR-IP13")]);
        h.AddInvoice("1002", lines: [Product("iPhone 13 display (new name)", "scr-ip13")]);

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        await h.Sync.SyncInvoiceNowAsync(Company, "1002", None);

        Assert.Equal([Str(theirs["Id"])], ItemIdsOf(h, "1001"));
        Assert.Equal([Str(theirs["Id"])], ItemIdsOf(h, "1002"));
        Assert.DoesNotContain(h.Sim.Inspect(h.RealmId).All("Item"), i => Str(i["Name"]) == "iPhone 13 screen");
    }

    [Fact]
    public async Task Two_products_of_one_name_but_different_SKUs_get_two_items()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001", lines: [Product("Battery", "BAT-A"), Product("Battery", "BAT-B")]);

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        var ids = ItemIdsOf(h, "1001");
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(["BAT-A", "BAT-B"], ids.Select(id => Str(h.Sim.Inspect(h.RealmId).Find("Item", id!)!["Sku"])).Order());
    }

    [Fact]
    public async Task In_a_bulk_send_products_are_matched_by_SKU_too()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001", lines: [Product("Case", "CASE-1")]);
        h.AddInvoice("1002", lines: [Product("Case (blue)", "CASE-1")]);

        await h.Sync.SyncManyAsync(Company, ["1001", "1002"], None);
        await h.DrainAsync();

        Assert.Equal(ItemIdsOf(h, "1001"), ItemIdsOf(h, "1002"));
        Assert.Equal("NonInventory", Str(h.Sim.Inspect(h.RealmId).Find("Item", ItemIdsOf(h, "1001")[0]!)!["Type"]));
    }
}
