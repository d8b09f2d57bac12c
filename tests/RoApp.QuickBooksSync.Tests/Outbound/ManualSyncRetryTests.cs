using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing.Faults;
using RoApp.QuickBooksSync.Tests.Inbound;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>
/// A manual sync QuickBooks turns away for a moment (a 500 here; the SQLite cluster soak's inv-31 met a 429) says
/// "the sync continues automatically": the edit must then reach QuickBooks without anyone pressing the button again.
/// </summary>
public sealed class ManualSyncRetryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_manual_sync_refused_for_a_moment_is_queued_and_its_edit_still_reaches_QuickBooks()
    {
        await using var h = await InboundHarness.StartAsync();
        var sync = h.Get<IQuickBooksSync>();
        h.Gateway.Invoices["inv-9"] = OneLineInvoice.Snapshot(80m);
        var sent = await sync.SyncInvoiceNowAsync(InboundHarness.CompanyId, "inv-9", None);
        Assert.Equal(InvoiceSyncResult.Synced, sent.Result);
        h.Tick();
        await h.SettleAsync();

        h.Tick();
        h.Gateway.Invoices["inv-9"] = OneLineInvoice.Snapshot(95m);
        h.Simulator.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Operation = FaultOperation.Update, Times = 1 });
        var refused = await sync.SyncInvoiceNowAsync(InboundHarness.CompanyId, "inv-9", None);
        Assert.Equal(InvoiceSyncResult.Failed, refused.Result);
        Assert.Contains("automatically", refused.Message, StringComparison.Ordinal);

        h.Tick();
        await h.SettleAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.SettleAsync();

        Assert.Equal(95m, (await h.Client.ReadAsync<RoApp.QuickBooksSync.Api.Models.Invoice>(h.RealmId, sent.QuickBooksId!)).TotalAmt);
        var state = await sync.GetInvoiceStateAsync(InboundHarness.CompanyId, "inv-9", None);
        Assert.Equal(InvoiceSyncStatus.Synced, state.Status);
        Assert.Empty(await h.Queue.ListDeadLetteredAsync(InboundHarness.CompanyId, 10, None));
    }
}
