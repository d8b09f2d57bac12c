using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Faults;
using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.AspNetCore.Tests;

/// <summary>The endpoints over real HTTP against a Kestrel host, the simulator and SQLite.</summary>
public sealed class EndpointTests : IAsyncLifetime
{
    private SyncWebHost _host = null!;

    public async Task InitializeAsync() => _host = await SyncWebHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Connect_redirects_to_the_simulators_authorize_page_and_the_callback_connects_the_company()
    {
        using var client = _host.Client();
        using var connect = await client.GetAsync(new Uri("quickbooks/connect", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, connect.StatusCode);
        var authorize = connect.Headers.Location!;
        Assert.StartsWith(_host.Sim.AuthorizeEndpoint.ToString(), authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString(new Uri(_host.BaseAddress, "quickbooks/callback").ToString()), authorize.Query, StringComparison.Ordinal);

        // The simulator approves at once and sends the browser back to the callback (anonymous: the state names the company).
        using var anonymous = _host.Client(user: null);
        using var approved = await anonymous.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Found, approved.StatusCode);
        var callback = approved.Headers.Location!;
        Assert.Equal("/quickbooks/callback", callback.AbsolutePath);
        using var completed = await anonymous.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
        Assert.Equal("/quickbooks/?connected=1", completed.Headers.Location!.OriginalString);

        var state = await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/connection", UriKind.Relative));
        Assert.Equal(SyncWebHost.CompanyId, (string?)state!["companyId"]);
        Assert.Equal(_host.Company.RealmId, (string?)state["realmId"]);
        Assert.Equal("Fix-It Repair Shop (QuickBooks)", (string?)state["companyName"]);
        Assert.Equal("Disabled", (string?)state["status"]);   // enums as strings
        Assert.NotNull((string?)state["refreshTokenExpiresAt"]);

        // The same callback again: its state is spent. A clear 400, and the connection stays as it is.
        using var replay = await anonymous.GetAsync(callback);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("already used", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await anonymous.GetAsync(new Uri("quickbooks/callback?code=x&realmId=y", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("no state", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        state = await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/connection", UriKind.Relative));
        Assert.Equal(_host.Company.RealmId, (string?)state!["realmId"]);
    }

    [Fact]
    public async Task A_callback_whose_state_names_another_company_connects_nobody()
    {
        using var client = _host.Client();
        using var connect = await client.GetAsync(new Uri("quickbooks/connect", UriKind.Relative));
        using var anonymous = _host.Client(user: null);
        using var approved = await anonymous.GetAsync(connect.Headers.Location!);
        var callback = approved.Headers.Location!.ToString();
        var state = System.Web.HttpUtility.ParseQueryString(new Uri(callback).Query)["state"]!;
        var parts = state.Split('.', 3);   // version, company, the connector's own state (itself nonce.tag)
        var forged = callback.Replace(Uri.EscapeDataString(state), Uri.EscapeDataString($"{parts[0]}.{Convert.ToBase64String("shop-2"u8.ToArray()).TrimEnd('=')}.{parts[2]}"), StringComparison.Ordinal);
        Assert.NotEqual(callback, forged);

        using var answer = await anonymous.GetAsync(new Uri(forged));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("another company", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var shop2 = _host.Client(user: "pat;shop-2;owner");
        Assert.Equal("NotConnected", (string?)(await shop2.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/connection", UriKind.Relative)))!["status"]);
        Assert.Equal("NotConnected", (string?)(await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/connection", UriKind.Relative)))!["status"]);
    }

    [Fact]
    public async Task A_webhook_signed_by_the_simulator_is_answered_200_queued_and_moves_the_RO_App_invoice()
    {
        await _host.ConnectAsync();
        using var client = _host.Client();
        await EnableAsync(client);
        using var save = await client.PutAsJsonAsync(new Uri("quickbooks/api/settings", UriKind.Relative),
            new { version = await SettingsVersionAsync(client), invoiceVoidedStatusId = "canceled" });
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        _host.Gateway.AddInvoice("1001");
        var sent = await client.PostAsync(new Uri("quickbooks/api/invoices/1001/sync", UriKind.Relative), null);
        var outcome = await sent.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Synced", (string?)outcome!["result"]);
        var quickBooksId = (string)outcome["quickBooksId"]!;

        _host.Sim.Bookkeeper.VoidInvoice(_host.Company.RealmId, quickBooksId);

        await Eventually(() => _host.Sim.Webhooks.Log.Any(e => e.EntityId == quickBooksId && e.Outcome == WebhookOutcome.Delivered));
        var delivery = _host.Sim.Webhooks.Log.Last(e => e.EntityId == quickBooksId);
        Assert.Equal(200, delivery.StatusCode);
        await Eventually(() => _host.Gateway.StatusOf("1001") == "canceled");
    }

    [Fact]
    public async Task A_webhook_with_a_bad_or_missing_signature_is_401_and_queues_nothing()
    {
        using var anonymous = _host.Client(user: null);
        var body = """{"eventNotifications":[{"realmId":"1","dataChangeEvent":{"entities":[{"name":"Invoice","id":"1","operation":"Update","lastUpdated":"2026-03-02T10:00:00Z"}]}}]}""";

        using var bad = new HttpRequestMessage(HttpMethod.Post, "quickbooks/webhooks") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        bad.Headers.Add("intuit-signature", Convert.ToBase64String(new byte[32]));
        using var badAnswer = await anonymous.SendAsync(bad);
        using var unsigned = await anonymous.PostAsync(new Uri("quickbooks/webhooks", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, badAnswer.StatusCode);
        Assert.Equal("InvalidSignature", (string?)(await badAnswer.Content.ReadFromJsonAsync<JsonObject>())!["refusal"]);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("MissingSignature", (string?)(await unsigned.Content.ReadFromJsonAsync<JsonObject>())!["refusal"]);
        var queue = await _host.Client().GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/queue", UriKind.Relative));
        Assert.Equal(0, (long)queue!["pending"]!);
    }

    [Fact]
    public async Task An_oversized_webhook_is_413_with_or_without_a_content_length()
    {
        using var anonymous = _host.Client(user: null);
        var big = new byte[SyncWebHost.MaxWebhookBytes + 1];
        Array.Fill(big, (byte)' ');

        using var declared = await anonymous.PostAsync(new Uri("quickbooks/webhooks", UriKind.Relative), new ByteArrayContent(big));
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "quickbooks/webhooks") { Content = new StreamContent(new MemoryStream(big)) };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.Add("intuit-signature", "c2lnbmF0dXJl");
        using var streamed = await anonymous.SendAsync(chunked);
        using var justRight = await anonymous.PostAsync(new Uri("quickbooks/webhooks", UriKind.Relative), new ByteArrayContent(big[..SyncWebHost.MaxWebhookBytes]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal("TooLarge", (string?)(await streamed.Content.ReadFromJsonAsync<JsonObject>())!["refusal"]);
        Assert.Equal(HttpStatusCode.Unauthorized, justRight.StatusCode);   // within the limit: on to the signature check
    }

    [Fact]
    public async Task Invalid_settings_are_a_validation_problem_naming_each_field_and_the_fix_and_nothing_is_saved()
    {
        await _host.ConnectAsync();
        using var client = _host.Client();
        var version = await SettingsVersionAsync(client);

        using var answer = await client.PutAsJsonAsync(new Uri("quickbooks/api/settings", UriKind.Relative), new
        {
            version,
            triggerStatusIds = new[] { "awaiting-payment" },
            paymentCashboxId = "card-terminal",
            taxMappings = new[] { new { roAppTaxId = "sales-tax", quickBooksTaxCode = "California" }, new { roAppTaxId = "service-tax", quickBooksTaxCode = "Califronia" } },
            invoiceVoidedStatusId = "no-such-status",
        });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        var problem = await answer.Content.ReadFromJsonAsync<JsonObject>();
        var errors = problem!["errors"]!.AsObject();
        Assert.Equal(["invoiceVoidedStatusId", "taxMappings[1].quickBooksTaxCode"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("Califronia", (string)errors["taxMappings[1].quickBooksTaxCode"]![0]!, StringComparison.Ordinal);
        Assert.Contains("California", (string)errors["taxMappings[1].quickBooksTaxCode"]![0]!, StringComparison.Ordinal);   // the fix names the closest code
        Assert.Contains(problem["problems"]!.AsArray(), p => (string?)p!["field"] == "invoiceVoidedStatusId" && ((string?)p["fix"])!.Contains("Canceled", StringComparison.Ordinal));
        Assert.Equal(version, await SettingsVersionAsync(client));

        using var validate = await client.PostAsJsonAsync(new Uri("quickbooks/api/settings/validate", UriKind.Relative), new { version, taxMappings = new[] { new { roAppTaxId = "sales-tax", quickBooksTaxCode = "California" } } });
        Assert.Equal(HttpStatusCode.OK, validate.StatusCode);
    }

    [Fact]
    public async Task Settings_bodies_with_unknown_fields_or_wrong_types_are_refused_naming_the_field()
    {
        using var client = _host.Client();

        using var unknown = await client.PutAsync(new Uri("quickbooks/api/settings", UriKind.Relative), Json("""{"version":0,"companyId":"someone-else"}"""));
        using var wrongType = await client.PutAsync(new Uri("quickbooks/api/settings", UriKind.Relative), Json("""{"version":0,"triggerStatusIds":"paid"}"""));
        using var noVersion = await client.PutAsync(new Uri("quickbooks/api/settings", UriKind.Relative), Json("""{"triggerStatusIds":[]}"""));
        using var stale = await client.PutAsync(new Uri("quickbooks/api/settings", UriKind.Relative), Json("""{"version":7}"""));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("companyId", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.True((await wrongType.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("triggerStatusIds"));
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.Contains("version", await noVersion.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(0, await SettingsVersionAsync(client));
    }

    [Fact]
    public async Task The_journal_pages_newest_first_and_filters_by_outcome_and_invoice()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _host.Sync.InvoiceStatusChangedAsync(SyncWebHost.CompanyId, "inv-" + i, "new", CancellationToken.None);
        }

        using var client = _host.Client();
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = "quickbooks/api/journal?limit=2" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await client.GetFromJsonAsync<JsonObject>(new Uri(url, UriKind.Relative));
            var entries = page!["entries"]!.AsArray();
            Assert.InRange(entries.Count, 1, 2);
            Assert.All(entries, e => Assert.Equal("Skipped", (string?)e!["outcome"]));
            seen.AddRange(entries.Select(e => (string)e!["roAppEntityId"]!));
            token = (string?)page["continuationToken"];
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["inv-5", "inv-4", "inv-3", "inv-2", "inv-1"], seen);

        var one = await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/journal?invoiceId=inv-3", UriKind.Relative));
        Assert.Equal("inv-3", (string?)Assert.Single(one!["entries"]!.AsArray())!["roAppEntityId"]);
        var dead = await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/journal?outcome=Dead,Failed", UriKind.Relative));
        Assert.Empty(dead!["entries"]!.AsArray());

        using var badOutcome = await client.GetAsync(new Uri("quickbooks/api/journal?outcome=Exploded", UriKind.Relative));
        using var badToken = await client.GetAsync(new Uri("quickbooks/api/journal?continuationToken=forged", UriKind.Relative));
        using var badLimit = await client.GetAsync(new Uri("quickbooks/api/journal?limit=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
        Assert.Contains("Dead", await badOutcome.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task A_failed_send_is_dead_in_the_queue_and_the_journal_and_retry_sends_it()
    {
        await _host.ConnectAsync();
        using var client = _host.Client();
        await EnableAsync(client);
        using var save = await client.PutAsJsonAsync(new Uri("quickbooks/api/settings", UriKind.Relative),
            new { version = await SettingsVersionAsync(client), triggerStatusIds = new[] { "awaiting-payment" } });
        save.EnsureSuccessStatusCode();
        _host.Sim.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Operation = FaultOperation.Create, Entity = "Invoice", Times = 1 });
        _host.Gateway.AddInvoice("2002");

        await _host.Sync.InvoiceStatusChangedAsync(SyncWebHost.CompanyId, "2002", "awaiting-payment", CancellationToken.None);

        JsonObject? queue = null;
        await Eventually(async () => (long)(queue = await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/queue", UriKind.Relative)))!["dead"]! == 1);
        var deadItem = queue!["deadItems"]!.AsArray().Single()!;
        var workItemId = (long)deadItem["id"]!;
        Assert.Equal("DeadLettered", (string?)deadItem["state"]);
        var journal = await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/journal?outcome=Dead&invoiceId=2002", UriKind.Relative));
        Assert.Equal(workItemId, (long)journal!["entries"]!.AsArray().Single()!["workItemId"]!);

        using var retry = await client.PostAsync(new Uri($"quickbooks/api/queue/{workItemId}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await Eventually(async () => (string?)(await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/invoices/2002", UriKind.Relative)))!["status"] == "Synced");
        var state = await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/invoices/2002", UriKind.Relative));
        Assert.StartsWith("https://app.sandbox.qbo.intuit.com/app/invoice?txnId=", (string?)state!["quickBooksUrl"], StringComparison.Ordinal);
        Assert.Single(_host.Sim.Inspect(_host.Company.RealmId).All("Invoice"));

        // Retrying work that is not stopped (here: completed) or unknown changes nothing and says why.
        using var again = await client.PostAsync(new Uri($"quickbooks/api/queue/{workItemId}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Completed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknown = await client.PostAsync(new Uri("quickbooks/api/queue/999999/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Dismiss_hides_an_entry_from_the_journal_without_dismissed_entries()
    {
        await _host.Sync.InvoiceStatusChangedAsync(SyncWebHost.CompanyId, "inv-9", "new", CancellationToken.None);
        using var client = _host.Client();
        var entry = (await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/journal", UriKind.Relative)))!["entries"]!.AsArray().Single()!;

        using var dismiss = await client.PostAsync(new Uri($"quickbooks/api/journal/{(long)entry["id"]!}/dismiss", UriKind.Relative), null);
        using var unknown = await client.PostAsync(new Uri("quickbooks/api/journal/424242/dismiss", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, dismiss.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/journal?includeDismissed=false", UriKind.Relative)))!["entries"]!.AsArray());
        Assert.True((bool)(await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/journal", UriKind.Relative)))!["entries"]![0]!["dismissed"]!);
    }

    [Theory]
    [InlineData("GET", "quickbooks/api/connection")]
    [InlineData("GET", "quickbooks/api/settings")]
    [InlineData("GET", "quickbooks/api/journal")]
    [InlineData("GET", "quickbooks/api/queue")]
    [InlineData("GET", "quickbooks/api/invoices/1")]
    [InlineData("POST", "quickbooks/api/queue/1/retry")]
    [InlineData("POST", "quickbooks/api/connection/enable")]
    [InlineData("GET", "quickbooks/connect")]
    [InlineData("GET", "quickbooks/")]
    [InlineData("GET", "quickbooks/assets/app.js")]
    public async Task Everything_but_the_webhook_and_the_callback_needs_the_hosts_policy(string method, string path)
    {
        using var anonymous = _host.Client(user: null);
        using var clerk = _host.Client(user: "ivan;" + SyncWebHost.CompanyId + ";clerk");
        using var owner = _host.Client();

        using var a = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        using var c = await clerk.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        using var o = await owner.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, c.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, o.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, o.StatusCode);
    }

    [Fact]
    public async Task A_user_without_a_company_and_a_change_without_the_request_header_are_refused()
    {
        using var noCompany = _host.Client(user: "root;;owner");
        using var plain = new HttpClient { BaseAddress = _host.BaseAddress };
        plain.DefaultRequestHeaders.Add(TestAuthentication.Header, TestAuthentication.Owner(SyncWebHost.CompanyId));

        using var a = await noCompany.GetAsync(new Uri("quickbooks/api/connection", UriKind.Relative));
        using var b = await plain.PostAsync(new Uri("quickbooks/api/connection/disable", UriKind.Relative), null);
        using var c = await plain.GetAsync(new Uri("quickbooks/api/connection", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, a.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, b.StatusCode);
        Assert.Contains("X-QuickBooks-Sync", await b.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, c.StatusCode);
    }

    [Fact]
    public async Task Enable_before_connecting_is_a_conflict_with_the_reason()
    {
        using var client = _host.Client();
        using var enable = await client.PostAsync(new Uri("quickbooks/api/connection/enable", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, enable.StatusCode);
        var problem = await enable.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("EnableRefused", (string?)problem!["failure"]);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task EnableAsync(HttpClient client)
    {
        using var enable = await client.PostAsync(new Uri("quickbooks/api/connection/enable", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        Assert.Equal("Connected", (string?)(await enable.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
    }

    private static async Task<long> SettingsVersionAsync(HttpClient client) =>
        (long)(await client.GetFromJsonAsync<JsonObject>(new Uri("quickbooks/api/settings", UriKind.Relative)))!["settings"]!["version"]!;

    private static Task Eventually(Func<bool> condition) => Eventually(() => Task.FromResult(condition()));

    internal static async Task Eventually(Func<Task<bool>> condition)
    {
        // The worker and the simulator's webhook pump run on their own; wait for the effect, bounded.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The expected effect did not happen within 20 s.");
            await Task.Delay(100);
        }
    }
}
