using RoApp.QuickBooksSync.Testing.Bookkeeper;

namespace RoApp.QuickBooksSync.Tests.Inbound;

/// <summary>The host is told what an invoice still owes, so a partial payment need not mark it paid.</summary>
public sealed class InvoiceBalanceTests
{
    [Fact]
    public async Task A_payment_in_QuickBooks_tells_RO_App_what_the_invoice_still_owes()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync(unitPrice: 100m);
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 40m, [new PaymentApplication(invoice.Id!, 40m)]);
        await h.SettleAsync();
        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 60m, [new PaymentApplication(invoice.Id!, 60m)]);
        await h.SettleAsync();

        Assert.Equal([60m, 0m], h.Gateway.RecordedPayments.Values.OrderBy(p => p.Amount).Select(p => p.InvoiceBalance));
        // The fake RO App moves the invoice on the first payment (it does not look at the balance), so only that move is asked for.
        var move = Assert.Single(h.Gateway.StatusChanges, c => c.InvoiceId == roAppId && c.ToStatusId == InboundHarness.Paid);
        Assert.Equal(60m, move.InvoiceBalance);
    }
}
