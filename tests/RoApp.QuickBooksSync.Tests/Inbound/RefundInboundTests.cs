using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.Tests.Inbound;

/// <summary>Refund receipts and credit memos a bookkeeper makes in QuickBooks, recorded in RO App once; the library's own never.</summary>
public sealed class RefundInboundTests
{
    private const string Client = "client-7";
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Links the harness's QuickBooks customer to an RO App client, as the outbound sync does when it sends one of its invoices.</summary>
    private static async Task LinkCustomerAsync(InboundHarness h) =>
        Assert.True(await h.Links.SaveAsync(
            new EntityLink
            {
                CompanyId = InboundHarness.CompanyId,
                RealmId = h.RealmId,
                EntityType = SyncedEntityType.Customer,
                RoAppId = Client,
                QuickBooksId = h.CustomerId,
                Origin = LinkOrigin.RoApp,
                LastSyncedAt = h.Time.GetUtcNow(),
            },
            0,
            None));

    private static InvoiceLineInput[] Line(InboundHarness h, decimal amount) => [new InvoiceLineInput(h.Company.ServiceItemId, 1, amount, "Returned: charger")];

    [Theory]
    [InlineData(WebhookFormat.Legacy)]
    [InlineData(WebhookFormat.CloudEvents)]
    public async Task A_refund_receipt_made_in_QuickBooks_for_a_synced_client_is_recorded_once_as_cash_back(WebhookFormat format)
    {
        await using var h = await InboundHarness.StartAsync(format, webhooks: w => w.DuplicateProbability = 1.0);
        await LinkCustomerAsync(h);

        h.Tick();
        var receipt = h.Simulator.Bookkeeper.CreateRefundReceipt(h.RealmId, h.CustomerId, h.Company.BankAccountId, Line(h, 25m));
        await h.SettleAsync();
        await h.ReconcileAsync();
        await h.SettleAsync();

        var recorded = Assert.Single(h.Gateway.RecordedRefunds.Values);
        var id = receipt["Id"]!.GetValue<string>();
        Assert.Equal((Client, RoAppRefundKind.CashBack, 25m, InboundHarness.Cashbox, "Returned: charger", id),
            (recorded.ClientId, recorded.Kind, recorded.Amount, recorded.CashboxId, recorded.Description, recorded.QuickBooksId));
        Assert.Equal($"qbo:{h.RealmId}:refundreceipt:{id}", recorded.ExternalReference);
        var link = await h.Links.GetByRoAppIdAsync(InboundHarness.CompanyId, h.RealmId, SyncedEntityType.Refund, "ro-ref-" + recorded.ExternalReference, None);
        Assert.Equal((id, LinkOrigin.QuickBooks), (link?.QuickBooksId, link?.Origin));
        Assert.Contains(await h.JournalAsync(), e => e.Operation == "refund.record" && e.Outcome == JournalOutcome.Synced);
    }

    [Fact]
    public async Task A_refund_whose_webhook_was_lost_is_found_by_reconciliation()
    {
        await using var h = await InboundHarness.StartAsync(webhooks: w => w.DropProbability = 1.0);
        await LinkCustomerAsync(h);

        h.Tick();
        h.Simulator.Bookkeeper.CreateCreditMemo(h.RealmId, h.CustomerId, Line(h, 40m));
        await h.SettleAsync();
        Assert.Empty(h.Gateway.RecordedRefunds);
        await h.ReconcileAsync();
        await h.SettleAsync();

        Assert.Equal(40m, Assert.Single(h.Gateway.RecordedRefunds.Values).Amount);
    }

