using System.Security.Cryptography;
using System.Text;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Tests.Inbound;

namespace RoApp.QuickBooksSync.Tests.Security;

/// <summary>
/// Hostile input at the webhook intake: correctly signed bodies (a leaked verifier token, or Intuit having a
/// bad day) mutated every way a parser can trip. Nothing may escape <c>HandleAsync</c>; each refusal is a 400
/// (or 413) with a reason. Deterministic: the seed fixes every body.
/// </summary>
public sealed class WebhookFuzzTests
{
    private const int Seed = 20261202;
    private const int Bodies = 12_000;

    [Fact]
    public async Task Twelve_thousand_signed_mutated_bodies_never_throw_and_each_refusal_says_why()
    {
        await using var h = await InboundHarness.StartAsync();
        var random = new Random(Seed);
        var verifier = Encoding.UTF8.GetBytes(h.Simulator.VerifierToken);
        var seeds = SeedBodies(h.RealmId);
        var escaped = new List<string>();
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        int accepted = 0, refused = 0;

        for (var n = 0; n < Bodies; n++)
        {
            var (kind, body) = Mutate(random, seeds[random.Next(seeds.Length)]);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            var signature = Convert.ToBase64String(HMACSHA256.HashData(verifier, body));
            try
            {
                var result = await h.Webhooks.HandleAsync(body, signature, CancellationToken.None);
                if (result.Accepted)
                {
                    accepted++;
                    Assert.Equal(200, result.StatusCode);
                }
                else
                {
                    refused++;
                    Assert.True(result.StatusCode is 400 or 413, $"{kind}: {result.Refusal} {result.StatusCode}");
                    Assert.False(string.IsNullOrWhiteSpace(result.Message), kind);
                }
            }
#pragma warning disable CA1031 // Whatever escapes is the finding.
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
#pragma warning restore CA1031
            {
                if (escaped.Count < 5)
                {
                    escaped.Add($"{kind}: {ex.GetType().Name}: {ex.Message} body: {Printable(body)}");
                }
                else
                {
                    escaped.Add(kind);
                }
            }
        }

        Assert.True(escaped.Count == 0, $"{escaped.Count} of {Bodies} bodies threw:\n" + string.Join("\n", escaped.Take(5)) +
            "\nby kind: " + string.Join(", ", escaped.Skip(5).GroupBy(k => k).Select(g => $"{g.Key} {g.Count()}")));

        // The mix is what the test claims it is, and both answers occur.
        Assert.All(new[] { "bitflip", "truncate", "deep", "wrongtype", "utf8", "surrogate", "hugenumber", "missing" }, k => Assert.True(kinds.GetValueOrDefault(k) > 500, k));
        Assert.True(accepted > 100 && refused > 5000, $"accepted {accepted}, refused {refused}");

        // And the intake still works afterwards.
        var good = Encoding.UTF8.GetBytes(seeds[0]);
        var after = await h.Webhooks.HandleAsync(good, Convert.ToBase64String(HMACSHA256.HashData(verifier, good)), CancellationToken.None);
        Assert.True(after.Accepted, after.Message);
    }

