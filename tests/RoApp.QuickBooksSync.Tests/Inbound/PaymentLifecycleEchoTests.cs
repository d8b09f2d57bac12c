using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Tests.Inbound;

/// <summary>The library's own payment changes (update, void) come back as webhooks and are never reported to RO App.</summary>
public sealed class PaymentLifecycleEchoTests
{
    [Fact]
    public async Task A_payment_changed_and_then_deleted_in_RO_App_is_not_echoed_back_as_a_QuickBooks_change()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, _) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();
        var sync = h.Get<IQuickBooksSync>();
        void Put(decimal amount)
        {
            lock (h.Gateway.Payments)
            {
                h.Gateway.Payments["pay-1"] = new RoAppPaymentSnapshot { Id = "pay-1", InvoiceId = roAppId, Amount = amount, Date = new DateOnly(2026, 3, 3) };
            }
        }

        Put(40m);
        h.Tick();
        await sync.PaymentRecordedAsync(InboundHarness.CompanyId, "pay-1", roAppId, CancellationToken.None);
        await h.SettleAsync();
        Put(60m);
        h.Tick();
        await sync.PaymentChangedAsync(InboundHarness.CompanyId, "pay-1", CancellationToken.None);
        await h.SettleAsync();
        lock (h.Gateway.Payments)
        {
            h.Gateway.Payments.Remove("pay-1");
        }

        h.Tick();
        await sync.PaymentDeletedAsync(InboundHarness.CompanyId, "pay-1", CancellationToken.None);
        await h.SettleAsync();
        await h.ReconcileAsync();
        await h.SettleAsync();

        var payment = Assert.Single(h.Simulator.Inspect(h.RealmId).All("Payment"));
        Assert.Equal(0m, payment["TotalAmt"]!.GetValue<decimal>());
        Assert.Empty(h.Gateway.RecordedPayments);
        Assert.Empty(h.Gateway.PaymentChanges);
        Assert.Empty(h.StatusMovesOf(roAppId));
    }
}
