using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using static RoApp.QuickBooksSync.Tests.Outbound.InvoiceSendTests;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>Payments after their first send: changed, deleted, deposits applied later, methods, and bad input.</summary>
public sealed class PaymentLifecycleTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    private static RoAppPaymentSnapshot Pay(string id, decimal amount, string? invoiceId = "1001", string? method = null) =>
        new() { Id = id, InvoiceId = invoiceId, Amount = amount, Date = new DateOnly(2026, 3, 3), Method = method };

    private static void Put(OutboundHarness h, RoAppPaymentSnapshot payment)
    {
        lock (h.Gateway.Payments)
        {
            h.Gateway.Payments[payment.Id] = payment;
        }
    }

    private static void Remove(OutboundHarness h, string paymentId)
    {
        lock (h.Gateway.Payments)
        {
            h.Gateway.Payments.Remove(paymentId);
        }
    }

    private static async Task<(OutboundHarness H, string InvoiceQuickBooksId, JsonObject Payment)> SentAsync(decimal amount = 50m, Action<CompanySettings, Testing.SimulatedCompany>? settings = null)
    {
        var h = await OutboundHarness.StartAsync(settings: settings);
        h.AddInvoice("1001");
        var invoice = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        Put(h, Pay("pay-1", amount));
        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.DrainAsync();
        return (h, invoice.QuickBooksId!, Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment")));
    }

    private static decimal Balance(OutboundHarness h, string invoiceId) => Num(h.Sim.Inspect(h.RealmId).Find("Invoice", invoiceId)!["Balance"]);

    [Fact]
    public async Task A_changed_payment_is_updated_in_place_on_its_SyncToken()
    {
        var (h, invoiceId, sent) = await SentAsync();
        await using var _ = h;
        Put(h, Pay("pay-1", 70m) with { Date = new DateOnly(2026, 3, 4), Reference = "slip 7" });

        await h.Sync.PaymentChangedAsync(Company, "pay-1", None);
        await h.DrainAsync();

        var payment = Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.Equal(Str(sent["Id"]), Str(payment["Id"]));
        Assert.Equal("1", Str(payment["SyncToken"]));
        Assert.Equal((70m, "2026-03-04", "slip 7"), (Num(payment["TotalAmt"]), Str(payment["TxnDate"]), Str(payment["PaymentRefNum"])));
        Assert.Equal(159.25m - 70m, Balance(h, invoiceId));
        Assert.Contains(await h.JournalAsync("pay-1", SyncedEntityType.Payment), e => e.Outcome == JournalOutcome.Synced && e.Message.Contains("updated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_report_with_nothing_changed_writes_nothing()
    {
        var (h, _, _) = await SentAsync();
        await using var _ = h;
        var writes = h.Sim.Counters.SuccessfulWrites;
        var requests = h.Sim.RequestLog.Count;

        await h.Sync.PaymentChangedAsync(Company, "pay-1", None);
        await h.DrainAsync();

        Assert.Equal(writes, h.Sim.Counters.SuccessfulWrites);
        Assert.Equal(requests, h.Sim.RequestLog.Count);
    }

    [Fact]
    public async Task A_deleted_payment_is_voided_and_its_invoice_owes_the_amount_again()
    {
        var (h, invoiceId, sent) = await SentAsync();
        await using var _ = h;
        Remove(h, "pay-1");

        await h.Sync.PaymentDeletedAsync(Company, "pay-1", None);
        await h.DrainAsync();

        var payment = h.Sim.Inspect(h.RealmId).Find("Payment", Str(sent["Id"])!)!;
        Assert.Equal(0m, Num(payment["TotalAmt"]));
        Assert.StartsWith("Voided", Str(payment["PrivateNote"]), StringComparison.Ordinal);
        Assert.Equal(159.25m, Balance(h, invoiceId));
        Assert.Contains(await h.JournalAsync("pay-1", SyncedEntityType.Payment), e => e.Outcome == JournalOutcome.Synced && e.Message.Contains("voided", StringComparison.Ordinal));

        // Reported again (a host retrying its call): nothing more is written.
        var writes = h.Sim.Counters.SuccessfulWrites;
        await h.Sync.PaymentChangedAsync(Company, "pay-1", None);
        await h.DrainAsync();
        Assert.Equal(writes, h.Sim.Counters.SuccessfulWrites);
    }

    [Fact]
    public async Task A_deleted_payment_is_deleted_when_the_company_chose_delete()
    {
        var (h, invoiceId, sent) = await SentAsync(settings: (s, _) => { });
        await using var _ = h;
        await h.SaveSettingsAsync(s => s with { DeletedPayments = DeletedPaymentAction.Delete });
        Remove(h, "pay-1");

        await h.Sync.PaymentDeletedAsync(Company, "pay-1", None);
        await h.DrainAsync();

        Assert.Null(h.Sim.Inspect(h.RealmId).Find("Payment", Str(sent["Id"])!));
        Assert.Equal(159.25m, Balance(h, invoiceId));
    }

    [Fact]
    public async Task A_deposited_payment_QuickBooks_refuses_to_void_is_journalled_with_the_fix_and_voided_on_retry_once_fixed()
    {
        var (h, invoiceId, sent) = await SentAsync();
        await using var _ = h;
        h.Sim.Bookkeeper.DepositPayment(h.RealmId, Str(sent["Id"])!);
        Remove(h, "pay-1");

        await h.Sync.PaymentDeletedAsync(Company, "pay-1", None);
        await h.DrainAsync();

        var failed = Assert.Single(await h.JournalAsync("pay-1", SyncedEntityType.Payment), e => e.Outcome is JournalOutcome.Failed or JournalOutcome.Dead);
        Assert.Contains("6540", failed.Message, StringComparison.Ordinal);
        Assert.Contains("bank deposit", failed.Fix, StringComparison.Ordinal);
        Assert.Equal(50m, Num(h.Sim.Inspect(h.RealmId).Find("Payment", Str(sent["Id"])!)!["TotalAmt"]));

        h.Sim.Bookkeeper.RemoveFromDeposit(h.RealmId, Str(sent["Id"])!);
        Assert.True(await h.Sync.RetryAsync(Company, failed.WorkItemId!.Value, None));
        await h.DrainAsync();

        Assert.Equal(0m, Num(h.Sim.Inspect(h.RealmId).Find("Payment", Str(sent["Id"])!)!["TotalAmt"]));
        Assert.Equal(159.25m, Balance(h, invoiceId));
    }

    [Fact]
    public async Task A_payment_waiting_for_its_invoice_does_not_hold_back_the_invoice_send()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        Put(h, Pay("pay-1", 20m));

        // The payment is reported first, then the invoice enters its trigger status: the invoice must go at once.
        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.Sync.InvoiceStatusChangedAsync(Company, "1001", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();

        Assert.Single(h.Invoices);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.DrainAsync();
        var payment = Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.Equal(Str(h.Invoices[0]["Id"]), Str(payment["Line"]![0]!["LinkedTxn"]![0]!["TxnId"]));
        Assert.DoesNotContain(await h.JournalAsync("pay-1", SyncedEntityType.Payment), e => e.Outcome is JournalOutcome.Dead or JournalOutcome.Retrying or JournalOutcome.Failed);
    }

    [Fact]
    public async Task A_deposit_before_the_invoice_is_synced_goes_unapplied_and_is_applied_when_the_invoice_syncs()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        Put(h, Pay("pay-1", 40m));
        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        for (var i = 0; i < 6; i++)
        {
            await h.DrainAsync();
            h.Time.Advance(TimeSpan.FromHours(1));
        }

        var deposit = Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.Equal((40m, 40m), (Num(deposit["TotalAmt"]), Num(deposit["UnappliedAmt"])));
        Assert.Equal("Jane Doe", Str(h.Sim.Inspect(h.RealmId).Find("Customer", Str(deposit["CustomerRef"]!["value"])!)!["DisplayName"]));

        var invoice = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        await h.DrainAsync();

        var applied = Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.Equal(Str(deposit["Id"]), Str(applied["Id"]));
        Assert.Equal(0m, Num(applied["UnappliedAmt"]));
        Assert.Equal(invoice.QuickBooksId, Str(applied["Line"]![0]!["LinkedTxn"]![0]!["TxnId"]));
        Assert.Equal(159.25m - 40m, Balance(h, invoice.QuickBooksId!));
        Assert.DoesNotContain(await h.JournalAsync("pay-1", SyncedEntityType.Payment), e => e.Outcome is JournalOutcome.Dead or JournalOutcome.Retrying or JournalOutcome.Failed);
    }

    [Fact]
    public async Task A_deposit_with_no_invoice_goes_unapplied_on_the_clients_customer()
    {
        await using var h = await OutboundHarness.StartAsync();
        Put(h, Pay("dep-1", 25m, invoiceId: null) with { Client = OutboundHarness.Jane });

        await h.Sync.PaymentRecordedAsync(Company, "dep-1", null, None);
        await h.DrainAsync();

        var deposit = Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
        Assert.Equal(25m, Num(deposit["UnappliedAmt"]));
        Assert.Equal("Jane Doe", Str(deposit["CustomerRef"]!["name"]));
    }

    [Fact]
    public async Task An_overpayment_pays_the_invoice_and_leaves_the_rest_unapplied()
    {
        var (h, invoiceId, payment) = await SentAsync(amount: 200m);
        await using var _ = h;

        Assert.Equal((200m, 200m - 159.25m), (Num(payment["TotalAmt"]), Num(payment["UnappliedAmt"])));
        Assert.Equal(0m, Balance(h, invoiceId));
        Assert.Contains(await h.JournalAsync("pay-1", SyncedEntityType.Payment), e => e.Message.Contains("left unapplied", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(0)]
    public async Task A_payment_of_zero_or_less_is_not_sent_and_the_journal_names_the_amount(int amount)
    {
        var (h, _, _) = await SentAsync();
        await using var _ = h;
        Put(h, Pay("pay-2", amount));

        await h.Sync.PaymentRecordedAsync(Company, "pay-2", "1001", None);
        await h.DrainAsync();

        Assert.Single(h.Sim.Inspect(h.RealmId).All("Payment"));
        var entry = Assert.Single(await h.JournalAsync("pay-2", SyncedEntityType.Payment));
        Assert.Contains("field Amount", entry.Message, StringComparison.Ordinal);
        Assert.NotNull(entry.Fix);
    }

    [Fact]
    public async Task A_payment_on_an_invoice_voided_in_QuickBooks_is_not_sent_and_the_journal_says_why()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        var invoice = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        h.Sim.Bookkeeper.VoidInvoice(h.RealmId, invoice.QuickBooksId!);
        Put(h, Pay("pay-1", 20m));

        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.DrainAsync();

        Assert.Empty(h.Sim.Inspect(h.RealmId).All("Payment"));
        var entry = Assert.Single(await h.JournalAsync("pay-1", SyncedEntityType.Payment));
        Assert.Contains("voided in QuickBooks", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapped_payment_methods_are_found_or_created_by_name_and_sent_on_payments()
    {
        await using var h = await OutboundHarness.StartAsync(settings: (s, _) => { });
        await h.SaveSettingsAsync(s => s with { PaymentMethodMappings = [new("Card", "Visa"), new("Cash", "Cash")] });
        var cash = h.Sim.Bookkeeper.CreatePaymentMethod(h.RealmId, "Cash");
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        Put(h, Pay("pay-1", 10m, method: "card"));
        Put(h, Pay("pay-2", 10m, method: "Card"));
        Put(h, Pay("pay-3", 10m, method: "Cash"));

        foreach (var id in new[] { "pay-1", "pay-2", "pay-3" })
        {
            await h.Sync.PaymentRecordedAsync(Company, id, "1001", None);
        }

        await h.DrainAsync();

        var methods = h.Sim.Inspect(h.RealmId).All("PaymentMethod");
        Assert.Equal(["Cash", "Visa"], methods.Select(m => Str(m["Name"])).Order());
        var visa = methods.Single(m => Str(m["Name"]) == "Visa");
        Assert.Equal("CREDIT_CARD", Str(visa["Type"]));
        var byMethod = h.Sim.Inspect(h.RealmId).All("Payment").Select(p => Str(p["PaymentMethodRef"]!["value"])).Order().ToList();
        Assert.Equal(new[] { Str(cash["Id"]), Str(visa["Id"]), Str(visa["Id"]) }.Order(), byMethod);
    }

    [Fact]
    public async Task A_payment_method_with_no_mapping_row_is_not_sent_and_the_journal_names_the_method()
    {
        await using var h = await OutboundHarness.StartAsync();
        await h.SaveSettingsAsync(s => s with { PaymentMethodMappings = [new("Card", "Visa")] });
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        Put(h, Pay("pay-1", 10m, method: "Crypto"));

        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1001", None);
        await h.DrainAsync();

        Assert.Empty(h.Sim.Inspect(h.RealmId).All("Payment"));
        var entry = Assert.Single(await h.JournalAsync("pay-1", SyncedEntityType.Payment));
        Assert.Contains("'Crypto' (field Method)", entry.Message, StringComparison.Ordinal);
        Assert.Contains("payment methods", entry.Fix, StringComparison.Ordinal);
    }
}