    [Theory]
    [InlineData("utf8", new byte[] { 0xFF, 0xFE })]
    [InlineData("overlong", new byte[] { 0xC0, 0xAF })]
    [InlineData("lone continuation", new byte[] { 0x80 })]
    [InlineData("encoded surrogate", new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task Invalid_utf8_inside_a_string_is_a_400_with_a_reason(string what, byte[] bad)
    {
        await using var h = await InboundHarness.StartAsync();
        var prefix = Encoding.UTF8.GetBytes($$"""{"eventNotifications":[{"realmId":"{{h.RealmId}}","dataChangeEvent":{"entities":[{"name":"Invoice","id":"4""");
        var suffix = Encoding.UTF8.GetBytes("\",\"operation\":\"Update\",\"lastUpdated\":\"2026-03-02T17:00:00Z\"}]}}]}");
        byte[] body = [.. prefix, .. bad, .. suffix];

        var result = await h.Webhooks.HandleAsync(body, Sign(body, h.Simulator.VerifierToken), CancellationToken.None);

        Assert.Equal((WebhookRefusal.Malformed, 400), (result.Refusal, result.StatusCode));
        Assert.False(string.IsNullOrWhiteSpace(result.Message), what);
    }

    [Theory]
    [InlineData("""[{"specversion":"1.0","id":"e1","type":"qbo.invoice.updated.v1","intuitentityid":"\uD800","intuitaccountid":"REALM"}]""")]
    [InlineData("""[{"specversion":"1.0","id":"e1","type":"qbo.invoice.updated.v1","intuitentityid":"1","intuitaccountid":"REALM\uDFFF"}]""")]
    [InlineData("""{"eventNotifications":[{"realmId":"REALM","dataChangeEvent":{"entities":[{"name":"Invoice\uD83D","id":"1","operation":"Update"}]}}]}""")]
    [InlineData("""{"eventNotifications":[{"realmId":"REALM","dataChangeEvent":{"entities":[{"name":"Invoice","id":1e99999999,"operation":"Update"}]}}]}""")]
    [InlineData("""{"eventNotifications":[{"realmId":"REALM","dataChangeEvent":{"entities":[{"name":"Invoice","id":{"x":1},"operation":"Update"}]}}]}""")]
    [InlineData("""{"eventNotifications":[{"realmId":["REALM"],"dataChangeEvent":{"entities":[]}}]}""")]
    [InlineData("""{"eventNotifications":[{"realmId":"REALM","dataChangeEvent":{"entities":[{"name":"Invoice","id":"1\u0000\n2","operation":"Update"}]}}]}""")]
    public async Task Lone_surrogates_wrong_types_huge_numbers_and_control_characters_are_a_400_with_a_reason(string template)
    {
        await using var h = await InboundHarness.StartAsync();
        var text = template.Replace("REALM", h.RealmId, StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(text);

        var result = await h.Webhooks.HandleAsync(body, Sign(body, h.Simulator.VerifierToken), CancellationToken.None);

        Assert.Equal((WebhookRefusal.Malformed, 400), (result.Refusal, result.StatusCode));
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Equal(0, (await h.Queue.GetStatsAsync(null, h.Time.GetUtcNow(), CancellationToken.None)).PendingCount);
    }

    [Fact]
    public async Task Deep_nesting_is_a_400_with_a_reason()
    {
        await using var h = await InboundHarness.StartAsync();
        var body = Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000));

        var result = await h.Webhooks.HandleAsync(body, Sign(body, h.Simulator.VerifierToken), CancellationToken.None);

        Assert.Equal((WebhookRefusal.Malformed, 400), (result.Refusal, result.StatusCode));
        Assert.Contains("JSON", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_over_the_event_cap_queues_the_first_events_and_logs_the_rest_as_left_to_reconciliation()
    {
        await using var h = await InboundHarness.StartAsync();
        var entities = string.Join(",", Enumerable.Range(1, 8000).Select(i => $$"""{"name":"Invoice","id":"{{i}}","operation":"Update","lastUpdated":"2026-03-02T17:00:00Z"}"""));
        var text = $$$"""{"eventNotifications":[{"realmId":"{{{h.RealmId}}}","dataChangeEvent":{"entities":[{{{entities}}}]}}]}""";
        var body = Encoding.UTF8.GetBytes(text);

        var result = await h.Webhooks.HandleAsync(body, Sign(body, h.Simulator.VerifierToken), CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        Assert.Equal((1000, 7000), (result.Queued, result.Dropped));
        Assert.Equal(1000, (await h.Queue.GetStatsAsync(null, h.Time.GetUtcNow(), CancellationToken.None)).PendingCount);
        Assert.Contains(h.Logs.Lines, l => l.Contains("8000 events", StringComparison.Ordinal) && l.Contains("MaxEventsPerDelivery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_a_store_outage_escapes_so_the_host_answers_500_and_Intuit_delivers_again()
    {
        await using var h = await InboundHarness.StartAsync();
        var broken = new StoreDown(h.Get<IConnectionStore>());
        var handler = new QuickBooksWebhookHandler(h.Get<Microsoft.Extensions.Options.IOptions<QuickBooksSyncOptions>>(), h.Get<RoApp.QuickBooksSync.Engine.WorkQueue>(),
            broken, h.Get<ISettingsStore>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<QuickBooksWebhookHandler>.Instance, h.Get<RoApp.QuickBooksSync.Diagnostics.SyncMetrics>());
        var body = Encoding.UTF8.GetBytes(SeedBodies(h.RealmId)[0]);
        var garbage = Encoding.UTF8.GetBytes("{\"eventNotifications\":[{\"realmId\":\"\\uD800\"}]}");

        await Assert.ThrowsAsync<TimeoutException>(() => handler.HandleAsync(body, Sign(body, h.Simulator.VerifierToken), CancellationToken.None));
        Assert.Equal(400, (await handler.HandleAsync(garbage, Sign(garbage, h.Simulator.VerifierToken), CancellationToken.None)).StatusCode);
    }

    private static string Sign(byte[] body, string verifierToken) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(verifierToken), body));

    private static string[] SeedBodies(string realm) =>
    [
        $$$"""{"eventNotifications":[{"realmId":"{{{realm}}}","dataChangeEvent":{"entities":[{"name":"Invoice","id":"130","operation":"Update","lastUpdated":"2026-03-02T17:00:01.000Z"},{"name":"Payment","id":"7","operation":"Create","lastUpdated":"2026-03-02T17:00:02Z"}]}}]}""",
        $$$"""[{"specversion":"1.0","id":"ev-1","source":"intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=","type":"qbo.invoice.updated.v1","datacontenttype":"application/json","time":"2026-03-02T17:00:01Z","intuitentityid":"130","intuitaccountid":"{{{realm}}}","data":{}},{"specversion":"1.0","id":"ev-2","type":"qbo.payment.created.v1","time":"2026-03-02T17:00:02Z","intuitentityid":"7","intuitaccountid":"{{{realm}}}","data":{}}]""",
        $$"""{"specversion":"1.0","id":"ev-3","type":"qbo.invoice.voided.v1","time":"2026-03-02T17:00:03Z","intuitentityid":"131","intuitaccountid":"{{realm}}"}""",
    ];

    private static (string Kind, byte[] Body) Mutate(Random random, string seed)
    {
        var bytes = Encoding.UTF8.GetBytes(seed);
        switch (random.Next(8))
        {
            case 0:
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return ("bitflip", bytes);
            case 1:
                return ("truncate", bytes[..random.Next(bytes.Length)]);
            case 2:
                var depth = random.Next(2) == 0 ? random.Next(20, 40) : random.Next(100, 5000);
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                var nested = Repeat(open, depth) + "1" + Repeat(close, depth);
                return ("deep", Encoding.UTF8.GetBytes(ReplaceValue(random, seed, nested)));
            case 3:
                string[] wrong = ["1", "-0.5", "true", "null", "{}", "[]", "{\"value\":\"1\"}", "[\"130\"]", "\"\""];
                return ("wrongtype", Encoding.UTF8.GetBytes(ReplaceValue(random, seed, wrong[random.Next(wrong.Length)])));
            case 4:
                byte[][] invalid = [[0xFF], [0xC0, 0x80], [0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xED, 0xB0, 0x80]];
                var at = StringInterior(random, bytes);
                return ("utf8", [.. bytes[..at], .. invalid[random.Next(invalid.Length)], .. bytes[at..]]);
            case 5:
                string[] surrogates = ["\\uD800", "\\uDFFF", "\\uD83D", "\\uDE00\\uD83D", "\\ud800x"];
                var inside = StringInterior(random, bytes);
                return ("surrogate", [.. bytes[..inside], .. Encoding.ASCII.GetBytes(surrogates[random.Next(surrogates.Length)]), .. bytes[inside..]]);
            case 6:
                string[] huge = ["1e99999999", "-1e-99999999", new string('9', random.Next(20, 5000)), "123456789012345678901234567890.5e308"];
                return ("hugenumber", Encoding.UTF8.GetBytes(ReplaceValue(random, seed, huge[random.Next(huge.Length)])));
            default:
                string[] fields = ["realmId", "intuitaccountid", "intuitentityid", "type", "name", "id", "entities", "dataChangeEvent", "eventNotifications"];
                var field = fields[random.Next(fields.Length)];
                var renamed = seed.Replace($"\"{field}\"", $"\"x{field}\"", StringComparison.Ordinal);
                return ("missing", Encoding.UTF8.GetBytes(renamed));
        }
    }

    // Replaces one string value (a "..." after a colon) with raw JSON text.
    private static string ReplaceValue(Random random, string seed, string replacement)
    {
        var starts = new List<int>();
        for (var i = seed.IndexOf(":\"", StringComparison.Ordinal); i >= 0; i = seed.IndexOf(":\"", i + 1, StringComparison.Ordinal))
        {
            starts.Add(i + 1);
        }

        var start = starts[random.Next(starts.Count)];
        var end = seed.IndexOf('"', start + 1);
        return seed[..start] + replacement + seed[(end + 1)..];
    }

    // A position just inside a string value, so the bytes land where a parser must decode them.
    private static int StringInterior(Random random, byte[] bytes)
    {
        var positions = new List<int>();
        for (var i = 1; i < bytes.Length; i++)
        {
            if (bytes[i - 1] == (byte)'"' && i > 1 && bytes[i - 2] == (byte)':')
            {
                positions.Add(i);
            }
        }

        return positions[random.Next(positions.Count)];
    }

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    private static string Printable(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length > 300 ? text[..300] + "…" : text;
    }

    private sealed class StoreDown(IConnectionStore inner) : IConnectionStore
    {
        public ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken) => inner.GetAsync(companyId, cancellationToken);

        public ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken) =>
            ValueTask.FromException<StoredConnection?>(new TimeoutException("the store is down"));

        public IAsyncEnumerable<StoredConnection> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken) => inner.SaveAsync(connection, expectedVersion, cancellationToken);

        public ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken) => inner.DeleteAsync(companyId, cancellationToken);

        public ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
            inner.SaveAuthorizationStateAsync(state, companyId, expiresAt, cancellationToken);

        public ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.TryTakeAuthorizationStateAsync(state, now, cancellationToken);
    }
}
