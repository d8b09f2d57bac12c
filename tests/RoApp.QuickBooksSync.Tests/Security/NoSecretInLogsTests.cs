using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Testing.Faults;
using RoApp.QuickBooksSync.Tests.Inbound;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Security;

/// <summary>
/// A host logging everything at Trace into a structured sink (state values and scopes, not only the text)
/// must never receive a token, the client secret, the verifier token or the encryption key.
/// </summary>
public sealed class NoSecretInLogsTests
{
    [Fact]
    public void The_capture_expands_array_and_enumerable_state_values()
    {
        var capture = new LogCapture();
        var logger = capture.CreateLogger("test");
        IReadOnlyList<KeyValuePair<string, object?>> state =
        [
            new("Authorization", new[] { "Bearer abc-in-an-array" }),
            new("Nested", new List<KeyValuePair<string, IEnumerable<string>>> { new("X", ["deep-value"]) }),
        ];

        logger.Log(LogLevel.Trace, default, state, null, (_, _) => "formatted text without values");

        var line = Assert.Single(capture.Lines);
        Assert.Contains("Bearer abc-in-an-array", line, StringComparison.Ordinal);
        Assert.Contains("deep-value", line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.String[]", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_wide_default_HttpClient_logger_added_after_the_library_does_not_reach_its_clients()
    {
        await using var sim = RoApp.QuickBooksSync.Testing.QuickBooksSimulator.Start();
        var company = sim.AddCompany();
        var token = sim.IssueTokens(company.RealmId).AccessToken;
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddQuickBooksSync(o => o.ApiBaseUrl = sim.BaseUrl);
        services.Replace(ServiceDescriptor.Singleton<RoApp.QuickBooksSync.Api.IQuickBooksAccessTokenProvider>(new Api.StaticAccessTokenProvider(token)));

        // The host turns on HttpClient logging for all its clients, after adding the library.
        services.ConfigureHttpClientDefaults(b => b.AddDefaultLogger());
        await using var provider = services.BuildServiceProvider();

        var info = await provider.GetRequiredService<RoApp.QuickBooksSync.Api.IQuickBooksClient>().GetCompanyInfoAsync(company.RealmId, CancellationToken.None);

        Assert.NotNull(info);
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_refresh_rotation_api_calls_faults_webhooks_and_disconnect_log_no_secret_at_trace()
    {
        await using var h = await InboundHarness.StartAsync(minimumLevel: LogLevel.Trace);
        using var telemetry = new Diagnostics.TelemetryCapture(h.Get<RoApp.QuickBooksSync.Diagnostics.SyncMetrics>().Meter);
        var exceptions = new List<string>();
        var secrets = new HashSet<string>(StringComparer.Ordinal)
        {
            h.Simulator.ClientSecret,
            h.Simulator.VerifierToken,
            ConnectionHarness.Key,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{h.Simulator.ClientId}:{h.Simulator.ClientSecret}")),
        };
        var codec = h.Get<TokenCodec>();
        var connections = h.Get<RoApp.QuickBooksSync.Storage.IConnectionStore>();
        async Task RememberTokensAsync()
        {
            var row = await connections.GetAsync(InboundHarness.CompanyId, CancellationToken.None);
            var tokens = codec.Unprotect(row!.ProtectedTokens);
            secrets.Add(tokens.AccessToken);
            secrets.Add(tokens.RefreshToken);
        }

        await RememberTokensAsync();

        // API calls, a write and a fault QuickBooks answers.
        var (_, invoice) = await h.SyncedInvoiceAsync();
        await h.Client.GetCompanyInfoAsync(h.RealmId, CancellationToken.None);
        exceptions.Add((await Assert.ThrowsAsync<QuickBooksObjectNotFoundException>(() => h.Client.ReadAsync<Invoice>(h.RealmId, "999999", CancellationToken.None))).ToString());
        h.Simulator.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Operation = FaultOperation.Read, Times = 1 });
        exceptions.Add((await Assert.ThrowsAnyAsync<QuickBooksApiException>(() => h.Client.ReadAsync<Invoice>(h.RealmId, invoice.Id!, CancellationToken.None))).ToString());

        // Refresh with rotation, once failing at the token endpoint and then succeeding.
        h.Time.Advance(TimeSpan.FromMinutes(61));
        h.Simulator.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Operation = FaultOperation.Token, Times = 1 });
        exceptions.Add((await Assert.ThrowsAnyAsync<Exception>(() => h.Client.GetCompanyInfoAsync(h.RealmId, CancellationToken.None))).ToString());
        await h.Client.GetCompanyInfoAsync(h.RealmId, CancellationToken.None);
        await RememberTokensAsync();

