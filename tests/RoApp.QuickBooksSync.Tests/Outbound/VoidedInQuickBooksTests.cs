using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Tests.Inbound;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>
/// The bookkeeper voids an invoice in QuickBooks while the shop edits it in RO App (the PostgreSQL cluster soak's
/// inv-55): QuickBooks refuses to change a voided invoice, which is no failure of the sync, and the void must still
/// reach RO App instead of waiting behind the refused update.
/// </summary>
public sealed class VoidedInQuickBooksTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("single")]
    [InlineData("bulk")]
    [InlineData("batch")]
    public async Task An_edit_of_an_invoice_the_bookkeeper_voided_is_no_failure_and_the_void_still_reaches_RO_App(string path)
    {
        await using var h = await InboundHarness.StartAsync();
        var sync = h.Get<IQuickBooksSync>();
        h.Gateway.Invoices["inv-9"] = OneLineInvoice.Snapshot(80m);
        var sent = await sync.SyncInvoiceNowAsync(InboundHarness.CompanyId, "inv-9", None);
        Assert.Equal(InvoiceSyncResult.Synced, sent.Result);
        h.Gateway.InvoiceStatuses["inv-9"] = InboundHarness.Open;

        // QuickBooks admits 10 requests a second: the fake clock moves on between the steps, as a real one would.
        h.Tick();

        // On the batch path a second edited invoice shares the chunk: a batch of one goes as a single write.
        h.Gateway.Invoices["inv-10"] = OneLineInvoice.Snapshot(60m, "inv-10");
        Assert.Equal(InvoiceSyncResult.Synced, (await sync.SyncInvoiceNowAsync(InboundHarness.CompanyId, "inv-10", None)).Result);
        h.Gateway.InvoiceStatuses["inv-10"] = InboundHarness.Open;
        h.Tick();
        await h.SettleAsync();

        // The void is in QuickBooks, its webhook not yet worked off, when the shop's edit is sent.
        h.Tick();
        h.Simulator.Bookkeeper.VoidInvoice(h.RealmId, sent.QuickBooksId!);
        h.Gateway.Invoices["inv-9"] = OneLineInvoice.Snapshot(95m);
        h.Gateway.Invoices["inv-10"] = OneLineInvoice.Snapshot(65m, "inv-10");
        if (path == "bulk")
        {
            Assert.Equal(1, await sync.SyncManyAsync(InboundHarness.CompanyId, ["inv-9"], None));
        }
        else if (path == "batch")
        {
            Assert.Equal(1, await sync.SyncManyAsync(InboundHarness.CompanyId, ["inv-9", "inv-10"], None)); // one work item: one chunk
        }
        else
        {
            var edited = await sync.SyncInvoiceNowAsync(InboundHarness.CompanyId, "inv-9", None);
            Assert.Equal(InvoiceSyncResult.Skipped, edited.Result);
            Assert.Contains("voided in QuickBooks", edited.Message, StringComparison.Ordinal);
        }

        h.Tick();
        await h.SettleAsync();

        // The void's event may have found the edit's claim held and waited for it: let that wait run out.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.SettleAsync();

        var state = await sync.GetInvoiceStateAsync(InboundHarness.CompanyId, "inv-9", None);
        Assert.NotEqual(InvoiceSyncStatus.Failed, state.Status);
        Assert.Equal(sent.QuickBooksId, state.QuickBooksId);
        var journal = await h.JournalAsync();
        Assert.DoesNotContain(journal, e => e.Outcome is JournalOutcome.Failed or JournalOutcome.Dead);
        Assert.Contains(journal, e => e.Direction == JournalDirection.Outbound && e.Message.Contains("voided in QuickBooks", StringComparison.Ordinal));
        Assert.Empty(await h.Queue.ListDeadLetteredAsync(InboundHarness.CompanyId, 10, None));
        Assert.True(h.StatusMovesOf("inv-9").SequenceEqual([InboundHarness.Voided]), string.Join("\n", journal.Select(e => $"{e.Direction} {e.Operation} {e.Outcome} {e.Message}")) + "\nqueue: " + string.Join(",", (await h.Queue.ListDeadLetteredAsync(InboundHarness.CompanyId, 10, None)).Select(i => i.Kind)));
        if (path == "batch")
        {
            Assert.Equal(65m, (await h.Client.ReadAsync<RoApp.QuickBooksSync.Api.Models.Invoice>(h.RealmId, (await h.Links.GetByRoAppIdAsync(InboundHarness.CompanyId, h.RealmId, SyncedEntityType.Invoice, "inv-10", None))!.QuickBooksId)).TotalAmt);
        }

        Assert.Equal(0m, (await h.Client.ReadAsync<RoApp.QuickBooksSync.Api.Models.Invoice>(h.RealmId, sent.QuickBooksId!)).TotalAmt);
    }
}
