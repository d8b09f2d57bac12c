using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Testing.Faults;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>RO App invoices sent to the simulated QuickBooks company through the facade and the work queue.</summary>
public sealed class InvoiceSendTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Trigger_status_gives_exactly_one_invoice_with_the_right_customer_lines_tax_and_totals()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");

        var queued = await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();

        Assert.Equal(InvoiceStatusChangeResult.Queued, queued);
        var invoice = Assert.Single(h.Invoices);
        Assert.Equal("INV-1001", Str(invoice["DocNumber"]));
        Assert.Equal(159.25m, Num(invoice["TotalAmt"]));
        Assert.Equal(8.25m, Num(invoice["TxnTaxDetail"]!["TotalTax"]));
        Assert.Equal("2026-03-02", Str(invoice["TxnDate"]));
        Assert.Equal("2026-04-01", Str(invoice["DueDate"]));
        Assert.Equal("1 Main St", Str(invoice["BillAddr"]!["Line1"]));

        var customer = h.Sim.Inspect(h.RealmId).Find("Customer", Str(invoice["CustomerRef"]!["value"])!)!;
        Assert.Equal(("Jane Doe", "jane@example.com", "+1 555 0100"), (Str(customer["DisplayName"]), Str(customer["PrimaryEmailAddr"]!["Address"]), Str(customer["PrimaryPhone"]!["FreeFormNumber"])));

        var lines = SalesLines(invoice);
        Assert.Equal(["Screen replacement", "Labour"], lines.Select(l => Str(l["Description"])));
        Assert.Equal([100m, 51m], lines.Select(l => Num(l["Amount"])));
        Assert.Equal(["TAX", "NON"], lines.Select(l => Str(l["SalesItemLineDetail"]!["TaxCodeRef"]!["value"])));
        var itemNames = lines.Select(l => Str(h.Sim.Inspect(h.RealmId).Find("Item", Str(l["SalesItemLineDetail"]!["ItemRef"]!["value"])!)!["Name"]));
        Assert.Equal(["Screen replacement", "Labour"], itemNames);

        var entry = Assert.Single(await h.JournalAsync("1001"));
        Assert.Equal((JournalOutcome.Synced, Str(invoice["Id"])), (entry.Outcome, entry.QuickBooksId));
        Assert.NotNull(entry.RequestId);

        var state = await h.Sync.GetInvoiceStateAsync(Company, "1001", None);
        Assert.Equal(InvoiceSyncStatus.Synced, state.Status);
        Assert.Equal(h.Time.GetUtcNow().Date, state.LastSyncedAt!.Value.Date);
        Assert.Equal(new Uri($"https://app.sandbox.qbo.intuit.com/app/invoice?txnId={Str(invoice["Id"])}"), state.QuickBooksUrl);
    }

    [Fact]
    public async Task Non_trigger_status_sends_nothing_and_the_journal_says_why()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");

        var result = await h.Sync.InvoiceStatusChangedAsync(Company, "1001", "in-repair", None);
        await h.DrainAsync();

        Assert.Equal(InvoiceStatusChangeResult.NotATriggerStatus, result);
        Assert.Empty(h.Invoices);
        var entry = Assert.Single(await h.JournalAsync("1001"));
        Assert.Equal(JournalOutcome.Skipped, entry.Outcome);
        Assert.Contains("not a trigger status", entry.Message, StringComparison.Ordinal);
        Assert.Contains("Sync with QuickBooks", entry.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_company_with_the_integration_off_sends_nothing_and_the_journal_says_so()
    {
        await using var h = await OutboundHarness.StartAsync();
        await h.SaveSettingsAsync(s => s with { Enabled = false });
        h.AddInvoice("1001");

        var result = await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);

        Assert.Equal(InvoiceStatusChangeResult.NotEnabled, result);
        Assert.Empty(h.Invoices);
        Assert.Contains("Enable integration", Assert.Single(await h.JournalAsync("1001")).Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manual_sync_sends_an_invoice_in_any_status_and_returns_the_outcome()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        h.Gateway.Invoices["1001"] = h.Gateway.Invoices["1001"] with { StatusId = "draft" };

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, outcome.Result);
        Assert.Equal(Str(Assert.Single(h.Invoices)["Id"]), outcome.QuickBooksId);
    }

    [Fact]
    public async Task Edit_after_sync_updates_the_same_invoice_in_place_and_an_unchanged_invoice_costs_no_call()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        var first = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        h.AddInvoice("1001", lines: [new("Screen replacement", 1, 120m, 120m, OutboundHarness.SalesTax), new("Labour", 2, 25.50m, 51m)]);
        var second = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        var requestsBefore = h.Sim.RequestLog.Count;
        var third = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        var invoice = Assert.Single(h.Invoices);
        Assert.Equal(first.QuickBooksId, second.QuickBooksId);
        Assert.Equal(InvoiceSyncResult.Synced, second.Result);
        Assert.Equal(180.90m, Num(invoice["TotalAmt"]));
        Assert.Equal("1", Str(invoice["SyncToken"]));
        Assert.Equal(InvoiceSyncResult.Unchanged, third.Result);
        Assert.Equal(requestsBefore, h.Sim.RequestLog.Count);
    }

    [Fact]
    public async Task Edit_after_sync_keeps_the_QuickBooks_line_ids_of_the_lines_it_replaces()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        var idsBefore = SalesLineIds(Assert.Single(h.Invoices));

        // Lines are all-or-nothing in QuickBooks: the complete list goes again, keeping the existing line ids.
        h.AddInvoice("1001", lines: [new("Screen replacement", 1, 100m, 100m, OutboundHarness.SalesTax), new("Labour", 3, 25.50m, 76.50m), new("Screen protector", 1, 9m, 9m)]);
        var edited = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, edited.Result);
        var idsAfter = SalesLineIds(Assert.Single(h.Invoices));
        Assert.Equal(3, idsAfter.Count);
        Assert.Equal(idsBefore, idsAfter.Take(2));
    }

    private static List<string?> SalesLineIds(JsonObject invoice) =>
        invoice["Line"]!.AsArray()
            .Where(l => (string?)l!["DetailType"] == "SalesItemLineDetail")
            .Select(l => (string?)l!["Id"])
            .ToList();

    [Fact]
    public async Task Stale_sync_token_5010_is_recovered_by_re_reading_and_re_applying()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        var sent = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        h.Sim.Bookkeeper.SetInvoiceMemo(h.RealmId, sent.QuickBooksId!, "Customer called about the screen");

        h.AddInvoice("1001", lines: [new("Screen replacement", 1, 110m, 110m, OutboundHarness.SalesTax), new("Labour", 2, 25.50m, 51m)]);
        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, outcome.Result);
        var invoice = Assert.Single(h.Invoices);
        Assert.Equal(170.08m, Num(invoice["TotalAmt"]));
        Assert.Equal(1, h.Requests("GET", "/invoice/" + sent.QuickBooksId));
        Assert.Equal("Customer called about the screen", Str(invoice["CustomerMemo"]!["value"]));
    }

    [Fact]
    public async Task QuickBooks_total_that_differs_by_rounding_is_synced_with_warnings_naming_both_amounts()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001", lines: [new("Screen protector", 3, 3.33m, 9.99m, OutboundHarness.SalesTax)]);

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal((InvoiceSyncResult.SyncedWithWarnings, 10.80m, 10.81m), (outcome.Result, outcome.RoAppTotal, outcome.QuickBooksTotal));
        var entry = Assert.Single(await h.JournalAsync("1001"));
        Assert.Equal(JournalOutcome.SyncedWithWarnings, entry.Outcome);
        Assert.Contains("10.81", entry.Message, StringComparison.Ordinal);
        Assert.Contains("10.80", entry.Message, StringComparison.Ordinal);
        Assert.Equal("roAppTotal=10.80; quickBooksTotal=10.81", entry.Details);
        Assert.Equal(InvoiceSyncStatus.SyncedWithWarnings, (await h.Sync.GetInvoiceStateAsync(Company, "1001", None)).Status);
    }

    [Fact]
    public async Task Customer_name_held_by_a_vendor_gets_a_readable_variant_that_is_remembered()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.Client.VendorNames.Add("Jane Doe");
        h.AddInvoice("1001");
        h.AddInvoice("1002");

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        var customerQueries = h.Requests("GET", "/query");
        await h.Sync.SyncInvoiceNowAsync(Company, "1002", None);

        var customer = Assert.Single(h.Sim.Inspect(h.RealmId).All("Customer"));
        Assert.Equal("Jane Doe (RO App client-1)", Str(customer["DisplayName"]));
        Assert.All(h.Invoices, i => Assert.Equal(Str(customer["Id"]), Str(i["CustomerRef"]!["value"])));
        Assert.Equal(customerQueries, h.Requests("GET", "/query"));
    }

    [Fact]
    public async Task Existing_customer_is_found_by_email_before_creating_one()
    {
        await using var h = await OutboundHarness.StartAsync();
        var existing = h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "Doe, Jane (walk-in)", "jane@example.com");
        h.AddInvoice("1001");

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Single(h.Sim.Inspect(h.RealmId).All("Customer"));
        Assert.Equal(Str(existing["Id"]), Str(Assert.Single(h.Invoices)["CustomerRef"]!["value"]));
    }

    [Fact]
    public async Task Payer_other_than_the_client_bills_the_client_name_at_the_payers_address()
    {
        await using var h = await OutboundHarness.StartAsync();
        var insurer = new RoAppContact { Id = "insurer-7", CompanyName = "Acme Insurance", Address = new RoAppAddress("500 Market St", City: "San Francisco", Region: "CA", PostalCode: "94105") };
        h.AddInvoice("1001", payer: insurer);

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        var bill = Assert.Single(h.Invoices)["BillAddr"]!;
        Assert.Equal(("Jane Doe", "500 Market St", "San Francisco"), (Str(bill["Line1"]), Str(bill["Line2"]), Str(bill["City"])));
    }

    [Fact]
    public async Task Without_custom_numbers_QuickBooks_numbers_the_invoice_and_the_RO_App_number_stays_in_the_memo()
    {
        await using var h = await OutboundHarness.StartAsync(customNumbers: false);
        h.AddInvoice("1001");

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        var invoice = Assert.Single(h.Invoices);
        Assert.NotEqual("INV-1001", Str(invoice["DocNumber"]));
        Assert.Contains("RO App invoice INV-1001", Str(invoice["PrivateNote"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unmapped_tax_outside_the_US_fails_before_sending_with_the_tax_and_the_fix()
    {
        await using var h = await OutboundHarness.StartAsync(CompanyProfile.Canada, settings: (s, _) => { });
        await h.SaveSettingsAsync(s => s with { TaxMappings = [] });
        h.AddInvoice("1001");

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Failed, outcome.Result);
        Assert.Contains(OutboundHarness.SalesTax, outcome.Message, StringComparison.Ordinal);
        Assert.Contains("tax mapping", outcome.Fix, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(h.Invoices);
        Assert.Equal(JournalOutcome.Failed, Assert.Single(await h.JournalAsync("1001")).Outcome);
    }

    [Fact]
    public async Task Unmapped_tax_in_the_US_sends_the_line_untaxed_and_says_so()
    {
        await using var h = await OutboundHarness.StartAsync();
        await h.SaveSettingsAsync(s => s with { TaxMappings = [] });
        h.AddInvoice("1001", total: 151m);

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, outcome.Result);
        Assert.Contains("NON", outcome.Message, StringComparison.Ordinal);
        Assert.All(SalesLines(Assert.Single(h.Invoices)), l => Assert.Equal("NON", Str(l["SalesItemLineDetail"]!["TaxCodeRef"]!["value"])));
    }

    [Fact]
    public async Task Single_item_policy_puts_every_line_on_the_chosen_item_and_creates_none()
    {
        await using var h = await OutboundHarness.StartAsync();
        await h.SaveSettingsAsync(s => s with { ItemPolicy = new ItemPolicy { SingleItemId = h.Company.ServiceItemId } });
        var itemsBefore = h.Sim.Inspect(h.RealmId).Count("Item");
        h.AddInvoice("1001");

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.All(SalesLines(Assert.Single(h.Invoices)), l => Assert.Equal(h.Company.ServiceItemId, Str(l["SalesItemLineDetail"]!["ItemRef"]!["value"])));
        Assert.Equal(itemsBefore, h.Sim.Inspect(h.RealmId).Count("Item"));
    }

    [Fact]
    public async Task Items_are_found_by_name_before_one_is_created()
    {
        await using var h = await OutboundHarness.StartAsync();
        var itemsBefore = h.Sim.Inspect(h.RealmId).Count("Item");
        h.AddInvoice("1001", lines: [new("Repair service", 1, 80m, 80m)], total: 80m);

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(h.Company.ServiceItemId, Str(SalesLines(Assert.Single(h.Invoices))[0]["SalesItemLineDetail"]!["ItemRef"]!["value"]));
        Assert.Equal(itemsBefore, h.Sim.Inspect(h.RealmId).Count("Item"));
    }

    [Theory]
    [InlineData(FaultKind.CommitThenServerError)]
    [InlineData(FaultKind.CommitThenLostAnswer)]
    public async Task Commit_then_fail_on_create_still_gives_exactly_one_invoice(FaultKind kind)
    {
        await using var h = await OutboundHarness.StartAsync();
        h.Sim.Faults.Add(new FaultRule { Kind = kind, Entity = "invoice", Operation = FaultOperation.Create, Times = 1 });
        h.AddInvoice("1001");

        await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.DrainAsync();

        Assert.Equal(1, h.Sim.Faults.InjectedCount);
        var invoice = Assert.Single(h.Invoices);
        var state = await h.Sync.GetInvoiceStateAsync(Company, "1001", None);
        Assert.Equal((InvoiceSyncStatus.Synced, Str(invoice["Id"])), (state.Status, state.QuickBooksId));
    }

    internal static string? Str(JsonNode? node) => node?.GetValue<string>();

    internal static decimal Num(JsonNode? node) => node!.GetValue<decimal>();

    internal static List<JsonNode> SalesLines(JsonObject invoice) =>
        invoice["Line"]!.AsArray().Where(l => Str(l!["DetailType"]) == "SalesItemLineDetail").Select(l => l!).ToList();
}