        // Webhooks: the bookkeeper's payment arrives signed and is processed (reads with the new token);
        // a forged delivery is refused.
        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 100m, [new PaymentApplication(invoice.Id!, 100m)]);
        await h.SettleAsync();
        var forged = await h.Webhooks.HandleAsync("{}"u8.ToArray(), "Zm9yZ2Vk", CancellationToken.None);
        Assert.False(forged.Accepted);

        // Reconnect (a new grant, the old one revoked), then disconnect.
        var connector = h.Get<IQuickBooksConnector>();
        var begin = await connector.BeginConnectAsync(InboundHarness.CompanyId, CancellationToken.None);
        var code = h.Simulator.MintAuthorizationCode(h.RealmId, "https://crm.example.com/quickbooks/callback");
        secrets.Add(code);
        await connector.CompleteConnectAsync(InboundHarness.CompanyId, code, h.RealmId, begin.State, CancellationToken.None);
        await RememberTokensAsync();
        await connector.DisconnectAsync(InboundHarness.CompanyId, CancellationToken.None);

        // A refused callback (another realm than the code's) and a refused refresh also end in messages a host may log.
        var refused = await connector.BeginConnectAsync(InboundHarness.CompanyId, CancellationToken.None);
        var other = h.Simulator.AddCompany();
        var wrongCode = h.Simulator.MintAuthorizationCode(h.RealmId, "https://crm.example.com/quickbooks/callback");
        secrets.Add(wrongCode);
        exceptions.Add((await Assert.ThrowsAsync<QuickBooksConnectionException>(() => connector.CompleteConnectAsync(InboundHarness.CompanyId, wrongCode, other.RealmId, refused.State, CancellationToken.None).AsTask())).ToString());

        // Spans (names, tags, events, status), metric tags and exception texts are scanned like the log.
        var spans = telemetry.Spans.Select(a =>
            $"{a.DisplayName} {a.StatusDescription} {string.Join(";", a.TagObjects.Select(t => $"{t.Key}={LogCapture.Expand(t.Value)}"))} " +
            string.Join(";", a.Events.Select(e => e.Name + " " + string.Join(",", e.Tags.Select(t => $"{t.Key}={LogCapture.Expand(t.Value)}")))));
        var measurements = telemetry.Measurements.Select(m => m.Instrument + " " + string.Join(";", m.Tags.Select(t => $"{t.Key}={LogCapture.Expand(t.Value)}")));
        Assert.NotEmpty(telemetry.Spans);
        Assert.NotEmpty(telemetry.Measurements);
        Assert.Equal(4, exceptions.Count);

        var lines = h.Logs.Lines.Concat(spans).Concat(measurements).Concat(exceptions).ToList();
        Assert.True(lines.Count > 20, $"the flow logged ({lines.Count} lines)");
        foreach (var category in new[] { "Api.Http.ApiTransport", "Connection.QuickBooksOAuthClient", "Inbound.QuickBooksWebhookHandler", "Connection.QuickBooksConnector" })
        {
            Assert.Contains(lines, l => l.Contains("RoApp.QuickBooksSync." + category + " ", StringComparison.Ordinal));
        }
        Assert.True(secrets.Count >= 10, "tokens of three grants and rotations were collected");
        var leaks = secrets
            .Select(secret => (secret, count: lines.Count(l => l.Contains(secret, StringComparison.Ordinal))))
            .Where(x => x.count > 0)
            .Select(x => $"{x.secret[..Math.Min(6, x.secret.Length)]}… in {x.count} lines, e.g. {lines.First(l => l.Contains(x.secret, StringComparison.Ordinal)).Replace(x.secret, "<SECRET>", StringComparison.Ordinal)}")
            .ToList();
        Assert.True(leaks.Count == 0, "secrets in the log:\n" + string.Join("\n", leaks));
    }
}
