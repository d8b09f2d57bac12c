using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>
/// The host's event calls only write work down: they never wait on QuickBooks, whose answer (at the realm's rate
/// limit, behind a company's backlog) can take seconds. The profile the sends need is the worker's to read.
/// </summary>
public sealed class IntakeTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Reporting_events_with_no_profile_at_hand_makes_no_QuickBooks_call_and_the_work_still_goes_out()
    {
        // The harness's connection has no stored profile and nothing is cached: the first load must read QuickBooks.
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        h.AddInvoice("1002");
        var before = h.Sim.RequestLog.Count;

        Assert.Equal(InvoiceStatusChangeResult.Queued, await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None));
        Assert.Equal(InvoiceLifecycleResult.Queued, await h.Sync.InvoiceEditedAsync(Company, "1002", OutboundHarness.TriggerStatus, None));
        Assert.Equal(InvoiceLifecycleResult.Queued, await h.Sync.InvoiceCancelledAsync(Company, "1002", None));

        Assert.Equal(before, h.Sim.RequestLog.Count);
        await h.DrainAsync();
        Assert.Contains(h.Invoices, i => i["DocNumber"]?.ToString().EndsWith("1001", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Reporting_an_event_after_the_cached_profile_went_stale_makes_no_QuickBooks_call()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();

        h.Time.Advance(TimeSpan.FromHours(2));
        h.AddInvoice("1002");
        var before = h.Sim.RequestLog.Count;
        Assert.Equal(InvoiceStatusChangeResult.Queued, await h.Sync.InvoiceStatusChangedAsync(Company, "1002", OutboundHarness.TriggerStatus, None));
        Assert.Equal(InvoiceLifecycleResult.Queued, await h.Sync.InvoiceEditedAsync(Company, "1001", OutboundHarness.TriggerStatus, None));

        Assert.Equal(before, h.Sim.RequestLog.Count);
    }
}