    [Fact]
    public async Task A_credit_memo_made_in_QuickBooks_is_recorded_as_credit_on_the_clients_balance_with_no_cashbox()
    {
        await using var h = await InboundHarness.StartAsync();
        await LinkCustomerAsync(h);

        h.Tick();
        h.Simulator.Bookkeeper.CreateCreditMemo(h.RealmId, h.CustomerId, Line(h, 40m));
        await h.SettleAsync();

        var recorded = Assert.Single(h.Gateway.RecordedRefunds.Values);
        Assert.Equal((RoAppRefundKind.ToBalance, 40m, (string?)null), (recorded.Kind, recorded.Amount, recorded.CashboxId));
        Assert.StartsWith($"qbo:{h.RealmId}:creditmemo:", recorded.ExternalReference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_librarys_own_refund_is_never_recorded_back_even_before_its_link_is_saved()
    {
        await using var h = await InboundHarness.StartAsync();
        await LinkCustomerAsync(h);

        // As the RO App → QuickBooks sync writes it, its link not saved yet (the process died after the write).
        h.Tick();
        await h.Client.CreateAsync(h.RealmId, new RefundReceipt
        {
            CustomerRef = new QuickBooksRef { Value = h.CustomerId },
            DepositToAccountRef = new QuickBooksRef { Value = h.Company.BankAccountId },
            PrivateNote = "RO App refund on invoice inv-1 [RO App ref refund:r-1]",
            Lines = [new InvoiceLine { DetailType = InvoiceLine.SalesItemLineDetailType, Amount = 10m, SalesItemLineDetail = new SalesItemLineDetail { ItemRef = new QuickBooksRef { Value = h.Company.ServiceItemId }, Qty = 1, UnitPrice = 10m } }],
        });
        await h.SettleAsync();
        await h.ReconcileAsync();
        await h.SettleAsync();

        Assert.Empty(h.Gateway.RecordedRefunds);
    }

    [Fact]
    public async Task The_librarys_own_linked_refund_costs_no_read_when_its_events_come_back()
    {
        await using var h = await InboundHarness.StartAsync();
        await LinkCustomerAsync(h);
        h.Tick();
        var own = await h.Client.CreateAsync(h.RealmId, new RefundReceipt
        {
            CustomerRef = new QuickBooksRef { Value = h.CustomerId },
            DepositToAccountRef = new QuickBooksRef { Value = h.Company.BankAccountId },
            PrivateNote = "RO App refund on invoice inv-1 [RO App ref refund:r-1]",
            Lines = [new InvoiceLine { DetailType = InvoiceLine.SalesItemLineDetailType, Amount = 10m, SalesItemLineDetail = new SalesItemLineDetail { ItemRef = new QuickBooksRef { Value = h.Company.ServiceItemId }, Qty = 1, UnitPrice = 10m } }],
        });
        Assert.True(await h.Links.SaveAsync(
            new EntityLink { CompanyId = InboundHarness.CompanyId, RealmId = h.RealmId, EntityType = SyncedEntityType.Refund, RoAppId = "r-1", QuickBooksId = own.Id!, Origin = LinkOrigin.RoApp, LastSyncedAt = h.Time.GetUtcNow() },
            0,
            None));

        await h.SettleAsync();
        await h.ReconcileAsync();
        await h.SettleAsync();

        Assert.Empty(h.Gateway.RecordedRefunds);
        Assert.DoesNotContain(h.Simulator.RequestLog, r => r.Method == "GET" && r.Path.EndsWith("/refundreceipt/" + own.Id, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_refund_for_a_customer_RO_App_does_not_know_is_journalled_as_skipped_and_not_recorded()
    {
        await using var h = await InboundHarness.StartAsync();

        h.Tick();
        h.Simulator.Bookkeeper.CreateRefundReceipt(h.RealmId, h.CustomerId, h.Company.BankAccountId, Line(h, 25m));
        await h.SettleAsync();

        Assert.Empty(h.Gateway.RecordedRefunds);
        var skipped = Assert.Single(await h.JournalAsync(), e => e.Operation == "refund.skipped");
        Assert.Contains("not a client synced from RO App", skipped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recorded_refund_deleted_later_in_QuickBooks_is_journalled_for_a_person_and_RO_App_is_left_alone()
    {
        await using var h = await InboundHarness.StartAsync();
        await LinkCustomerAsync(h);
        h.Tick();
        var receipt = h.Simulator.Bookkeeper.CreateRefundReceipt(h.RealmId, h.CustomerId, h.Company.BankAccountId, Line(h, 25m));
        await h.SettleAsync();

        h.Tick();
        h.Simulator.Bookkeeper.DeleteRefundReceipt(h.RealmId, receipt["Id"]!.GetValue<string>());
        await h.SettleAsync();

        Assert.Single(h.Gateway.RecordedRefunds);
        var entry = Assert.Single(await h.JournalAsync(), e => e.Operation == "refund.changed");
        Assert.Equal(JournalOutcome.Skipped, entry.Outcome);
        Assert.Contains("was deleted in QuickBooks", entry.Message, StringComparison.Ordinal);
        Assert.NotNull(entry.Fix);
    }

    [Fact]
    public async Task A_host_without_RecordRefundAsync_gets_a_failed_entry_naming_the_member_and_loses_nothing()
    {
        await using var h = await InboundHarness.StartAsync(gateway: g => new InboundProcessingTests.GatewayWrittenBeforeInbound(g));
        await LinkCustomerAsync(h);

        h.Tick();
        h.Simulator.Bookkeeper.CreateRefundReceipt(h.RealmId, h.CustomerId, h.Company.BankAccountId, Line(h, 25m));
        await h.SettleAsync();

        var failed = Assert.Single(await h.JournalAsync(), e => e.Outcome == JournalOutcome.Failed);
        Assert.Contains(nameof(IRoAppGateway.RecordRefundAsync), failed.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await h.Queue.GetStatsAsync(InboundHarness.CompanyId, h.Time.GetUtcNow(), None)).DeadLetteredCount);
    }
}
