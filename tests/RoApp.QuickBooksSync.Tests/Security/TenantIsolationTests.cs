using System.Text;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Tests.Inbound;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Security;

/// <summary>
/// Money must stay with its tenant: a company's work and QuickBooks' events reach only the realm and the
/// company they belong to, across reconnects to another realm and with several companies in one process.
/// Real parts throughout: the simulator, the connector, the webhook intake, the worker, in-memory stores.
/// </summary>
public sealed class TenantIsolationTests
{
    private const string Callback = "https://crm.example.com/quickbooks/callback";

    [Fact]
    public async Task After_reconnecting_to_another_realm_the_old_realms_queued_events_are_never_applied_and_new_work_goes_to_the_new_realm_only()
    {
        var recording = new List<(string CompanyId, string What)>();
        await using var h = await InboundHarness.StartAsync(gateway: g => new RecordingGateway(g, recording));
        var realmA = h.RealmId;
        var (roAppId, invoiceA) = await h.SyncedInvoiceAsync();
        AddSnapshot(h, roAppId);

        // Realm B holds an invoice with the same QuickBooks id: a link or event of realm A applied to B would hit it.
        var realmB = h.Simulator.AddCompany(new CompanyOptions { CompanyName = "Another shop's books" });
        var customerB = h.Simulator.Bookkeeper.CreateCustomer(realmB.RealmId, "Someone Else")["Id"]!.GetValue<string>();
        var invoiceB = h.Simulator.Bookkeeper.CreateInvoice(realmB.RealmId, customerB, [new InvoiceLineInput(realmB.ServiceItemId, 1m, 999m)]);
        Assert.Equal(invoiceA.Id, invoiceB["Id"]!.GetValue<string>());
        var invoiceBBefore = invoiceB.ToJsonString();

        // A's bookkeeper takes a payment and edits the invoice; the webhooks are queued but not yet processed.
        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(realmA, 50m, [new PaymentApplication(invoiceA.Id!, 50m)]);
        await h.Simulator.Webhooks.WhenIdleAsync(CancellationToken.None);
        Assert.True((await h.Queue.GetStatsAsync(null, h.Time.GetUtcNow(), CancellationToken.None)).PendingCount > 0);
        var requestsBefore = h.Simulator.RequestLog.Count;
        var invoiceABefore = h.Simulator.Inspect(realmA).Find("Invoice", invoiceA.Id!)!.ToJsonString();

        // The company reconnects to realm B.
        var connector = h.Get<IQuickBooksConnector>();
        var begin = await connector.BeginConnectAsync(InboundHarness.CompanyId, CancellationToken.None);
        await connector.CompleteConnectAsync(InboundHarness.CompanyId, h.Simulator.MintAuthorizationCode(realmB.RealmId, Callback), realmB.RealmId, begin.State, CancellationToken.None);
        await h.Get<WorkRunner>().RunUntilIdleAsync(CancellationToken.None);

        // None of realm A's events reached RO App, and none was looked up in realm B.
        Assert.Empty(h.Gateway.RecordedPayments);
        Assert.Empty(h.Gateway.StatusChanges);
        Assert.DoesNotContain(recording, r => r.What is "status" or "payment");
        Assert.Contains(h.Logs.Lines, l => l.Contains($"no longer connected to realm {realmA}", StringComparison.Ordinal));
        var afterSwitch = h.Simulator.RequestLog.Skip(requestsBefore).ToList();
        Assert.DoesNotContain(afterSwitch, r => r.Path.StartsWith($"/v3/company/{realmA}/", StringComparison.Ordinal));
        Assert.DoesNotContain(afterSwitch, r => r.Path.Contains("/invoice", StringComparison.Ordinal) || r.Path.Contains("/payment", StringComparison.Ordinal));

        // A later webhook of realm A belongs to nobody now: acknowledged, dropped, nothing queued.
        var late = $$$"""{"eventNotifications":[{"realmId":"{{{realmA}}}","dataChangeEvent":{"entities":[{"name":"Invoice","id":"{{{invoiceA.Id}}}","operation":"Update","lastUpdated":"2026-03-02T18:00:00Z"}]}}]}""";
        var result = await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(late), WebhookSigning.Sign(late, h.Simulator.VerifierToken), CancellationToken.None);
        Assert.Equal((true, 0, 1), (result.Accepted, result.Queued, result.Dropped));

