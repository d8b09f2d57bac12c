using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Webhooks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace RoApp.QuickBooksSync.Testing.Tests.Webhooks;

public sealed class WebhookTests
{
    private sealed class Receiver
    {
        private readonly Queue<int> _answers = new();

        public ConcurrentQueue<WebhookDelivery> Received { get; } = new();

        public Receiver Answer(params int[] statuses)
        {
            foreach (var s in statuses)
            {
                _answers.Enqueue(s);
            }

            return this;
        }

        public Task<int> HandleAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
        {
            Received.Enqueue(delivery);
            return Task.FromResult(_answers.Count > 0 ? _answers.Dequeue() : 200);
        }
    }

    private static (Harness H, Receiver R) Start(WebhookFormat format = WebhookFormat.Legacy, Action<WebhookOptions>? configure = null)
    {
        var receiver = new Receiver();
        var h = Harness.Create(configure: o =>
        {
            o.Webhooks.Format = format;
            o.Webhooks.Target = receiver.HandleAsync;
            configure?.Invoke(o.Webhooks);
        });
        return (h, receiver);
    }

    private static string Expected(string body, string key) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(body)));

    private static JsonObject LegacyEntity(WebhookDelivery d) =>
        (JsonObject)JsonNode.Parse(d.BodyText)!["eventNotifications"]![0]!["dataChangeEvent"]!["entities"]![0]!;

    [Fact]
    public async Task An_api_create_sends_a_signed_legacy_notification()
    {
        var (h, r) = Start();
        await using var _ = h;

        var customer = await h.CreateCustomerAsync("Hooked");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        var delivery = Assert.Single(r.Received);
        Assert.Equal(Expected(delivery.BodyText, h.Sim.VerifierToken), delivery.Signature);
        var root = JsonNode.Parse(delivery.BodyText)!;
        Assert.Equal(h.Realm, root["eventNotifications"]![0]!["realmId"].Str());
        var entity = LegacyEntity(delivery);
        Assert.Equal("Customer", entity["name"].Str());
        Assert.Equal(customer["Id"].Str(), entity["id"].Str());
        Assert.Equal("Create", entity["operation"].Str());
        Assert.NotNull(entity["lastUpdated"]);
    }

    [Fact]
    public async Task CloudEvents_format_names_the_entity_and_verb_in_the_type()
    {
        var (h, r) = Start(WebhookFormat.CloudEvents);
        await using var _ = h;
        var customer = await h.CreateCustomerAsync("Cloud");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "CE-1");

        await h.PostAsync("invoice?operation=void", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0" });
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        var events = r.Received.Select(d => JsonNode.Parse(d.BodyText)!.AsArray()[0]!).ToList();
        Assert.Equal(["qbo.customer.created.v1", "qbo.invoice.created.v1", "qbo.invoice.voided.v1"], events.Select(e => e["type"].Str()));
        var voided = events[2];
        Assert.Equal("1.0", voided["specversion"].Str());
        Assert.Equal(invoice["Id"].Str(), voided["intuitentityid"].Str());
        Assert.Equal(h.Realm, voided["intuitaccountid"].Str());
        Assert.False(string.IsNullOrEmpty(voided["id"].Str()));
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_after_10_seconds_on_the_simulator_clock()
    {
        var (h, r) = Start(configure: w => { });
        await using var _ = h;
        r.Answer(500);

        await h.CreateCustomerAsync("Retry");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);
        Assert.Single(r.Received);

        h.Time.Advance(TimeSpan.FromSeconds(9));
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);
        Assert.Single(r.Received);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        Assert.Equal([1, 2], r.Received.Select(d => d.Attempt));
        Assert.Equal([WebhookOutcome.Failed, WebhookOutcome.Delivered], h.Sim.Webhooks.Log.Select(l => l.Outcome));
    }

    [Fact]
    public async Task Retries_follow_Intuits_schedule_and_later_events_wait_behind_the_failed_one()
    {
        var (h, r) = Start();
        await using var _ = h;
        r.Answer(500, 503, 500);

        var first = await h.CreateCustomerAsync("First");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);
        await h.CreateCustomerAsync("Second");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);
        Assert.Single(r.Received); // the second waits behind the failing first

        foreach (var delay in new[] { 10, 20, 30 })
        {
            h.Time.Advance(TimeSpan.FromSeconds(delay));
            await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);
        }

        var ids = r.Received.Select(d => LegacyEntity(d)["id"].Str()).ToList();
        Assert.Equal(5, ids.Count);
        Assert.All(ids.Take(4), id => Assert.Equal(first["Id"].Str(), id));
        Assert.NotEqual(first["Id"].Str(), ids[4]);
    }

    [Fact]
    public async Task Dropped_events_are_logged_but_never_sent()
    {
        var (h, r) = Start(configure: w => w.DropProbability = 1.0);
        await using var _ = h;

        await h.CreateCustomerAsync("Dropped");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        Assert.Empty(r.Received);
        Assert.Equal(WebhookOutcome.Dropped, Assert.Single(h.Sim.Webhooks.Log).Outcome);
    }

    [Fact]
    public async Task Duplicated_events_arrive_twice_with_the_same_event_id()
    {
        var (h, r) = Start(configure: w => w.DuplicateProbability = 1.0);
        await using var _ = h;

        await h.CreateCustomerAsync("Twice");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        Assert.Equal(2, r.Received.Count);
        Assert.Single(r.Received.Select(d => d.EventId).Distinct());
    }

    [Fact]
    public async Task Reordered_events_arrive_after_the_next_one()
    {
        var (h, r) = Start(configure: w => w.ReorderProbability = 0.999);
        await using var _ = h;

        var first = await h.CreateCustomerAsync("One");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);
        Assert.Empty(r.Received); // held back
        var second = h.Sim.Bookkeeper.CreateCustomer(h.Realm, "Two");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        Assert.Equal([second["Id"].Str(), first["Id"].Str()], r.Received.Select(d => LegacyEntity(d)["id"].Str()));
    }

    [Fact]
    public async Task A_held_back_event_is_released_by_the_clock_when_nothing_follows()
    {
        var (h, r) = Start(configure: w => w.ReorderProbability = 0.999);
        await using var _ = h;

        await h.CreateCustomerAsync("Alone");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        Assert.Single(r.Received);
    }

    [Fact]
    public async Task Deliveries_to_a_url_carry_the_signature_header()
    {
        using var target = WireMockServer.Start();
        target.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await using var h = Harness.Create(configure: o => o.Webhooks.TargetUrl = new Uri(target.Url + "/hooks"));

        await h.CreateCustomerAsync("Over HTTP");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        var entry = Assert.Single(target.LogEntries);
        var body = entry.RequestMessage!.Body!;
        Assert.Equal(Expected(body, h.Sim.VerifierToken), entry.RequestMessage!.Headers!["intuit-signature"].Single());
        Assert.Contains("eventNotifications", body, StringComparison.Ordinal);
        Assert.Equal(WebhookOutcome.Delivered, Assert.Single(h.Sim.Webhooks.Log).Outcome);
    }

    [Fact]
    public async Task With_bundling_one_delivery_carries_waiting_events_of_several_realms()
    {
        var (h, r) = Start(configure: w => w.MaxEventsPerDelivery = 10);
        await using var _ = h;
        var other = h.Sim.AddCompany();
        r.Answer(500);

        await h.CreateCustomerAsync("Here");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);
        h.Sim.Bookkeeper.CreateCustomer(other.RealmId, "There");
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        var retried = r.Received.Last();
        var realms = JsonNode.Parse(retried.BodyText)!["eventNotifications"]!.AsArray().Select(n => n!["realmId"].Str()).ToList();
        Assert.Equal([h.Realm, other.RealmId], realms);
        Assert.Equal(2, retried.EventIds.Count);
        Assert.Equal(Expected(retried.BodyText, h.Sim.VerifierToken), retried.Signature);
    }

    [Fact]
    public async Task Format_and_target_can_change_while_running()
    {
        await using var h = Harness.Create();
        var receiver = new Receiver();
        h.Sim.Webhooks.SetTarget(receiver.HandleAsync);
        h.Sim.Webhooks.Format = WebhookFormat.CloudEvents;

        await h.CreateCustomerAsync("Switched");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        Assert.Equal(WebhookFormat.CloudEvents, Assert.Single(receiver.Received).Format);
    }
}
