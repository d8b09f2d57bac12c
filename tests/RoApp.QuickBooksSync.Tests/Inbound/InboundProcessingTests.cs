using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Testing.Webhooks;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Inbound;

/// <summary>Bookkeeper actions in the simulated QuickBooks reach RO App through real signed webhooks.</summary>
public sealed class InboundProcessingTests
{
    [Theory]
    [InlineData(WebhookFormat.Legacy)]
    [InlineData(WebhookFormat.CloudEvents)]
    public async Task Bookkeeper_edit_moves_the_RO_App_invoice_to_the_invoice_updated_status(WebhookFormat format)
    {
        await using var h = await InboundHarness.StartAsync(format);
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();
        Assert.Empty(h.StatusMovesOf(roAppId));

        h.Tick();
        h.Simulator.Bookkeeper.SetInvoiceMemo(h.RealmId, invoice.Id!, "Thanks for your business");
        await h.SettleAsync();

        Assert.Equal([InboundHarness.Updated], h.StatusMovesOf(roAppId));
        var entry = Assert.Single(await h.JournalAsync(), e => e.Operation == "invoice.updated");
        Assert.Equal((JournalDirection.Inbound, JournalOutcome.Synced, roAppId), (entry.Direction, entry.Outcome, entry.RoAppEntityId));
        Assert.Contains("Changed in QuickBooks", entry.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WebhookFormat.Legacy)]
    [InlineData(WebhookFormat.CloudEvents)]
    public async Task Bookkeeper_payment_is_recorded_once_in_the_cashbox_and_moves_only_to_the_payment_status(WebhookFormat format)
    {
        await using var h = await InboundHarness.StartAsync(format);
        var (roAppId, invoice) = await h.SyncedInvoiceAsync(unitPrice: 120m);
        await h.SettleAsync();

        h.Tick();
        var payment = h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 120m, [new PaymentApplication(invoice.Id!, 120m)]);
        await h.SettleAsync();

        var recorded = Assert.Single(h.Gateway.RecordedPayments.Values);
        Assert.Equal((roAppId, InboundHarness.Cashbox, 120m), (recorded.InvoiceId, recorded.CashboxId, recorded.Amount));
        Assert.Equal($"qbo:{h.RealmId}:payment:{payment["Id"]}:invoice:{invoice.Id}", recorded.ExternalReference);

        // The RO App payment is linked as coming from QuickBooks, so the outbound sync never sends it back.
        var link = await h.Links.GetByRoAppIdAsync(InboundHarness.CompanyId, h.RealmId, SyncedEntityType.Payment, "ro-pay-" + recorded.ExternalReference, CancellationToken.None);
        Assert.Equal((payment["Id"]!.ToString(), LinkOrigin.QuickBooks), (link?.QuickBooksId, link?.Origin));

