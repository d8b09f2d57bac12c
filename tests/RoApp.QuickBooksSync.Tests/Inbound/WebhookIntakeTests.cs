using System.Text;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.Tests.Inbound;

/// <summary>Intake: signature, size, shape, routing to companies, de-duplication, durable enqueue.</summary>
public sealed class WebhookIntakeTests
{
    [Fact]
    public async Task Wrong_signature_is_refused_and_nothing_is_queued()
    {
        await using var h = await InboundHarness.StartAsync();
        var body = Legacy(h.RealmId, "Invoice", "42", "Update");

        var wrong = await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(body), WebhookSigning.Sign(body, "not-the-verifier-token"), CancellationToken.None);
        var missing = await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(body), null, CancellationToken.None);
        var tampered = await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(body.Replace("42", "43", StringComparison.Ordinal)), WebhookSigning.Sign(body, h.Simulator.VerifierToken), CancellationToken.None);

        Assert.Equal((false, WebhookRefusal.InvalidSignature, 401), (wrong.Accepted, wrong.Refusal, wrong.StatusCode));
        Assert.Equal(WebhookRefusal.MissingSignature, missing.Refusal);
        Assert.Equal(WebhookRefusal.InvalidSignature, tampered.Refusal);
        Assert.Equal(0, (await h.Queue.GetStatsAsync(null, h.Time.GetUtcNow(), CancellationToken.None)).PendingCount);
        Assert.DoesNotContain(h.Simulator.VerifierToken, string.Join("\n", h.Logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_and_their_events_are_counted_by_result()
    {
        await using var h = await InboundHarness.StartAsync();
        // The harness's own set-up changes in QuickBooks send webhooks too: let them land before counting.
        await h.SettleAsync();
        using var capture = new RoApp.QuickBooksSync.Tests.Diagnostics.TelemetryCapture(h.Get<RoApp.QuickBooksSync.Diagnostics.SyncMetrics>().Meter);
        var body = Legacy(h.RealmId, "Invoice", "42", "Update");
        var signature = WebhookSigning.Sign(body, h.Simulator.VerifierToken);

        await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(body), signature, CancellationToken.None);
        await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(body), signature, CancellationToken.None);
        await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(body), "bm90IGl0", CancellationToken.None);

        var events = capture.Of("roapp.quickbooks.webhook.events").Select(m => (m.Tag("result"), m.Value)).ToList();
        Assert.Equal([("enqueued", 1d), ("duplicate", 1d)], events);
        var deliveries = capture.Of("roapp.quickbooks.webhook.deliveries").Select(m => m.Tag("result")).ToList();
        Assert.Equal(["accepted", "accepted", "invalid_signature"], deliveries);
    }

    [Theory]
    [InlineData("{\"eventNotifications\":[{\"realmId\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"something\":\"else\"}")]
    [InlineData("[{\"specversion\":\"1.0\",\"id\":\"e1\",\"type\":\"qbo.invoice\"}]")]
    [InlineData("[{\"specversion\":\"1.0\",\"id\":\"e1\",\"type\":\"invoice.v1\",\"intuitentityid\":\"1\",\"intuitaccountid\":\"r\"}]")]
    public async Task Malformed_body_is_refused_with_a_reason_and_no_exception(string body)
    {
        await using var h = await InboundHarness.StartAsync();

        var result = await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(body), WebhookSigning.Sign(body, h.Simulator.VerifierToken), CancellationToken.None);

        Assert.Equal((WebhookRefusal.Malformed, 400), (result.Refusal, result.StatusCode));
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Fact]
    public async Task Body_over_the_size_limit_is_refused_before_it_is_read()
    {
        await using var h = await InboundHarness.StartAsync();
        var body = new byte[1024 * 1024 + 1];

        var result = await h.Webhooks.HandleAsync(body, "c2lnbmF0dXJl", CancellationToken.None);

        Assert.Equal((WebhookRefusal.TooLarge, 413), (result.Refusal, result.StatusCode));
        Assert.Contains("MaxWebhookBodyBytes", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudEvents_of_several_realms_are_routed_and_unknown_realms_dropped_with_a_log_line()
    {
        await using var h = await InboundHarness.StartAsync();
        var body = $$$"""
            [{"specversion":"1.0","id":"ev-1","source":"intuit","type":"qbo.invoice.updated.v1","time":"2026-03-02T17:00:01Z","intuitentityid":"130","intuitaccountid":"{{{h.RealmId}}}","data":{}},
             {"specversion":"1.0","id":"ev-2","source":"intuit","type":"qbo.Invoice.Void.v1","time":"2026-03-02T17:00:02Z","intuitentityid":"131","intuitaccountid":"{{{h.RealmId}}}","data":{}},
             {"specversion":"1.0","id":"ev-3","source":"intuit","type":"qbo.payment.created.v1","time":"2026-03-02T17:00:03Z","intuitentityid":"7","intuitaccountid":"9999999999","data":{}},
             {"specversion":"1.0","id":"ev-4","source":"intuit","type":"qbo.customer.updated.v1","time":"2026-03-02T17:00:04Z","intuitentityid":"5","intuitaccountid":"{{{h.RealmId}}}","data":{}}]
            """;

        var result = await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(body), WebhookSigning.Sign(body, h.Simulator.VerifierToken), CancellationToken.None);

        Assert.Equal((true, 2, 2), (result.Accepted, result.Queued, result.Dropped));
        Assert.Contains(h.Logs.Lines, l => l.Contains("realm 9999999999 dropped: no company is connected", StringComparison.Ordinal));
        var items = await InboundItemsAsync(h);
        Assert.Equal(["ce:ev-1", "ce:ev-2"], items.Select(i => i.DeduplicationKey));
        var second = items[1];
        Assert.Contains("\"Operation\":\"Void\"", second.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_CloudEvents_delivery_for_two_connected_realms_queues_each_event_for_its_own_company()
    {
        await using var h = await InboundHarness.StartAsync();
        var now = h.Time.GetUtcNow();
        await h.Get<IConnectionStore>().SaveAsync(new StoredConnection
        {
            CompanyId = "shop-2",
            RealmId = "4620816365000000002",
            ProtectedTokens = [1],
            AccessTokenExpiresAt = now.AddHours(1),
            RefreshTokenExpiresAt = now.AddDays(100),
            ConnectedAt = now,
            UpdatedAt = now,
        }, 0, CancellationToken.None);
        await h.Get<ISettingsStore>().SaveAsync(new CompanySettings { CompanyId = "shop-2", Enabled = true }, 0, CancellationToken.None);
        var body = $$$"""
            [{"specversion":"1.0","id":"a-1","type":"qbo.invoice.updated.v1","time":"2026-03-02T17:00:01Z","intuitentityid":"130","intuitaccountid":"{{{h.RealmId}}}"},
             {"specversion":"1.0","id":"b-1","type":"qbo.payment.created.v1","time":"2026-03-02T17:00:01Z","intuitentityid":"7","intuitaccountid":"4620816365000000002"}]
            """;

        var result = await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(body), WebhookSigning.Sign(body, h.Simulator.VerifierToken), CancellationToken.None);

        Assert.Equal(2, result.Queued);
        var items = await InboundItemsAsync(h);
        Assert.Equal([(InboundHarness.CompanyId, "ce:a-1"), ("shop-2", "ce:b-1")], items.Select(i => (i.CompanyId, i.DeduplicationKey!)));
    }

    [Fact]
    public async Task Events_of_a_disabled_company_are_acknowledged_and_dropped()
    {
        await using var h = await InboundHarness.StartAsync(settings: s => s with { Enabled = false });
        var body = Legacy(h.RealmId, "Invoice", "42", "Update");

        var result = await h.Webhooks.HandleAsync(Encoding.UTF8.GetBytes(body), WebhookSigning.Sign(body, h.Simulator.VerifierToken), CancellationToken.None);

        Assert.Equal((true, 200, 0, 1), (result.Accepted, result.StatusCode, result.Queued, result.Dropped));
        Assert.Contains(h.Logs.Lines, l => l.Contains("is not enabled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repeated_legacy_delivery_is_queued_once_by_realm_entity_id_operation_and_time()
    {
        await using var h = await InboundHarness.StartAsync();
        var body = Legacy(h.RealmId, "Payment", "77", "Create");
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = WebhookSigning.Sign(body, h.Simulator.VerifierToken);

        var first = await h.Webhooks.HandleAsync(bytes, signature, CancellationToken.None);
        var again = await h.Webhooks.HandleAsync(bytes, signature, CancellationToken.None);

        Assert.Equal((1, 0), (first.Queued, first.Duplicates));
        Assert.Equal((0, 1), (again.Queued, again.Duplicates));
        var item = Assert.Single(await InboundItemsAsync(h));
        Assert.StartsWith($"wh:{h.RealmId}:Payment:77:Create:", item!.DeduplicationKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_verifier_token_refuses_with_the_setting_to_fix()
    {
        await using var h = await InboundHarness.StartAsync();
        var options = Microsoft.Extensions.Options.Options.Create(new QuickBooksSyncOptions());
        var handler = new QuickBooksWebhookHandler(options, h.Get<RoApp.QuickBooksSync.Engine.WorkQueue>(), h.Get<IConnectionStore>(), h.Get<ISettingsStore>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<QuickBooksWebhookHandler>.Instance, h.Get<RoApp.QuickBooksSync.Diagnostics.SyncMetrics>());

        var result = await handler.HandleAsync(Encoding.UTF8.GetBytes("[]"), "x", CancellationToken.None);

        Assert.Equal(WebhookRefusal.NotConfigured, result.Refusal);
        Assert.Contains("QuickBooksSync:WebhookVerifierToken", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qbo.invoice.voided.v1", "Void")]
    [InlineData("qbo.invoice.void.v1", "Void")]
    [InlineData("QBO.INVOICE.UPDATED.V1", "Update")]
    [InlineData("qbo.payment.created", "Create")]
    [InlineData("qbo.invoice.deleted.v2", "Delete")]
    [InlineData("qbo.invoice.emailed.v1", "Emailed")]
    [InlineData("qbo.invoice.teleported.v1", "Unknown")]
    [InlineData("com.intuit.quickbooks.invoice.voided.v1", "Void")]
    public void CloudEvent_verbs_are_parsed_tolerantly(string type, string expected)
    {
        var body = $$$"""[{"specversion":"1.0","id":"e","type":"{{{type}}}","intuitentityid":"1","intuitaccountid":"r"}]""";

        var (events, error) = WebhookPayloadParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Null(error);
        Assert.Equal(expected, Assert.Single(events).Operation.ToString());
    }

    [Fact]
    public async Task Simulator_deliveries_in_both_formats_are_accepted()
    {
        foreach (var format in new[] { WebhookFormat.Legacy, WebhookFormat.CloudEvents })
        {
            await using var h = await InboundHarness.StartAsync(format);
            h.Simulator.Bookkeeper.CreateInvoice(h.RealmId, h.CustomerId, [new InvoiceLineInput(h.Company.ServiceItemId, 1m, 10m)]);
            await h.Simulator.Webhooks.WhenIdleAsync(CancellationToken.None);

            Assert.NotEmpty(h.Results);
            Assert.All(h.Results, r => Assert.True(r.Accepted, r.Message));
            Assert.Contains(h.Results, r => r.Queued == 1);
        }
    }

    private static async Task<List<WorkItem>> InboundItemsAsync(InboundHarness h)
    {
        var items = new List<WorkItem>();
        for (long id = 1; id < 200; id++)
        {
            if (await h.Queue.GetAsync(id, CancellationToken.None) is { Kind: "inbound.event" } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    private static string Legacy(string realm, string entity, string id, string operation) =>
        $$$"""{"eventNotifications":[{"realmId":"{{{realm}}}","dataChangeEvent":{"entities":[{"name":"{{{entity}}}","id":"{{{id}}}","operation":"{{{operation}}}","lastUpdated":"2026-03-02T17:00:00.000Z"}]}}]}""";
}