        // The RO App invoice synced again goes to realm B as a new invoice; B's same-id invoice and A's invoice are untouched.
        var outcome = await h.Get<IQuickBooksSync>().SyncInvoiceNowAsync(InboundHarness.CompanyId, roAppId, CancellationToken.None);
        Assert.True(outcome.Result is InvoiceSyncResult.Synced or InvoiceSyncResult.SyncedWithWarnings, outcome.Message);
        Assert.NotEqual(invoiceA.Id, outcome.QuickBooksId);
        Assert.NotNull(h.Simulator.Inspect(realmB.RealmId).Find("Invoice", outcome.QuickBooksId!));
        Assert.Equal(invoiceBBefore, h.Simulator.Inspect(realmB.RealmId).Find("Invoice", invoiceA.Id!)!.ToJsonString());
        Assert.Equal(invoiceABefore, h.Simulator.Inspect(realmA).Find("Invoice", invoiceA.Id!)!.ToJsonString());
        var link = await h.Links.GetByRoAppIdAsync(InboundHarness.CompanyId, realmB.RealmId, SyncedEntityType.Invoice, roAppId, CancellationToken.None);
        Assert.Equal(outcome.QuickBooksId, link?.QuickBooksId);
        var oldLink = await h.Links.GetByRoAppIdAsync(InboundHarness.CompanyId, realmA, SyncedEntityType.Invoice, roAppId, CancellationToken.None);
        Assert.True(oldLink is null or { State: LinkState.Detached }, $"the realm A link is {oldLink?.State}");
    }

    [Fact]
    public async Task A_webhook_for_realm_A_is_applied_to_company_A_only_never_to_company_B()
    {
        var recording = new List<(string CompanyId, string What)>();
        await using var h = await InboundHarness.StartAsync(gateway: g => new RecordingGateway(g, recording));
        var (_, invoiceA) = await h.SyncedInvoiceAsync();

        // A second company in the same process, connected to its own realm, with a link to an invoice of the same id.
        const string companyB = "shop-2";
        var realmB = h.Simulator.AddCompany();
        var connector = h.Get<IQuickBooksConnector>();
        var begin = await connector.BeginConnectAsync(companyB, CancellationToken.None);
        await connector.CompleteConnectAsync(companyB, h.Simulator.MintAuthorizationCode(realmB.RealmId, Callback), realmB.RealmId, begin.State, CancellationToken.None);
        await h.Get<ISettingsStore>().SaveAsync(new CompanySettings
        {
            CompanyId = companyB,
            Enabled = true,
            PaymentCashboxId = InboundHarness.Cashbox,
            InvoiceUpdatedStatusId = InboundHarness.Updated,
            PaymentCreatedStatusId = InboundHarness.Paid,
            InvoiceVoidedStatusId = InboundHarness.Voided,
        }, 0, CancellationToken.None);
        var customerB = h.Simulator.Bookkeeper.CreateCustomer(realmB.RealmId, "Bob B")["Id"]!.GetValue<string>();
        var invoiceB = h.Simulator.Bookkeeper.CreateInvoice(realmB.RealmId, customerB, [new InvoiceLineInput(realmB.ServiceItemId, 1m, 40m)]);
        Assert.True(await h.Links.SaveAsync(new EntityLink
        {
            CompanyId = companyB,
            RealmId = realmB.RealmId,
            EntityType = SyncedEntityType.Invoice,
            RoAppId = "b-inv-1",
            QuickBooksId = invoiceB["Id"]!.GetValue<string>(),
            SyncToken = invoiceB["SyncToken"]!.GetValue<string>(),
            Origin = LinkOrigin.RoApp,
            LastSyncedAt = h.Time.GetUtcNow(),
        }, 0, CancellationToken.None));
        await h.SettleAsync();
        recording.Clear();

        // Realm A's bookkeeper: a payment and a void on the invoice whose id company B's realm also uses.
        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 100m, [new PaymentApplication(invoiceA.Id!, 100m)]);
        h.Tick();
        h.Simulator.Bookkeeper.EditInvoice(h.RealmId, invoiceA.Id!, i => i["PrivateNote"] = "edited in A");
        await h.SettleAsync();

        Assert.Contains(recording, r => r == (InboundHarness.CompanyId, "payment"));
        Assert.DoesNotContain(recording, r => r.CompanyId == companyB && r.What is "status" or "payment");
        var journalB = await h.Journal.QueryAsync(new JournalQuery { CompanyId = companyB, Limit = 200 }, CancellationToken.None);
        Assert.DoesNotContain(journalB.Entries, e => e.Direction == JournalDirection.Inbound);
        Assert.Equal(invoiceB["SyncToken"]!.GetValue<string>(), h.Simulator.Inspect(realmB.RealmId).Find("Invoice", invoiceB["Id"]!.GetValue<string>())!["SyncToken"]!.GetValue<string>());
    }

    private static void AddSnapshot(InboundHarness h, string roAppId)
    {
        lock (h.Gateway.Invoices)
        {
            h.Gateway.Invoices[roAppId] = new RoAppInvoiceSnapshot
            {
                Id = roAppId,
                Number = "INV-" + roAppId,
                StatusId = InboundHarness.Open,
                Date = new DateOnly(2026, 3, 2),
                DueDate = new DateOnly(2026, 4, 1),
                Client = new RoAppContact { Id = "client-1", FirstName = "Ada", LastName = "Lovelace", Email = "ada@example.com" },
                Lines = [new RoAppInvoiceLine("Screen replacement", 1, 100m, 100m)],
                Total = 100m,
            };
        }
    }

    /// <summary>The fake RO App, noting which company each change was asked for.</summary>
    private sealed class RecordingGateway(FakeGateway inner, List<(string CompanyId, string What)> calls) : IRoAppGateway
    {
        public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) => inner.ListInvoiceStatusesAsync(companyId, cancellationToken);

        public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) => inner.ListTaxesAsync(companyId, cancellationToken);

        public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) => inner.ListCashboxesAsync(companyId, cancellationToken);

        public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => inner.IsLegacyIntegrationEnabledAsync(companyId, cancellationToken);

        public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) => inner.GetInvoiceAsync(companyId, invoiceId, cancellationToken);

        public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) => inner.GetPaymentAsync(companyId, paymentId, cancellationToken);

        public ValueTask<RoAppStatusChangeResult> ChangeInvoiceStatusAsync(string companyId, RoAppInvoiceStatusChange change, CancellationToken cancellationToken)
        {
            Note(companyId, "status");
            return inner.ChangeInvoiceStatusAsync(companyId, change, cancellationToken);
        }

        public ValueTask<RoAppPaymentRecordResult> RecordPaymentAsync(string companyId, RoAppPaymentRecord payment, CancellationToken cancellationToken)
        {
            Note(companyId, "payment");
            return inner.RecordPaymentAsync(companyId, payment, cancellationToken);
        }

        public ValueTask ReportPaymentChangeAsync(string companyId, RoAppPaymentChange change, CancellationToken cancellationToken)
        {
            Note(companyId, "payment-change");
            return inner.ReportPaymentChangeAsync(companyId, change, cancellationToken);
        }

        private void Note(string companyId, string what)
        {
            lock (calls)
            {
                calls.Add((companyId, what));
            }
        }
    }
}