        // Applying the payment also changed the invoice (Balance, LinkedTxn, SyncToken): that is not an edit.
        Assert.Equal([InboundHarness.Paid], h.StatusMovesOf(roAppId));
        Assert.DoesNotContain(await h.JournalAsync(), e => e.Operation == "invoice.updated");
    }

    [Fact]
    public async Task Partial_payment_records_the_applied_amount()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync(unitPrice: 200m);
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 50m, [new PaymentApplication(invoice.Id!, 50m)]);
        await h.SettleAsync();

        Assert.Equal(50m, Assert.Single(h.Gateway.RecordedPayments.Values).Amount);
        Assert.Equal([InboundHarness.Paid], h.StatusMovesOf(roAppId));
    }

    [Fact]
    public async Task One_payment_over_two_synced_invoices_records_each_applied_amount_on_its_invoice()
    {
        await using var h = await InboundHarness.StartAsync();
        var (first, a) = await h.SyncedInvoiceAsync(unitPrice: 100m);
        var (second, b) = await h.SyncedInvoiceAsync(unitPrice: 60m);
        await h.SettleAsync();

        h.Tick();
        var payment = h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 160m, [new PaymentApplication(a.Id!, 100m), new PaymentApplication(b.Id!, 60m)]);
        await h.SettleAsync();

        var byInvoice = h.Gateway.RecordedPayments.Values.ToDictionary(p => p.InvoiceId, p => (p.Amount, p.QuickBooksPaymentId));
        Assert.Equal(2, byInvoice.Count);
        Assert.Equal((100m, payment["Id"]!.GetValue<string>()), byInvoice[first]);
        Assert.Equal((60m, payment["Id"]!.GetValue<string>()), byInvoice[second]);
        Assert.Equal([InboundHarness.Paid], h.StatusMovesOf(first));
        Assert.Equal([InboundHarness.Paid], h.StatusMovesOf(second));
    }

    [Fact]
    public async Task Payment_on_an_invoice_never_synced_is_skipped_with_a_journal_note()
    {
        await using var h = await InboundHarness.StartAsync();
        var typedInQuickBooks = h.Simulator.Bookkeeper.CreateInvoice(h.RealmId, h.CustomerId, [new InvoiceLineInput(h.Company.ServiceItemId, 1m, 80m)]);
        var invoiceId = typedInQuickBooks["Id"]!.GetValue<string>();
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 80m, [new PaymentApplication(invoiceId, 80m)]);
        await h.SettleAsync();

        Assert.Empty(h.Gateway.RecordedPayments);
        Assert.Empty(h.Gateway.StatusChanges);
        var note = Assert.Single(await h.JournalAsync(), e => e.Operation == "payment.skipped");
        Assert.Equal(JournalOutcome.Skipped, note.Outcome);
        Assert.Contains($"invoice(s) {invoiceId} that were not synced", note.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WebhookFormat.Legacy)]
    [InlineData(WebhookFormat.CloudEvents)]
    public async Task Void_in_QuickBooks_moves_to_the_voided_status_and_not_to_updated(WebhookFormat format)
    {
        await using var h = await InboundHarness.StartAsync(format);
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.VoidInvoice(h.RealmId, invoice.Id!);
        await h.SettleAsync();

        Assert.Equal([InboundHarness.Voided], h.StatusMovesOf(roAppId));
        Assert.Single(await h.JournalAsync(), e => e.Operation == "invoice.voided");
    }

    [Fact]
    public async Task Our_own_outbound_update_does_not_trigger_invoice_updated()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        // What the outbound sync does: a sparse update, then the link records the SyncToken QuickBooks answered.
        h.Tick();
        var updated = await h.Client.SparseUpdateAsync(h.RealmId, new Invoice
        {
            Id = invoice.Id,
            SyncToken = invoice.SyncToken,
            CustomerMemo = new MemoRef { Value = "Sent from RO App" },
        });
        await h.WriteLinkAsync(roAppId, updated);
        await h.SettleAsync();

        Assert.Empty(h.StatusMovesOf(roAppId));

        // The control: the same change made by the bookkeeper does move the invoice.
        h.Tick();
        h.Simulator.Bookkeeper.SetInvoiceMemo(h.RealmId, invoice.Id!, "Changed by the bookkeeper");
        await h.SettleAsync();
        Assert.Equal([InboundHarness.Updated], h.StatusMovesOf(roAppId));
    }

    [Fact]
    public async Task Emailed_notification_is_not_an_edit()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        var body = $$$"""{"eventNotifications":[{"realmId":"{{{h.RealmId}}}","dataChangeEvent":{"entities":[{"name":"Invoice","id":"{{{invoice.Id}}}","operation":"Emailed","lastUpdated":"2026-03-02T17:05:00Z"}]}}]}""";
        var result = await h.Webhooks.HandleAsync(System.Text.Encoding.UTF8.GetBytes(body), WebhookSigning.Sign(body, h.Simulator.VerifierToken), CancellationToken.None);
        await h.SettleAsync();

        Assert.Equal(1, result.Queued);
        Assert.Empty(h.StatusMovesOf(roAppId));
    }

    [Fact]
    public async Task Refused_transition_gives_a_failed_entry_naming_both_statuses_and_the_fix_without_retries()
    {
        await using var h = await InboundHarness.StartAsync();
        h.Gateway.Transitions = [new RoAppStatusTransition(InboundHarness.Open, InboundHarness.Paid)];
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.VoidInvoice(h.RealmId, invoice.Id!);
        await h.SettleAsync();

        Assert.Empty(h.StatusMovesOf(roAppId));
        var failed = Assert.Single(await h.JournalAsync(), e => e.Outcome == JournalOutcome.Failed);
        Assert.Contains("from 'Open' to 'Cancelled'", failed.Message, StringComparison.Ordinal);
        Assert.Contains("Allow moving from 'Open' to 'Cancelled' in the invoice status rules", failed.Fix, StringComparison.Ordinal);
        Assert.Equal((SyncedEntityType.Invoice, roAppId, "invoice.voided"), (failed.EntityType, failed.RoAppEntityId, failed.Operation));
        var dead = Assert.Single(await h.Queue.ListDeadLetteredAsync(InboundHarness.CompanyId, 10, CancellationToken.None));
        Assert.Equal(1, dead.Attempts);
    }

    [Fact]
    public async Task Host_error_is_retried_and_the_payment_is_recorded_once_when_it_passes()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();
        h.Gateway.StatusChangeFailures = 1;

        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 100m, [new PaymentApplication(invoice.Id!, 100m)]);
        await h.SettleAsync();
        Assert.Empty(h.StatusMovesOf(roAppId));
        Assert.Contains(await h.JournalAsync(), e => e.Outcome == JournalOutcome.Retrying);

        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.SettleAsync();

        Assert.Single(h.Gateway.RecordedPayments);
        Assert.Equal([InboundHarness.Paid], h.StatusMovesOf(roAppId));
    }

    [Fact]
    public async Task Payment_made_in_RO_App_and_synced_out_is_not_recorded_back()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        // What the outbound sync does for an RO App payment: create it, then link it with origin RO App.
        h.Tick();
        var payment = await h.Client.CreateAsync(h.RealmId, new Payment
        {
            CustomerRef = new QuickBooksRef { Value = h.CustomerId },
            TotalAmt = 100m,
            Lines = [new PaymentLine { Amount = 100m, LinkedTxns = [new LinkedTxn { TxnId = invoice.Id, TxnType = "Invoice" }] }],
        });
        await h.Links.SaveAsync(new EntityLink
        {
            CompanyId = InboundHarness.CompanyId,
            RealmId = h.RealmId,
            EntityType = SyncedEntityType.Payment,
            RoAppId = "pay-1",
            QuickBooksId = payment.Id!,
            SyncToken = payment.SyncToken,
            Origin = LinkOrigin.RoApp,
            LastSyncedAt = h.Time.GetUtcNow(),
        }, 0, CancellationToken.None);
        await h.SettleAsync();

        Assert.Empty(h.Gateway.RecordedPayments);
        Assert.Empty(h.StatusMovesOf(roAppId));
    }

    [Fact]
    public async Task No_cashbox_means_no_payment_is_recorded_and_the_journal_says_why()
    {
        await using var h = await InboundHarness.StartAsync(settings: s => s with { PaymentCashboxId = null });
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 100m, [new PaymentApplication(invoice.Id!, 100m)]);
        await h.SettleAsync();

        Assert.Empty(h.Gateway.RecordedPayments);
        var entry = Assert.Single(await h.JournalAsync(), e => e.Operation == "payment.skipped");
        Assert.Contains("no payment cashbox is chosen", entry.Message, StringComparison.Ordinal);
        Assert.Equal(roAppId, entry.RoAppEntityId);
        Assert.NotNull(entry.Fix);
    }

    [Fact]
    public async Task No_mapping_for_the_event_changes_no_status_and_is_not_a_failure()
    {
        await using var h = await InboundHarness.StartAsync(settings: s => s with { InvoiceUpdatedStatusId = null });
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.SetInvoiceMemo(h.RealmId, invoice.Id!, "New memo");
        await h.SettleAsync();

        Assert.Empty(h.StatusMovesOf(roAppId));
        var entry = Assert.Single(await h.JournalAsync(), e => e.Operation == "invoice.updated");
        Assert.Equal(JournalOutcome.Skipped, entry.Outcome);
        Assert.DoesNotContain(await h.JournalAsync(), e => e.Outcome is JournalOutcome.Failed or JournalOutcome.Retrying or JournalOutcome.Dead);
    }

    [Fact]
    public async Task Delete_in_QuickBooks_is_journalled_and_marks_the_link_without_a_status_change()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.DeleteInvoice(h.RealmId, invoice.Id!);
        await h.SettleAsync();

        Assert.Empty(h.StatusMovesOf(roAppId));
        var link = await h.Links.GetByRoAppIdAsync(InboundHarness.CompanyId, h.RealmId, SyncedEntityType.Invoice, roAppId, CancellationToken.None);
        Assert.Equal(LinkState.DeletedInQuickBooks, link!.State);
        Assert.Single(await h.JournalAsync(), e => e.Operation == "invoice.deleted" && e.RoAppEntityId == roAppId);
    }

    [Fact]
    public async Task Voiding_a_recorded_payment_is_passed_to_the_host()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();
        h.Tick();
        var payment = h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 100m, [new PaymentApplication(invoice.Id!, 100m)]);
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.VoidPayment(h.RealmId, payment["Id"]!.GetValue<string>());
        await h.SettleAsync();

        var change = Assert.Single(h.Gateway.PaymentChanges);
        Assert.Equal((RoAppPaymentChangeKind.Voided, roAppId, 100m, 0m), (change.Kind, change.InvoiceId, change.PreviousAmount, change.NewAmount));
        Assert.Single(h.Gateway.RecordedPayments);
    }

    [Fact]
    public async Task Changing_the_amount_of_a_recorded_payment_is_passed_to_the_host_once()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();
        h.Tick();
        var recorded = h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 100m, [new PaymentApplication(invoice.Id!, 100m)]);
        await h.SettleAsync();

        // The bookkeeper lowers the payment to 60 (an edit in QuickBooks' payment screen).
        h.Tick();
        var payment = await h.Client.ReadAsync<Payment>(h.RealmId, recorded["Id"]!.GetValue<string>());
        await h.Client.SparseUpdateAsync(h.RealmId, new Payment
        {
            Id = payment.Id,
            SyncToken = payment.SyncToken,
            TotalAmt = 60m,
            Lines = [new PaymentLine { Amount = 60m, LinkedTxns = [new LinkedTxn { TxnId = invoice.Id, TxnType = "Invoice" }] }],
        });
        await h.SettleAsync();
        await h.ReconcileAsync();
        await h.SettleAsync();

        var change = Assert.Single(h.Gateway.PaymentChanges);
        Assert.Equal((RoAppPaymentChangeKind.AmountChanged, roAppId, 100m, 60m), (change.Kind, change.InvoiceId, change.PreviousAmount, change.NewAmount));
        Assert.Single(h.Gateway.RecordedPayments);
    }

    [Fact]
    public async Task Deleting_a_recorded_payment_is_passed_to_the_host()
    {
        await using var h = await InboundHarness.StartAsync(WebhookFormat.CloudEvents);
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();
        h.Tick();
        var payment = h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 100m, [new PaymentApplication(invoice.Id!, 100m)]);
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.DeletePayment(h.RealmId, payment["Id"]!.GetValue<string>());
        await h.SettleAsync();

        var change = Assert.Single(h.Gateway.PaymentChanges);
        Assert.Equal((RoAppPaymentChangeKind.Deleted, roAppId), (change.Kind, change.InvoiceId));
    }

    [Fact]
    public async Task Duplicated_and_reordered_webhooks_apply_once_and_in_QuickBooks_order()
    {
        await using var h = await InboundHarness.StartAsync(WebhookFormat.CloudEvents);
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();
        h.WebhookOptions.DuplicateProbability = 1.0;
        h.WebhookOptions.ReorderProbability = 1.0;

        h.Tick();
        h.Simulator.Bookkeeper.SetInvoiceMemo(h.RealmId, invoice.Id!, "First edit");
        h.Tick();
        h.Simulator.Bookkeeper.VoidInvoice(h.RealmId, invoice.Id!);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.SettleAsync();
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.SettleAsync();

        Assert.Contains(h.Simulator.Webhooks.Log, e => e.Outcome == WebhookOutcome.Duplicated);
        Assert.True(h.Results.Sum(r => r.Duplicates) > 0, "The duplicate deliveries were recognised at intake.");

        // Whichever event arrives first reads the invoice as it is now (voided): the void is applied once and
        // the older edit, arriving after it, is skipped rather than applied on top.
        Assert.Equal([InboundHarness.Voided], h.StatusMovesOf(roAppId));
    }

    [Fact]
    public async Task Event_older_than_what_was_applied_is_skipped()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();
        h.Tick();
        h.Simulator.Bookkeeper.SetInvoiceMemo(h.RealmId, invoice.Id!, "First edit");
        await h.SettleAsync();
        h.Tick();
        h.Simulator.Bookkeeper.VoidInvoice(h.RealmId, invoice.Id!);
        await h.SettleAsync();
        Assert.Equal([InboundHarness.Updated, InboundHarness.Voided], h.StatusMovesOf(roAppId));

        // The edit's notification arrives again, late, under another key (Intuit's retry after a lost answer).
        var late = h.Time.GetUtcNow().AddSeconds(-3).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""{"eventNotifications":[{"realmId":"{{{h.RealmId}}}","dataChangeEvent":{"entities":[{"name":"Invoice","id":"{{{invoice.Id}}}","operation":"Update","lastUpdated":"{{{late}}}"}]}}]}""";
        var result = await h.Webhooks.HandleAsync(System.Text.Encoding.UTF8.GetBytes(body), WebhookSigning.Sign(body, h.Simulator.VerifierToken), CancellationToken.None);
        await h.SettleAsync();

        Assert.Equal(1, result.Queued);
        Assert.Equal([InboundHarness.Updated, InboundHarness.Voided], h.StatusMovesOf(roAppId));
        Assert.Contains(h.Logs.Lines, l => l.Contains("this version was applied already", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_gateway_without_the_inbound_calls_gives_a_failed_entry_naming_the_missing_method()
    {
        await using var h = await InboundHarness.StartAsync(gateway: fake => new GatewayWrittenBeforeInbound(fake));
        var (_, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.VoidInvoice(h.RealmId, invoice.Id!);
        await h.SettleAsync();

        var failed = Assert.Single(await h.JournalAsync(), e => e.Outcome == JournalOutcome.Failed);
        Assert.Contains("IRoAppGateway.ChangeInvoiceStatusAsync", failed.Message, StringComparison.Ordinal);
        Assert.Contains("Implement the inbound methods", failed.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Payment_after_our_own_write_whose_echo_was_lost_is_not_an_edit_when_the_write_was_remembered(bool remembered)
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        // Our own update; its webhook is lost.
        h.WebhookOptions.DropProbability = 1.0;
        h.Tick();
        var updated = await h.Client.SparseUpdateAsync(h.RealmId, new Invoice { Id = invoice.Id, SyncToken = invoice.SyncToken, DueDate = new DateOnly(2026, 4, 30) });
        await h.WriteLinkAsync(roAppId, updated);
        if (remembered)
        {
            await h.Get<InboundStateAccess>().RememberOwnInvoiceWriteAsync(InboundHarness.CompanyId, h.RealmId, updated, CancellationToken.None);
        }

        h.WebhookOptions.DropProbability = 0;
        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 100m, [new PaymentApplication(invoice.Id!, 100m)]);
        await h.SettleAsync();

        // Not remembered, the content last seen predates our update, so the payment's invoice event looks like an
        // edit: the outbound sync must call RememberOwnInvoiceWriteAsync after each write.
        if (remembered)
        {
            Assert.Equal([InboundHarness.Paid], h.StatusMovesOf(roAppId));
        }
        else
        {
            Assert.Contains(InboundHarness.Updated, h.StatusMovesOf(roAppId));
        }
    }

    /// <summary>A host gateway that predates the inbound sync: only the reading members (outbound's included).</summary>
    internal sealed class GatewayWrittenBeforeInbound(FakeGateway inner) : IRoAppGateway
    {
        public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) => inner.ListInvoiceStatusesAsync(companyId, cancellationToken);

        public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) => inner.ListTaxesAsync(companyId, cancellationToken);

        public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) => inner.ListCashboxesAsync(companyId, cancellationToken);

        public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => inner.IsLegacyIntegrationEnabledAsync(companyId, cancellationToken);

        public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) => inner.GetInvoiceAsync(companyId, invoiceId, cancellationToken);

        public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) => inner.GetPaymentAsync(companyId, paymentId, cancellationToken);
    }
}

/// <summary>Signs a body as Intuit does, for deliveries a test writes by hand.</summary>
internal static class WebhookSigning
{
    public static string Sign(string body, string verifierToken) =>
        Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(verifierToken), System.Text.Encoding.UTF8.GetBytes(body)));
}
