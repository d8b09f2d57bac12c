using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Testing.Faults;
using RoApp.QuickBooksSync.Tests.Inbound;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>The invoice page's state is stored as the sync goes, not read from the newest journal entry.</summary>
public sealed class InvoiceStateTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Synced_with_warnings_stays_so_with_its_warning_after_a_later_skip()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001", total: 159.20m);
        await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();
        Assert.Equal(InvoiceSyncStatus.SyncedWithWarnings, (await h.Sync.GetInvoiceStateAsync(Company, "1001", None)).Status);

        await h.Sync.InvoiceStatusChangedAsync(Company, "1001", "in-repair", None);
        var state = await h.Sync.GetInvoiceStateAsync(Company, "1001", None);

        Assert.Equal(JournalOutcome.Skipped, (await h.JournalAsync("1001"))[0].Outcome);
        Assert.Equal(InvoiceSyncStatus.SyncedWithWarnings, state.Status);
        Assert.Contains("159.20", state.LastMessage, StringComparison.Ordinal);
        Assert.NotNull(state.QuickBooksId);
        Assert.Null(state.AttentionMessage);
    }

    [Fact]
    public async Task Queued_is_pending_a_failure_is_failed_with_the_fix_and_a_success_after_the_fix_is_synced()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001", lines: []);

        await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        Assert.Equal(InvoiceSyncStatus.Pending, (await h.Sync.GetInvoiceStateAsync(Company, "1001", None)).Status);
        await h.DrainAsync();
        var failed = await h.Sync.GetInvoiceStateAsync(Company, "1001", None);
        Assert.Equal(InvoiceSyncStatus.Failed, failed.Status);
        Assert.Contains("Add a line", failed.LastFix, StringComparison.Ordinal);

        h.AddInvoice("1001");
        await h.Sync.InvoiceEditedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();
        var synced = await h.Sync.GetInvoiceStateAsync(Company, "1001", None);
        Assert.Equal(InvoiceSyncStatus.Synced, synced.Status);
        Assert.Null(synced.LastFix);
        Assert.NotNull(synced.LastSyncedAt);
    }

    [Fact]
    public async Task A_failed_update_whose_retry_finds_QuickBooks_already_up_to_date_is_synced_again()
    {
        // The cluster soak's case: another writer (or the shop undoing its edit) brought QuickBooks and RO App back
        // into agreement, so the retry has nothing to send. The earlier failure must not stay on the invoice page.
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();
        Assert.Equal(InvoiceSyncStatus.Synced, (await h.Sync.GetInvoiceStateAsync(Company, "1001", None)).Status);

        h.AddInvoice("1001", lines: [new("Screen replacement", 1, 120m, 120m, OutboundHarness.SalesTax)]);
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Entity = "invoice", Operation = FaultOperation.Update });
        Assert.Equal(InvoiceSyncResult.Failed, (await h.Sync.SyncInvoiceNowAsync(Company, "1001", None)).Result);
        Assert.Equal(InvoiceSyncStatus.Failed, (await h.Sync.GetInvoiceStateAsync(Company, "1001", None)).Status);

        // The shop undoes its edit and the host reports it: the send finds nothing to change, and says nothing.
        h.Sim.Faults.Clear();
        h.AddInvoice("1001");
        await h.Sync.InvoiceEditedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();

        var state = await h.Sync.GetInvoiceStateAsync(Company, "1001", None);
        Assert.Equal(InvoiceSyncStatus.Synced, state.Status);
        Assert.Null(state.LastFix);
        Assert.Equal(159.25m, Assert.Single(h.Invoices)["TotalAmt"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_invoice_in_QuickBooks_and_paid_stays_synced_and_the_refused_status_move_is_shown_apart()
    {
        await using var h = await InboundHarness.StartAsync();
        h.Gateway.Invoices["inv-9"] = new RoAppInvoiceSnapshot
        {
            Id = "inv-9",
            Number = "INV-9",
            Date = new DateOnly(2026, 3, 2),
            Client = new RoAppContact { Id = "client-9", FirstName = "Grace", LastName = "Hopper" },
            Lines = [new RoAppInvoiceLine("Battery", 1, 80m, 80m)],
            Total = 80m,
        };
        var sent = await h.Get<IQuickBooksSync>().SyncInvoiceNowAsync(InboundHarness.CompanyId, "inv-9", None);
        Assert.Equal(InvoiceSyncResult.Synced, sent.Result);
        h.Gateway.InvoiceStatuses["inv-9"] = InboundHarness.Open;
        h.Gateway.Transitions = [];
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 80m, [new PaymentApplication(sent.QuickBooksId!, 80m)]);
        await h.SettleAsync();

        var state = await h.Get<IQuickBooksSync>().GetInvoiceStateAsync(InboundHarness.CompanyId, "inv-9", None);
        Assert.Equal(InvoiceSyncStatus.Synced, state.Status);
        Assert.Equal(sent.QuickBooksId, state.QuickBooksId);
        Assert.Contains("could not move", state.AttentionMessage, StringComparison.Ordinal);
        Assert.Contains("status rules", state.AttentionFix, StringComparison.Ordinal);
    }
}
