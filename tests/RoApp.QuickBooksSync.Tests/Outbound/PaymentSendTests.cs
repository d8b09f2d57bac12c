using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing.Faults;
using static RoApp.QuickBooksSync.Tests.Outbound.InvoiceSendTests;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>Payments recorded in RO App, sent to the simulated QuickBooks company.</summary>
public sealed class PaymentSendTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RO_App_payment_becomes_a_QuickBooks_payment_linked_to_the_invoice_in_the_mapped_account()
    {
        await using var h = await OutboundHarness.StartAsync();
        await h.SaveSettingsAsync(s => s with { DepositAccountIdsByCashboxId = new Dictionary<string, string> { ["front-desk"] = h.Company.BankAccountId } });
        h.AddInvoice("1001");
        var invoice = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        h.Gateway.Payments["pay-1"] = new RoAppPaymentSnapshot { Id = "pay-1", InvoiceId = "1001", Amount = 50m, Date = new DateOnly(2026, 3, 3), CashboxId = "front-desk" };

        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.DrainAsync();

        var payment = Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.Equal(50m, Num(payment["TotalAmt"]));
        Assert.Equal(h.Company.BankAccountId, Str(payment["DepositToAccountRef"]!["value"]));
        Assert.Equal(invoice.QuickBooksId, Str(payment["Line"]![0]!["LinkedTxn"]![0]!["TxnId"]));
        Assert.Equal(109.25m, Num(h.Sim.Inspect(h.RealmId).Find("Invoice", invoice.QuickBooksId!)!["Balance"]));
        Assert.Equal(JournalOutcome.Synced, Assert.Single(await h.JournalAsync("pay-1", SyncedEntityType.Payment)).Outcome);
    }

    [Fact]
    public async Task Payment_in_an_unmapped_cashbox_goes_to_Undeposited_Funds()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        h.Gateway.Payments["pay-1"] = new RoAppPaymentSnapshot { Id = "pay-1", InvoiceId = "1001", Amount = 159.25m, Date = new DateOnly(2026, 3, 3), CashboxId = "till" };

        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.DrainAsync();

        Assert.Equal(h.Company.UndepositedFundsAccountId, Str(Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"))["DepositToAccountRef"]!["value"]));
    }

    [Fact]
    public async Task Payment_on_an_invoice_not_yet_synced_waits_a_moment_for_the_invoice_without_counting_an_attempt()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        h.Gateway.Payments["pay-1"] = new RoAppPaymentSnapshot { Id = "pay-1", InvoiceId = "1001", Amount = 20m, Date = new DateOnly(2026, 3, 3) };

        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.DrainAsync();

        Assert.Empty(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.DoesNotContain(await h.JournalAsync("pay-1", SyncedEntityType.Payment), e => e.Outcome is JournalOutcome.Retrying or JournalOutcome.Dead);

        var invoice = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.DrainAsync();

        var payment = Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.Equal(invoice.QuickBooksId, Str(payment["Line"]![0]!["LinkedTxn"]![0]!["TxnId"]));
    }

    [Fact]
    public async Task Payment_dead_lettered_by_an_earlier_version_is_revived_when_its_invoice_syncs()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        h.Gateway.Payments["pay-1"] = new RoAppPaymentSnapshot { Id = "pay-1", InvoiceId = "1001", Amount = 20m, Date = new DateOnly(2026, 3, 3) };
        // As earlier versions left it: queued behind the invoice, given up after waiting.
        var queued = await h.Get<IWorkQueueStore>().EnqueueAsync(
            new NewWorkItem { CompanyId = Company, Kind = "outbound.payment", OrderingKey = "invoice:1001", Payload = "{\"paymentId\":\"pay-1\",\"invoiceId\":\"1001\"}" },
            h.Time.GetUtcNow(),
            None);
        var claimed = Assert.Single(await h.Get<IWorkQueueStore>().ClaimAsync(new ClaimRequest { Owner = "old", LeaseDuration = TimeSpan.FromMinutes(1), MaxItems = 1 }, h.Time.GetUtcNow(), None));
        Assert.Equal(FailResult.DeadLettered, await h.Get<IWorkQueueStore>().FailAsync(claimed.Lease, "waited too long", h.Time.GetUtcNow(), 1, None));

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        await h.DrainAsync();

        Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.False(queued.IsDuplicate);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Payment_that_came_from_QuickBooks_is_not_sent_back_even_when_the_host_reports_it(bool linkedYet)
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        // The payment as the inbound sync recorded it: with its external reference, and (unless the host reports
        // it before the inbound sync got that far) linked with origin QuickBooks.
        h.Gateway.Payments["pay-qb"] = new RoAppPaymentSnapshot
        {
            Id = "pay-qb", InvoiceId = "1001", Amount = 30m, Date = new DateOnly(2026, 3, 3),
            ExternalReference = linkedYet ? null : $"qbo:{h.RealmId}:payment:777:invoice:130",
        };
        if (linkedYet)
        {
            await h.Get<IEntityLinkStore>().SaveAsync(
                new EntityLink { CompanyId = Company, RealmId = h.RealmId, EntityType = SyncedEntityType.Payment, RoAppId = "pay-qb", QuickBooksId = "777", Origin = LinkOrigin.QuickBooks, LastSyncedAt = h.Time.GetUtcNow() },
                0,
                None);
        }

        var writesBefore = h.Sim.Counters.SuccessfulWrites;

        await h.Sync.PaymentRecordedAsync(Company, "pay-qb", "1001", None);
        await h.DrainAsync();

        Assert.Empty(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.Equal(writesBefore, h.Sim.Counters.SuccessfulWrites);
        var entry = Assert.Single(await h.JournalAsync("pay-qb", SyncedEntityType.Payment));
        Assert.Equal(JournalOutcome.Skipped, entry.Outcome);
        Assert.Contains("from QuickBooks", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_then_fail_on_a_payment_create_still_gives_exactly_one_payment()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        h.Gateway.Payments["pay-1"] = new RoAppPaymentSnapshot { Id = "pay-1", InvoiceId = "1001", Amount = 20m, Date = new DateOnly(2026, 3, 3) };
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenLostAnswer, Entity = "payment", Operation = FaultOperation.Create, Times = 1 });

        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.DrainAsync();
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.DrainAsync();

        Assert.Equal(1, h.Sim.Faults.InjectedCount);
        Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.Contains(await h.JournalAsync("pay-1", SyncedEntityType.Payment), e => e.Outcome == JournalOutcome.Synced);
    }

    [Fact]
    public async Task A_payment_reported_twice_is_sent_once()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        h.Gateway.Payments["pay-1"] = new RoAppPaymentSnapshot { Id = "pay-1", InvoiceId = "1001", Amount = 20m, Date = new DateOnly(2026, 3, 3) };

        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.DrainAsync();
        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.DrainAsync();

        Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
    }
}
