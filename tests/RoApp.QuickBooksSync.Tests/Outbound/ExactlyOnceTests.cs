using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing.Faults;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>
/// Every path that writes an invoice, from two hosts on one store at once and through ambiguous outcomes: each
/// RO App invoice exists once in QuickBooks. Each test forces its race (a start signal, latency in QuickBooks)
/// instead of hoping for one.
/// </summary>
public sealed class ExactlyOnceTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    private static List<string> Ids(int count, int first) =>
        [.. Enumerable.Range(first, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>How many QuickBooks invoices carry each RO App invoice's reference.</summary>
    private static Dictionary<string, int> CopiesInQuickBooks(OutboundHarness h, IEnumerable<string> ids) =>
        ids.ToDictionary(id => id, id => h.Invoices.Count(i => (i["PrivateNote"]?.GetValue<string>() ?? "").Contains($"[RO App ref {id}]", StringComparison.Ordinal)));

    [Fact]
    public async Task Two_hosts_sending_the_same_invoices_by_bulk_status_and_manual_sync_at_once_create_each_exactly_once()
    {
        await using var h = await OutboundHarness.StartAsync(customNumbers: false);
        var ids = Ids(60, 7000);
        ids.ForEach(id => h.AddInvoice(id));
        var second = h.StartSecondHost();
        var otherSync = second.GetRequiredService<IQuickBooksSync>();
        var otherRunner = second.GetRequiredService<WorkRunner>();

        // Every write waits in QuickBooks, so the paths overlap however fast the machine is.
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Latency = TimeSpan.FromMilliseconds(400), Operation = FaultOperation.Batch });
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Latency = TimeSpan.FromMilliseconds(400), Operation = FaultOperation.Create, Entity = "Invoice" });

        await h.Sync.SyncManyAsync(Company, ids, None);
        foreach (var id in ids)
        {
            await h.Sync.InvoiceStatusChangedAsync(Company, id, OutboundHarness.TriggerStatus, None);
        }

        var reversed = Enumerable.Reverse(ids).ToList();
        await otherSync.SyncManyAsync(Company, reversed, None);
        using var start = new Barrier(3);
        await Task.WhenAll(
            Task.Run(async () =>
            {
                start.SignalAndWait(None);
                await h.Runner.RunUntilIdleAsync(None);
            }),
            Task.Run(async () =>
            {
                start.SignalAndWait(None);
                await otherRunner.RunUntilIdleAsync(None);
            }),
            Task.Run(async () =>
            {
                start.SignalAndWait(None);
                foreach (var id in reversed.Where((_, i) => i % 3 == 0))
                {
                    await otherSync.SyncInvoiceNowAsync(Company, id, None);
                }
            }));
        await h.DrainAsync();
        await otherRunner.RunUntilIdleAsync(None);

        var copies = CopiesInQuickBooks(h, ids);
        Assert.All(copies, c => Assert.True(c.Value == 1, $"RO App invoice {c.Key} is in QuickBooks {c.Value} times."));
        Assert.Equal(ids.Count, h.Invoices.Count);
    }

    [Fact]
    public async Task A_bulk_send_whose_batches_commit_without_an_answer_is_not_duplicated_by_the_status_sends_that_follow()
    {
        await using var h = await OutboundHarness.StartAsync(customNumbers: false);
        var ids = Ids(60, 7100);
        ids.ForEach(id => h.AddInvoice(id));
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenLostAnswer, Operation = FaultOperation.Batch });

        await h.Sync.SyncManyAsync(Company, ids, None);
        await h.Runner.RunOnceAsync(None);
        h.Sim.Faults.Clear();
        foreach (var id in ids)
        {
            await h.Sync.InvoiceStatusChangedAsync(Company, id, OutboundHarness.TriggerStatus, None);
        }

        await h.DrainAsync();
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.DrainAsync();

        var copies = CopiesInQuickBooks(h, ids);
        Assert.All(copies, c => Assert.True(c.Value == 1, $"RO App invoice {c.Key} is in QuickBooks {c.Value} times."));
        foreach (var id in ids)
        {
            Assert.Equal(InvoiceSyncStatus.Synced, (await h.Sync.GetInvoiceStateAsync(Company, id, None)).Status);
        }
    }

    [Fact]
    public async Task With_custom_numbers_an_invoice_already_ours_in_QuickBooks_is_linked_and_synced_not_failed_as_a_duplicate_number()
    {
        await using var h = await OutboundHarness.StartAsync(customNumbers: true);
        var ids = Ids(10, 7200);
        ids.ForEach(id => h.AddInvoice(id));
        // The client is in QuickBooks already (found by e-mail), so the one batch request is the invoices' own.
        h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "Jane Doe", "jane@example.com");
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenLostAnswer, Operation = FaultOperation.Batch, Times = 1 });

        await h.Sync.SyncManyAsync(Company, ids, None);
        await h.Runner.RunOnceAsync(None);
        var outcomes = new List<InvoiceSyncOutcome>();
        foreach (var id in ids)
        {
            outcomes.Add(await h.Sync.SyncInvoiceNowAsync(Company, id, None));
        }

        Assert.All(outcomes, o => Assert.True(o.Result == InvoiceSyncResult.Synced, $"{o.Result}: {o.Message}"));
        Assert.All(CopiesInQuickBooks(h, ids), c => Assert.Equal(1, c.Value));
    }

    [Fact]
    public async Task An_ambiguous_create_then_an_edit_of_date_and_client_ends_with_one_invoice_holding_the_latest_content()
    {
        await using var h = await OutboundHarness.StartAsync(customNumbers: false);
        h.AddInvoice("7300");
        // The create commits, then the process dies before it records the link: the send is retried later.
        h.Links.CrashOnNextInvoiceSave = true;
        await h.Sync.InvoiceStatusChangedAsync(Company, "7300", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();
        Assert.Single(h.Invoices);
        Assert.Equal(InvoiceSyncStatus.Pending, (await h.Sync.GetInvoiceStateAsync(Company, "7300", None)).Status);

        // Meanwhile RO App moves the invoice to another date and another client.
        var edited = h.AddInvoice("7300", client: OutboundHarness.Jane with { Id = "client-2", FirstName = "John", LastName = "Roe", Email = "john@example.com" });
        lock (h.Gateway.Invoices)
        {
            h.Gateway.Invoices["7300"] = edited with { Date = new DateOnly(2026, 3, 9) };
        }

        h.Time.Advance(TimeSpan.FromHours(1));
        await h.DrainAsync();

        var invoice = Assert.Single(h.Invoices);
        Assert.Equal("2026-03-09", invoice["TxnDate"]!.GetValue<string>());
        var customer = h.Sim.Inspect(h.RealmId).Find("Customer", invoice["CustomerRef"]!["value"]!.GetValue<string>());
        Assert.Equal("john@example.com", customer!["PrimaryEmailAddr"]!["Address"]!.GetValue<string>());
        Assert.Equal(InvoiceSyncStatus.Synced, (await h.Sync.GetInvoiceStateAsync(Company, "7300", None)).Status);

        // The link says what QuickBooks holds: sending again finds nothing to change.
        Assert.Equal(InvoiceSyncResult.Unchanged, (await h.Sync.SyncInvoiceNowAsync(Company, "7300", None)).Result);
    }

    [Fact]
    public async Task A_queued_send_waits_while_another_host_writes_the_invoice_and_then_only_updates_it()
    {
        await using var h = await OutboundHarness.StartAsync(customNumbers: false);
        h.AddInvoice("7400");
        var second = h.StartSecondHost();
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Latency = TimeSpan.FromMilliseconds(300), Operation = FaultOperation.Create, Entity = "Invoice", Times = 1 });

        await h.Sync.InvoiceStatusChangedAsync(Company, "7400", OutboundHarness.TriggerStatus, None);
        using var start = new Barrier(2);
        var manual = Task.Run(async () =>
        {
            start.SignalAndWait(None);
            return await second.GetRequiredService<IQuickBooksSync>().SyncInvoiceNowAsync(Company, "7400", None);
        });
        var queued = Task.Run(async () =>
        {
            start.SignalAndWait(None);
            return await h.Runner.RunOnceAsync(None);
        });
        var outcome = await manual;
        await queued;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DrainAsync();

        // Whichever took the invoice first wrote it; the other waited for it (or, past its patience, said so) and
        // never wrote beside it.
        Assert.Single(h.Invoices);
        Assert.True(
            outcome.Result is InvoiceSyncResult.Synced or InvoiceSyncResult.Unchanged
            || (outcome.Result == InvoiceSyncResult.Skipped && outcome.Message.Contains("another worker", StringComparison.Ordinal)),
            $"{outcome.Result}: {outcome.Message}");
        Assert.Equal(1, h.Requests("POST", "/invoice"));
        Assert.Equal(InvoiceSyncStatus.Synced, (await h.Sync.GetInvoiceStateAsync(Company, "7400", None)).Status);
    }

    [Fact]
    public async Task A_bulk_member_whose_claim_a_killed_process_left_behind_is_sent_once_that_claim_expires()
    {
        await using var h = await OutboundHarness.StartAsync(customNumbers: false);
        var ids = Ids(4, 7500);
        ids.ForEach(id => h.AddInvoice(id));

        // A process died while it held invoice 7501's claim (SIGKILL: nothing released, the lease runs out).
        var claims = h.Get<IWriteClaimStore>();
        Assert.NotNull(await claims.TryClaimAsync(new WriteClaimKey(Company, h.RealmId, SyncedEntityType.Invoice, "7501"), "killed-process", TimeSpan.FromMinutes(2), h.Time.GetUtcNow(), None));

        // A deposit on that invoice is queued before the bulk send: it waits for the invoice, and must not hold
        // back the send that the bulk queues for the held member.
        h.Gateway.Payments["pay-7501"] = new RoApp.QuickBooksSync.Gateway.RoAppPaymentSnapshot { Id = "pay-7501", InvoiceId = "7501", Amount = 10m, Date = new DateOnly(2026, 3, 2) };
        await h.Sync.PaymentRecordedAsync(Company, "pay-7501", "7501", None);
        await h.DrainAsync();
        await h.Sync.SyncManyAsync(Company, ids, None);
        await h.DrainAsync();
        Assert.Equal(3, h.Invoices.Count);

        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.DrainAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.DrainAsync();

        Assert.All(CopiesInQuickBooks(h, ids), c => Assert.True(c.Value == 1, $"RO App invoice {c.Key} is in QuickBooks {c.Value} times."));
        Assert.Equal(InvoiceSyncStatus.Synced, (await h.Sync.GetInvoiceStateAsync(Company, "7501", None)).Status);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.DrainAsync();
        Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
    }
}
