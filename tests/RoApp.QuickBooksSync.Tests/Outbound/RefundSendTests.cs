using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing.Faults;
using static RoApp.QuickBooksSync.Tests.Outbound.InvoiceSendTests;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>Refunds made in RO App: cash back as a RefundReceipt, to the client's balance as a CreditMemo.</summary>
public sealed class RefundSendTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(OutboundHarness H, string InvoiceQuickBooksId)> PaidInvoiceAsync(decimal paid = 159.25m)
    {
        var h = await OutboundHarness.StartAsync();
        await h.SaveSettingsAsync(s => s with
        {
            DepositAccountIdsByCashboxId = new Dictionary<string, string> { ["till"] = h.Company.BankAccountId },
            PaymentMethodMappings = [new("Cash", "Cash")],
        });
        h.AddInvoice("1001");
        var invoice = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        lock (h.Gateway.Payments)
        {
            h.Gateway.Payments["pay-1"] = new RoAppPaymentSnapshot { Id = "pay-1", InvoiceId = "1001", Amount = paid, Date = new DateOnly(2026, 3, 3), CashboxId = "till" };
        }

        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.DrainAsync();
        return (h, invoice.QuickBooksId!);
    }

    private static void Put(OutboundHarness h, RoAppRefundSnapshot refund)
    {
        lock (h.Gateway.Refunds)
        {
            h.Gateway.Refunds[refund.Id] = refund;
        }
    }

    private static RoAppRefundSnapshot Refund(string id, decimal amount, RoAppRefundKind kind = RoAppRefundKind.CashBack) =>
        new() { Id = id, InvoiceId = "1001", Kind = kind, Amount = amount, Date = new DateOnly(2026, 3, 5), CashboxId = "till", Method = "Cash", Description = "Returned: screen protector" };

    [Fact]
    public async Task Cash_back_becomes_one_refund_receipt_out_of_the_cashboxs_account_with_the_method()
    {
        var (h, invoiceId) = await PaidInvoiceAsync();
        await using var _ = h;
        Put(h, Refund("ref-1", 30m));

        await h.Sync.RefundRecordedAsync(Company, "ref-1", None);
        await h.Sync.RefundRecordedAsync(Company, "ref-1", None);
        await h.DrainAsync();

        var receipt = Assert.Single(h.Sim.Inspect(h.RealmId).All("RefundReceipt"));
        var invoice = h.Sim.Inspect(h.RealmId).Find("Invoice", invoiceId)!;
        Assert.Equal(30m, Num(receipt["TotalAmt"]));
        Assert.Equal(Str(invoice["CustomerRef"]!["value"]), Str(receipt["CustomerRef"]!["value"]));
        Assert.Equal(h.Company.BankAccountId, Str(receipt["DepositToAccountRef"]!["value"]));
        Assert.Equal("Cash", Str(receipt["PaymentMethodRef"]!["name"]));
        Assert.Contains("[RO App ref refund:ref-1]", Str(receipt["PrivateNote"]), StringComparison.Ordinal);
        Assert.Contains(await h.JournalAsync("ref-1", SyncedEntityType.Refund), e => e.Outcome == JournalOutcome.Synced);
    }

    [Fact]
    public async Task A_refund_to_the_clients_balance_becomes_a_credit_memo_on_the_customer()
    {
        var (h, _) = await PaidInvoiceAsync();
        await using var _ = h;
        Put(h, Refund("ref-2", 20m, RoAppRefundKind.ToBalance));

        await h.Sync.RefundRecordedAsync(Company, "ref-2", None);
        await h.DrainAsync();

        var memo = Assert.Single(h.Sim.Inspect(h.RealmId).All("CreditMemo"));
        Assert.Equal((20m, 20m), (Num(memo["TotalAmt"]), Num(memo["RemainingCredit"])));
        Assert.Empty(h.Sim.Inspect(h.RealmId).All("RefundReceipt"));
    }

    [Fact]
    public async Task A_refund_larger_than_what_was_paid_is_not_sent_and_the_journal_names_the_amount()
    {
        var (h, _) = await PaidInvoiceAsync(paid: 50m);
        await using var _ = h;
        Put(h, Refund("ref-3", 80m));

        await h.Sync.RefundRecordedAsync(Company, "ref-3", None);
        await h.DrainAsync();

        Assert.Empty(h.Sim.Inspect(h.RealmId).All("RefundReceipt"));
        var entry = Assert.Single(await h.JournalAsync("ref-3", SyncedEntityType.Refund));
        Assert.Contains("(field Amount)", entry.Message, StringComparison.Ordinal);
        Assert.Contains("50.00", entry.Message, StringComparison.Ordinal);
        Assert.NotNull(entry.Fix);
    }

    [Fact]
    public async Task Refunds_on_one_invoice_together_never_pay_back_more_than_was_paid()
    {
        var (h, _) = await PaidInvoiceAsync(paid: 100m);
        await using var _ = h;
        Put(h, Refund("ref-a", 60m));
        Put(h, Refund("ref-b", 60m));
        Put(h, Refund("ref-c", 40m));

        await h.Sync.RefundRecordedAsync(Company, "ref-a", None);
        await h.DrainAsync();
        await h.Sync.RefundRecordedAsync(Company, "ref-b", None);
        await h.DrainAsync();
        await h.Sync.RefundRecordedAsync(Company, "ref-c", None);
        await h.DrainAsync();

        Assert.Equal([60m, 40m], h.Sim.Inspect(h.RealmId).All("RefundReceipt").Select(r => Num(r["TotalAmt"])).Order().Reverse());
        var refused = Assert.Single(await h.JournalAsync("ref-b", SyncedEntityType.Refund));
        Assert.Equal(JournalOutcome.Failed, refused.Outcome);
        Assert.Contains("60.00 was paid back already", refused.Message, StringComparison.Ordinal);
        Assert.Contains("(field Amount)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credits_to_the_clients_balance_together_never_exceed_the_invoice_total()
    {
        var (h, _) = await PaidInvoiceAsync();
        await using var _ = h;
        Put(h, Refund("ref-a", 100m, RoAppRefundKind.ToBalance));
        Put(h, Refund("ref-b", 100m, RoAppRefundKind.ToBalance));

        await h.Sync.RefundRecordedAsync(Company, "ref-a", None);
        await h.DrainAsync();
        await h.Sync.RefundRecordedAsync(Company, "ref-b", None);
        await h.DrainAsync();

        Assert.Single(h.Sim.Inspect(h.RealmId).All("CreditMemo"));
        Assert.Contains("100.00 was credited already", Assert.Single(await h.JournalAsync("ref-b", SyncedEntityType.Refund)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_then_lost_answer_on_a_refund_still_gives_exactly_one_refund_receipt()
    {
        var (h, _) = await PaidInvoiceAsync();
        await using var _ = h;
        Put(h, Refund("ref-4", 10m));
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenLostAnswer, Entity = "refundreceipt", Operation = FaultOperation.Create, Times = 1 });

        await h.Sync.RefundRecordedAsync(Company, "ref-4", None);
        await h.DrainAsync();
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.DrainAsync();

        Assert.Equal(1, h.Sim.Faults.InjectedCount);
        Assert.Single(h.Sim.Inspect(h.RealmId).All("RefundReceipt"));
        Assert.Contains(await h.JournalAsync("ref-4", SyncedEntityType.Refund), e => e.Outcome == JournalOutcome.Synced);
    }
}
