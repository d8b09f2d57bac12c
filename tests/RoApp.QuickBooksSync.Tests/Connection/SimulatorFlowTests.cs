using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Connection;

/// <summary>The whole OAuth flow against the QuickBooks Online simulator, its clock shared with the library's.</summary>
public sealed class SimulatorFlowTests : IAsyncLifetime
{
    private const string TokenPath = "/oauth2/v1/tokens/bearer";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private QuickBooksSimulator _sim = null!;
    private ConnectionHarness _app = null!;
    private SimulatedCompany _shop = null!;
    private SimulatedCompany _otherShop = null!;

    public Task InitializeAsync()
    {
        _sim = QuickBooksSimulator.Start(new QuickBooksSimulatorOptions { TimeProvider = _time });
        _shop = _sim.AddCompany(new CompanyOptions { CompanyName = "Fix-It Shop" });
        _otherShop = _sim.AddCompany(new CompanyOptions { CompanyName = "Fix-It North", Profile = CompanyProfile.Canada });
        _app = NewProcess();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Connect_refresh_when_the_clock_passes_expiry_with_rotation_and_API_calls_on_the_new_token()
    {
        var state = await ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId);
        var first = await _app.StoredTokensAsync("c1");

        Assert.Equal(QuickBooksConnectionStatus.Disabled, state.Status);
        Assert.Equal(("Fix-It Shop", "US"), (state.CompanyName, state.Country));
        Assert.NotNull(state.RefreshTokenHardExpiresAt);

        _time.Advance(TimeSpan.FromMinutes(61));
        var info = await _app.Get<IQuickBooksClient>().GetCompanyInfoAsync(_shop.RealmId, CancellationToken.None);
        var second = await _app.StoredTokensAsync("c1");

        Assert.Equal("Fix-It Shop", info.CompanyName);
        Assert.Equal(2, TokenRequests());
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(_time.GetUtcNow().AddHours(1), (await _app.Connector.GetStateAsync("c1", CancellationToken.None)).AccessTokenExpiresAt);

        var logs = string.Join("\n", _app.Logs.Lines);
        foreach (var secret in new[] { first.AccessToken, first.RefreshToken, second.AccessToken, second.RefreshToken, _sim.ClientSecret, ConnectionHarness.Key })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Fifty_parallel_calls_at_expiry_cause_exactly_one_request_to_the_simulators_token_endpoint()
    {
        await ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId);
        _time.Advance(TimeSpan.FromHours(1));

        var tokens = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => _app.Tokens.GetAccessTokenAsync(_shop.RealmId, CancellationToken.None).AsTask())));

        Assert.Equal(2, TokenRequests());
        Assert.Single(tokens.Distinct());
    }

    [Fact]
    public async Task Two_connector_instances_on_one_store_refresh_once()
    {
        await ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId);
        using var other = NewProcess(_app);
        _time.Advance(TimeSpan.FromHours(1));

        var a = await _app.Get<IQuickBooksClient>().GetCompanyInfoAsync(_shop.RealmId, CancellationToken.None);
        var b = await other.Get<IQuickBooksClient>().GetCompanyInfoAsync(_shop.RealmId, CancellationToken.None);

        Assert.Equal(a.CompanyName, b.CompanyName);
        Assert.Equal(2, TokenRequests());
    }

    [Fact]
    public async Task Invalid_grant_after_a_revoke_needs_reconnect_and_reconnecting_heals_it()
    {
        await ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId);
        var raised = new List<string>();
        _app.Connector.ReconnectRequired += (_, e) => raised.Add(e.CompanyId);
        await RevokeAtIntuitAsync((await _app.StoredTokensAsync("c1")).RefreshToken);
        _time.Advance(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Tokens.GetAccessTokenAsync(_shop.RealmId, CancellationToken.None).AsTask());

        Assert.Equal(ConnectionFailure.ReconnectRequired, ex.Failure);
        Assert.Equal(["c1"], raised);
        Assert.Contains("pause c1", _app.Hooks.Calls);
        Assert.Equal(QuickBooksConnectionStatus.NeedsReconnect, (await _app.Connector.GetStateAsync("c1", CancellationToken.None)).Status);

        var healed = await ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId);
        Assert.Equal(QuickBooksConnectionStatus.Disabled, healed.Status);
        Assert.Contains("resume c1", _app.Hooks.Calls);
        Assert.NotNull(await _app.Get<IQuickBooksClient>().GetCompanyInfoAsync(_shop.RealmId, CancellationToken.None));
    }

    [Fact]
    public async Task Reconnect_to_another_realm_detaches_the_old_one_and_ends_its_grant()
    {
        await ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId);
        var old = await _app.StoredTokensAsync("c1");

        var state = await ConnectThroughBrowserAsync(_app, "c1", _otherShop.RealmId);

        Assert.Equal((_otherShop.RealmId, "Fix-It North", "CA"), (state.RealmId, state.CompanyName, state.Country));
        Assert.Contains($"detach c1 {_shop.RealmId}->{_otherShop.RealmId}", _app.Hooks.Calls);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallApiWithAsync(old.AccessToken, _shop.RealmId));
        var notConnected = await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Tokens.GetAccessTokenAsync(_shop.RealmId, CancellationToken.None).AsTask());
        Assert.Equal(ConnectionFailure.NotConnected, notConnected.Failure);
    }

    [Fact]
    public async Task A_callback_claiming_another_realm_than_the_code_was_issued_for_stores_nothing_revokes_the_grant_and_journals_why()
    {
        var begin = await _app.Connector.BeginConnectAsync("c1", CancellationToken.None);
        var callback = await AuthoriseInBrowserAsync(begin, _shop.RealmId);

        // The code is for the shop's realm; the callback claims the other shop's realm.
        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() =>
            _app.Connector.CompleteConnectAsync("c1", callback["code"], _otherShop.RealmId, callback["state"], CancellationToken.None).AsTask());

        Assert.Equal(ConnectionFailure.RealmNotVerified, ex.Failure);
        Assert.Contains(_otherShop.RealmId, ex.Message, StringComparison.Ordinal);
        Assert.Null(await _app.Connections.GetAsync("c1", CancellationToken.None));
        Assert.Null(await _app.Connections.FindByRealmAsync(_otherShop.RealmId, CancellationToken.None));
        Assert.Equal(1, _sim.RequestLog.Count(r => r.Path == "/v2/oauth2/tokens/revoke"));
        var entry = Assert.Single((await _app.Journal.QueryAsync(new JournalQuery { CompanyId = "c1" }, CancellationToken.None)).Entries);
        Assert.Equal(("ConnectRefused", JournalOutcome.Failed, _otherShop.RealmId), (entry.Operation, entry.Outcome, entry.RealmId));

        // The real owner of the other realm can still connect it, and c1 can connect its own.
        using var owner = NewProcess(_app);
        Assert.Equal(_otherShop.RealmId, (await ConnectThroughBrowserAsync(owner, "c2", _otherShop.RealmId)).RealmId);
        Assert.Equal(_shop.RealmId, (await ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId)).RealmId);
    }

    [Fact]
    public async Task When_QuickBooks_cannot_confirm_the_realm_the_connect_is_refused_nothing_is_stored_and_a_retry_works()
    {
        _sim.Faults.Add(new RoApp.QuickBooksSync.Testing.Faults.FaultRule
        {
            Kind = RoApp.QuickBooksSync.Testing.Faults.FaultKind.ServiceUnavailable,
            Entity = "CompanyInfo",
            RealmId = _shop.RealmId,
            Times = 1,
        });

        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() => ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId));

        Assert.Equal(ConnectionFailure.RealmNotVerified, ex.Failure);
        Assert.Contains("could not be confirmed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Try connecting again", ex.Message, StringComparison.Ordinal);
        Assert.Null(await _app.Connections.GetAsync("c1", CancellationToken.None));
        Assert.Equal(1, _sim.RequestLog.Count(r => r.Path == "/v2/oauth2/tokens/revoke"));
        Assert.Equal(_shop.RealmId, (await ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId)).RealmId);
    }

    [Fact]
    public async Task Disconnect_revokes_at_the_simulator_and_forgets_the_tokens()
    {
        await ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId);
        var tokens = await _app.StoredTokensAsync("c1");

        var result = await _app.Connector.DisconnectAsync("c1", CancellationToken.None);

        Assert.True(result.Revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallApiWithAsync(tokens.AccessToken, _shop.RealmId));
        Assert.Equal(QuickBooksConnectionStatus.NotConnected, (await _app.Connector.GetStateAsync("c1", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Settings_are_checked_against_the_simulated_companys_tax_codes_and_accounts()
    {
        await ConnectThroughBrowserAsync(_app, "c1", _otherShop.RealmId);
        var gateway = (FakeGateway)_app.Gateway;
        gateway.Taxes.AddRange([new("gst", "GST"), new("hst", "HST")]);
        gateway.Cashboxes.Add(new("cash", "Cash desk"));
        var service = _app.Get<IQuickBooksSettingsService>();

        var result = await service.ValidateAsync(new CompanySettings
        {
            CompanyId = "c1",
            TaxMappings = [new("gst", " gst "), new("hst", "HST")],
            DepositAccountIdsByCashboxId = new Dictionary<string, string> { ["cash"] = _otherShop.IncomeAccountId },
            ItemPolicy = new ItemPolicy { SingleItemId = "999999" },
        }, CancellationToken.None);

        Assert.Equal(["DepositAccountIdsByCashboxId[cash]", "TaxMappings[1].QuickBooksTaxCode", "ItemPolicy.SingleItemId"], result.Errors.Select(e => e.Field));
        Assert.Contains("'HST ON'", result.Errors.ElementAt(1).Fix, StringComparison.Ordinal);

        var fixedUp = await service.ValidateAsync(new CompanySettings
        {
            CompanyId = "c1",
            TaxMappings = [new("gst", "GST"), new("hst", "HST ON")],
            DepositAccountIdsByCashboxId = new Dictionary<string, string> { ["cash"] = _otherShop.BankAccountId },
            ItemPolicy = new ItemPolicy { SingleItemId = _otherShop.ServiceItemId, IncomeAccountId = _otherShop.IncomeAccountId },
        }, CancellationToken.None);
        Assert.Empty(fixedUp.Errors);
    }

    [Fact]
    public async Task The_keep_alive_carries_an_idle_connection_through_three_years_where_it_would_die_after_about_100_days()
    {
        await ConnectThroughBrowserAsync(_app, "c1", _shop.RealmId);
        var keepAlive = _app.Get<IEnumerable<IHostedService>>().OfType<ConnectionKeepAlive>().Single();

        for (var day = 0; day < 3 * 365; day++)
        {
            _time.Advance(TimeSpan.FromDays(1));
            await keepAlive.RunOnceAsync(CancellationToken.None);
        }

        var info = await _app.Get<IQuickBooksClient>().GetCompanyInfoAsync(_shop.RealmId, CancellationToken.None);
        Assert.Equal("Fix-It Shop", info.CompanyName);
        Assert.Null((await _app.Connector.GetStateAsync("c1", CancellationToken.None)).NeedsReconnectReason);

        // The control: left alone past the rolling expiry, the same simulator refuses the refresh token.
        _time.Advance(TimeSpan.FromDays(102));
        await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Tokens.GetAccessTokenAsync(_shop.RealmId, CancellationToken.None).AsTask());
    }

    private ConnectionHarness NewProcess(ConnectionHarness? sharing = null) => new(
        intuit: null,
        _time,
        sharing?.Connections,
        sharing?.Settings,
        sharing?.Gateway ?? new FakeGateway(),
        o =>
        {
            o.ClientId = _sim.ClientId;
            o.ClientSecret = _sim.ClientSecret;
            o.AuthorizeEndpoint = _sim.AuthorizeEndpoint;
            o.TokenEndpoint = _sim.TokenEndpoint;
            o.RevokeEndpoint = _sim.RevokeEndpoint;
            o.ApiBaseUrl = _sim.BaseUrl;
        });

    /// <summary>What the user's browser does: open the authorisation URL, pick a company, come back with the callback.</summary>
    private static async Task<QuickBooksConnectionState> ConnectThroughBrowserAsync(ConnectionHarness app, string companyId, string realmId)
    {
        var begin = await app.Connector.BeginConnectAsync(companyId, CancellationToken.None);
        var query = await AuthoriseInBrowserAsync(begin, realmId);
        return await app.Connector.CompleteConnectAsync(companyId, query["code"], query["realmId"], query["state"], CancellationToken.None);
    }

    /// <summary>The browser's part: open the authorisation URL, pick a company, and read the callback's query.</summary>
    private static async Task<Dictionary<string, string>> AuthoriseInBrowserAsync(QuickBooksAuthorizationRequest begin, string realmId)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var answer = await browser.GetAsync(new Uri($"{begin.AuthorizationUrl}&realmId={Uri.EscapeDataString(realmId)}"));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var callback = answer.Headers.Location!;
        Assert.StartsWith("https://crm.example.com/quickbooks/callback?", callback.ToString(), StringComparison.Ordinal);
        return callback.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
    }

    private int TokenRequests() => _sim.RequestLog.Count(r => r.Path == TokenPath);

    private async Task RevokeAtIntuitAsync(string token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _sim.RevokeEndpoint)
        {
            Content = new StringContent($$"""{"token":"{{token}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_sim.ClientId}:{_sim.ClientSecret}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private async Task<HttpStatusCode> CallApiWithAsync(string accessToken, string realmId)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_sim.BaseUrl, $"v3/company/{realmId}/companyinfo/{realmId}?minorversion=75"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
