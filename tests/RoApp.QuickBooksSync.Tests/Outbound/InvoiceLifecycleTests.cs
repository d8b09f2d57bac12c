using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing.Bookkeeper;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>After the first send: edits in any status, cancellations and deletions reach the same QuickBooks invoice.</summary>
public sealed class InvoiceLifecycleTests
{
    private const string Company = OutboundHarness.CompanyId;
    private const string InRepair = "in-repair";
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<JsonObject> SyncedAsync(OutboundHarness h, string id = "1001")
    {
        h.AddInvoice(id);
        await h.Sync.InvoiceStatusChangedAsync(Company, id, OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();
        return Assert.Single(h.Invoices);
    }

    [Fact]
    public async Task An_edit_of_a_synced_invoice_outside_the_trigger_statuses_updates_the_same_QuickBooks_invoice()
    {
        await using var h = await OutboundHarness.StartAsync();
        var sent = await SyncedAsync(h);
        h.AddInvoice("1001", lines: [new("Screen replacement", 1, 120m, 120m, OutboundHarness.SalesTax), new("Labour", 2, 25.50m, 51m)]);

        var result = await h.Sync.InvoiceEditedAsync(Company, "1001", InRepair, None);
        await h.DrainAsync();

        Assert.Equal(InvoiceLifecycleResult.Queued, result);
        var invoice = Assert.Single(h.Invoices);
        Assert.Equal(Str(sent["Id"]), Str(invoice["Id"]));
        Assert.Equal(180.90m, Num(invoice["TotalAmt"]));
        var journal = await h.JournalAsync("1001");
        Assert.Equal(2, journal.Count);
        Assert.Contains("updated", journal[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_that_changes_nothing_QuickBooks_shows_makes_no_call_and_no_journal_entry()
    {
        await using var h = await OutboundHarness.StartAsync();
        await SyncedAsync(h);
        var requests = h.Sim.RequestLog.Count;

        Assert.Equal(InvoiceLifecycleResult.Queued, await h.Sync.InvoiceEditedAsync(Company, "1001", InRepair, None));
        await h.DrainAsync();

        Assert.Equal(requests, h.Sim.RequestLog.Count);
        Assert.Single(await h.JournalAsync("1001"));
    }

    [Fact]
    public async Task An_edit_of_an_unsynced_invoice_follows_the_trigger_rules_and_is_silent_outside_them()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");

        var outside = await h.Sync.InvoiceEditedAsync(Company, "1001", InRepair, None);
        await h.DrainAsync();
        Assert.Equal(InvoiceLifecycleResult.NothingToDo, outside);
        Assert.Empty(h.Invoices);
        Assert.Empty(await h.JournalAsync("1001"));

        var inside = await h.Sync.InvoiceEditedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();
        Assert.Equal(InvoiceLifecycleResult.Queued, inside);
        Assert.Single(h.Invoices);
    }

    [Fact]
    public async Task Cancelling_a_synced_invoice_voids_it_in_QuickBooks_by_default_and_later_edits_are_left_alone()
    {
        await using var h = await OutboundHarness.StartAsync();
        var sent = await SyncedAsync(h);

        var result = await h.Sync.InvoiceCancelledAsync(Company, "1001", None);
        await h.DrainAsync();

        Assert.Equal(InvoiceLifecycleResult.Queued, result);
        var invoice = Assert.Single(h.Invoices);
        Assert.Equal(0m, Num(invoice["TotalAmt"]));
        Assert.StartsWith("Voided", Str(invoice["PrivateNote"]), StringComparison.Ordinal);
        var entry = (await h.JournalAsync("1001"))[0];
        Assert.Equal(("cancel invoice", JournalOutcome.Synced, Str(sent["Id"])), (entry.Operation, entry.Outcome, entry.QuickBooksId));
        Assert.NotNull(entry.RequestId);

        h.AddInvoice("1001", lines: [new("Screen replacement", 1, 120m, 120m, OutboundHarness.SalesTax)]);
        Assert.Equal(InvoiceLifecycleResult.NothingToDo, await h.Sync.InvoiceEditedAsync(Company, "1001", InRepair, None));
        var manual = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        Assert.Equal(InvoiceSyncResult.Skipped, manual.Result);
        Assert.Contains("voided", manual.Message, StringComparison.Ordinal);
        Assert.Equal(0m, Num(Assert.Single(h.Invoices)["TotalAmt"]));
    }

    [Fact]
    public async Task Deleting_with_the_delete_setting_deletes_the_QuickBooks_invoice_and_marks_the_link()
    {
        await using var h = await OutboundHarness.StartAsync(settings: (s, _) => { });
        await h.SaveSettingsAsync(s => s with { InvoiceDeletedAction = InvoiceRemovalAction.Delete });
        var sent = await SyncedAsync(h);
        h.Gateway.Invoices.Remove("1001");

        await h.Sync.InvoiceDeletedAsync(Company, "1001", None);
        await h.DrainAsync();

        Assert.Empty(h.Invoices);
        Assert.Contains(Str(sent["Id"]), h.Sim.Inspect(h.RealmId).DeletedIds("Invoice"));
        var link = await h.Links.GetByRoAppIdAsync(Company, h.RealmId, SyncedEntityType.Invoice, "1001", None);
        Assert.Equal(LinkState.DeletedInQuickBooks, link!.State);
        Assert.Equal(("delete invoice", JournalOutcome.Synced), ((await h.JournalAsync("1001"))[0].Operation, (await h.JournalAsync("1001"))[0].Outcome));
    }

    [Fact]
    public async Task With_the_nothing_setting_the_QuickBooks_invoice_is_left_as_it_is_and_the_journal_says_so()
    {
        await using var h = await OutboundHarness.StartAsync();
        await h.SaveSettingsAsync(s => s with { InvoiceCancelledAction = InvoiceRemovalAction.Nothing });
        await SyncedAsync(h);
        var requests = h.Sim.RequestLog.Count;

        await h.Sync.InvoiceCancelledAsync(Company, "1001", None);
        await h.DrainAsync();

        Assert.Equal(requests, h.Sim.RequestLog.Count);
        Assert.Equal(159.25m, Num(Assert.Single(h.Invoices)["TotalAmt"]));
        var entry = (await h.JournalAsync("1001"))[0];
        Assert.Equal(JournalOutcome.Skipped, entry.Outcome);
        Assert.Contains("left as it is", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_an_invoice_never_sent_changes_nothing_in_QuickBooks()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");

        await h.Sync.InvoiceCancelledAsync(Company, "1001", None);
        await h.DrainAsync();

        Assert.Empty(h.Invoices);
        Assert.Contains("never sent", Assert.Single(await h.JournalAsync("1001")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paid_invoice_is_not_voided_the_journal_names_the_payment_and_the_fix_and_Retry_voids_it_once_the_payment_is_gone()
    {
        await using var h = await OutboundHarness.StartAsync();
        var sent = await SyncedAsync(h);
        var payment = h.Sim.Bookkeeper.RecordPayment(h.RealmId, 50m, [new PaymentApplication(Str(sent["Id"])!, 50m)]);

        await h.Sync.InvoiceCancelledAsync(Company, "1001", None);
        await h.DrainAsync();

        Assert.Equal(159.25m, Num(Assert.Single(h.Invoices)["TotalAmt"]));
        var failed = (await h.JournalAsync("1001"))[0];
        Assert.Equal(JournalOutcome.Failed, failed.Outcome);
        Assert.Contains("50.00 is paid", failed.Message, StringComparison.Ordinal);
        Assert.Contains(Str(payment["Id"])!, failed.Message, StringComparison.Ordinal);
        Assert.Contains("delete the payment", failed.Fix, StringComparison.Ordinal);
        Assert.NotNull(failed.WorkItemId);

        h.Sim.Bookkeeper.DeletePayment(h.RealmId, Str(payment["Id"])!);
        Assert.True(await h.Sync.RetryAsync(Company, failed.WorkItemId!.Value, None));
        await h.DrainAsync();

        Assert.Equal(0m, Num(Assert.Single(h.Invoices)["TotalAmt"]));
        Assert.Equal(JournalOutcome.Synced, (await h.JournalAsync("1001"))[0].Outcome);
    }

    private static string? Str(JsonNode? node) => node?.GetValue<string>();

    private static decimal Num(JsonNode? node) => node!.GetValue<decimal>();
}
