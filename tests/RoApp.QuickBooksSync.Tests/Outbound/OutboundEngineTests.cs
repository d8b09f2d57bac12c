using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing.Faults;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>The outbound work on the durable queue: crashes, lease expiry and bulk sends.</summary>
public sealed class OutboundEngineTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_lease_that_expires_mid_job_resumes_elsewhere_without_a_duplicate_invoice()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        var store = h.Get<IWorkQueueStore>();
        var claimed = Assert.Single(await store.ClaimAsync(
            new ClaimRequest { Owner = "worker-that-dies", LeaseDuration = TimeSpan.FromMinutes(2), MaxItems = 1, MaxItemsPerCompany = 1 }, h.Time.GetUtcNow(), None));
        var handler = h.Get<IEnumerable<IWorkHandler>>().Single(x => x.Kind == claimed.Item.Kind);

        // The first worker gets as far as QuickBooks creating the invoice, then its process dies before the link is saved.
        h.Links.CrashOnNextInvoiceSave = true;
        await Assert.ThrowsAsync<ProcessCrashedException>(() => handler.HandleAsync(new WorkContext(claimed.Item, claimed.Lease), None).AsTask());
        Assert.Single(h.Invoices);

        h.Time.Advance(TimeSpan.FromMinutes(3));
        var ran = await h.DrainAsync();

        Assert.Equal(1, ran);
        var invoice = Assert.Single(h.Invoices);
        var item = await store.GetAsync(claimed.Item.Id, None);
        Assert.Equal((WorkItemState.Completed, 2), (item!.State, item.ClaimCount));
        var state = await h.Sync.GetInvoiceStateAsync(Company, "1001", None);
        Assert.Equal((InvoiceSyncStatus.Synced, InvoiceSendTests.Str(invoice["Id"])), (state.Status, state.QuickBooksId));
    }

    [Fact]
    public async Task An_invoice_edited_while_a_crashed_send_waits_is_found_by_its_reference_and_brought_up_to_date_once()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        var store = h.Get<IWorkQueueStore>();
        var claimed = Assert.Single(await store.ClaimAsync(
            new ClaimRequest { Owner = "worker-that-dies", LeaseDuration = TimeSpan.FromMinutes(2), MaxItems = 1, MaxItemsPerCompany = 1 }, h.Time.GetUtcNow(), None));
        var handler = h.Get<IEnumerable<IWorkHandler>>().Single(x => x.Kind == claimed.Item.Kind);
        h.Links.CrashOnNextInvoiceSave = true;
        await Assert.ThrowsAsync<ProcessCrashedException>(() => handler.HandleAsync(new WorkContext(claimed.Item, claimed.Lease), None).AsTask());

        // A replay of the create's request id would only return the first, now outdated, answer.
        h.AddInvoice("1001", lines: [new("Screen replacement", 1, 130m, 130m, OutboundHarness.SalesTax), new("Labour", 2, 25.50m, 51m)]);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.DrainAsync();

        var invoice = Assert.Single(h.Invoices);
        Assert.Equal(191.73m, InvoiceSendTests.Num(invoice["TotalAmt"]));
    }

    [Fact]
    public async Task Two_hundred_invoices_at_once_go_out_in_batch_requests_without_a_429()
    {
        await using var h = await OutboundHarness.StartAsync();
        var clients = Enumerable.Range(1, 5).Select(i => new RoAppContact { Id = $"client-{i}", FirstName = "Client", LastName = $"Number {i}", Email = $"c{i}@example.com" }).ToArray();
        var ids = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var id = (2000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            h.AddInvoice(id, clients[i % clients.Length], [new("Diagnostics", 1, 40m + i, 40m + i, OutboundHarness.SalesTax)]);
            ids.Add(id);
        }

        var queued = await h.Sync.SyncManyAsync(Company, ids, None);
        await h.DrainAsync();

        Assert.Equal(7, queued);
        Assert.Equal(200, h.Invoices.Count);
        Assert.Equal(200, h.Invoices.Select(i => InvoiceSendTests.Str(i["DocNumber"])).Distinct().Count());
        // Seven of invoices. The five new customers go in a batch request, or (every other chunk) as single creates;
        // two chunks that start together may both create them: a repeated batch replays by its request id, a single
        // create of a name just taken is refused (6240), so still five customers.
        Assert.InRange(h.Requests("POST", "/batch"), 7, 9);
        Assert.Equal(0, h.Requests("POST", "/invoice"));
        Assert.InRange(h.Requests("POST", "/customer"), 0, 5);
        Assert.Equal(5, h.Sim.Inspect(h.RealmId).Count("Customer"));
        Assert.Equal(0, h.Sim.Counters.Throttled);
        var journal = await h.JournalAsync();
        Assert.Equal(200, journal.Count(e => e.Outcome == JournalOutcome.Synced && e.EntityType == SyncedEntityType.Invoice));
    }

    [Fact]
    public async Task Backfill_again_after_edits_updates_the_edited_invoices_in_one_batch_and_skips_the_rest()
    {
        await using var h = await OutboundHarness.StartAsync();
        var ids = Enumerable.Range(1, 40).Select(i => (3000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        ids.ForEach(id => h.AddInvoice(id));
        await h.Sync.SyncManyAsync(Company, ids, None);
        await h.DrainAsync();
        foreach (var id in ids.Take(10))
        {
            h.AddInvoice(id, lines: [new("Screen replacement", 1, 150m, 150m, OutboundHarness.SalesTax)]);
        }

        var batchesBefore = h.Requests("POST", "/batch");
        await h.Sync.SyncManyAsync(Company, ids, None);
        await h.DrainAsync();

        Assert.Equal(40, h.Invoices.Count);
        Assert.Equal(10, h.Invoices.Count(i => InvoiceSendTests.Num(i["TotalAmt"]) == 162.38m));
        Assert.Equal(1, h.Requests("POST", "/batch") - batchesBefore);
        Assert.Equal(0, h.Requests("POST", "/invoice"));
        var journal = await h.JournalAsync();
        Assert.Equal(30, journal.Count(e => e.Outcome == JournalOutcome.Skipped && e.Message.Contains("has not changed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Commit_then_fail_on_a_batch_still_gives_exactly_one_invoice_each()
    {
        await using var h = await OutboundHarness.StartAsync();
        var ids = Enumerable.Range(1, 30).Select(i => (4000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        ids.ForEach(id => h.AddInvoice(id));
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenServerError, Operation = FaultOperation.Batch, Times = 1 });

        await h.Sync.SyncManyAsync(Company, ids, None);
        await h.DrainAsync();
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.DrainAsync();

        Assert.Equal(1, h.Sim.Faults.InjectedCount);
        Assert.Equal(30, h.Invoices.Count);
        foreach (var id in ids)
        {
            Assert.Equal(InvoiceSyncStatus.Synced, (await h.Sync.GetInvoiceStateAsync(Company, id, None)).Status);
        }
    }

    [Fact]
    public async Task A_failed_invoice_is_revived_from_the_journal_and_sent_after_the_fix()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001", lines: []);
        await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();
        var failed = Assert.Single(await h.JournalAsync("1001"));
        Assert.Equal(JournalOutcome.Failed, failed.Outcome);
        Assert.Contains("no lines", failed.Message, StringComparison.Ordinal);
        Assert.Empty(h.Invoices);

        h.AddInvoice("1001");
        Assert.True(await h.Sync.RetryAsync(Company, failed.WorkItemId!.Value, None));
        await h.DrainAsync();

        Assert.Single(h.Invoices);
        Assert.Equal(InvoiceSyncStatus.Synced, (await h.Sync.GetInvoiceStateAsync(Company, "1001", None)).Status);
        Assert.True(await h.Sync.DismissAsync(Company, failed.Id, None));
        Assert.True((await h.JournalAsync("1001")).Single(e => e.Id == failed.Id).Dismissed);
    }
}
