using System.Text;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Connection;

public sealed class OAuthFlowTests : IDisposable
{
    private readonly FakeIntuit _intuit = new();
    private readonly ConnectionHarness _app;

    public OAuthFlowTests() => _app = new ConnectionHarness(_intuit);

    public void Dispose()
    {
        _app.Dispose();
        _intuit.Dispose();
    }

    [Fact]
    public async Task Begin_connect_gives_Intuits_authorisation_url_with_client_scope_redirect_and_a_fresh_state()
    {
        var first = await _app.Connector.BeginConnectAsync("c1", CancellationToken.None);
        var second = await _app.Connector.BeginConnectAsync("c1", CancellationToken.None);

        var url = first.AuthorizationUrl.ToString();
        Assert.StartsWith("https://appcenter.intuit.com/connect/oauth2?", url, StringComparison.Ordinal);
        Assert.Contains($"client_id={FakeIntuit.ClientId}", url, StringComparison.Ordinal);
        Assert.Contains("response_type=code", url, StringComparison.Ordinal);
        Assert.Contains("scope=com.intuit.quickbooks.accounting", url, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=https%3A%2F%2Fcrm.example.com%2Fquickbooks%2Fcallback", url, StringComparison.Ordinal);
        Assert.Contains($"state={first.State}", url, StringComparison.Ordinal);
        Assert.True(first.State.Length >= 40, "a state of 256 random bits");
        Assert.NotEqual(first.State, second.State);
        Assert.Equal(_app.Time.GetUtcNow().AddMinutes(15), first.ExpiresAt);
    }

    [Fact]
    public async Task Complete_connect_stores_realm_tokens_expiries_and_the_QuickBooks_company_profile()
    {
        var state = await _app.ConnectAsync("c1", "realm-1");

        Assert.Equal(QuickBooksConnectionStatus.Disabled, state.Status);
        Assert.Equal("realm-1", state.RealmId);
        Assert.Equal("Company realm-1", state.CompanyName);
        Assert.Equal("US", state.Country);
        var now = _app.Time.GetUtcNow();
        Assert.Equal(now.AddHours(1), state.AccessTokenExpiresAt);
        Assert.Equal(now.AddSeconds(8726400), state.RefreshTokenExpiresAt);
        Assert.Equal(now.AddSeconds(157680000), state.RefreshTokenHardExpiresAt);
        Assert.True(_intuit.HardExpiryHeaderSeen);
        var row = await _app.Connections.GetAsync("c1", CancellationToken.None);
        Assert.Contains("\"CustomTransactionNumbers\":true", row!.CompanyProfileJson, StringComparison.Ordinal);
        var tokens = await _app.StoredTokensAsync("c1");
        Assert.True(_intuit.IsAccessTokenValid(tokens.AccessToken));
        Assert.True(_intuit.IsRefreshTokenValid(tokens.RefreshToken));
    }

    [Fact]
    public async Task A_stored_token_row_holds_no_token_text()
    {
        await _app.ConnectAsync("c1", "realm-1");
        _app.Time.Advance(TimeSpan.FromHours(2));
        await _app.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);

        var row = await _app.Connections.GetAsync("c1", CancellationToken.None);
        var rowText = string.Join("|", row!.ToString(), Encoding.UTF8.GetString(row.ProtectedTokens), Convert.ToBase64String(row.ProtectedTokens), Convert.ToHexString(row.ProtectedTokens));
        Assert.NotEmpty(_intuit.Secrets);
        foreach (var secret in _intuit.Secrets)
        {
            Assert.DoesNotContain(secret, rowText, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("access-", rowText, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh-", rowText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_state_is_refused_the_second_time()
    {
        var begin = await _app.Connector.BeginConnectAsync("c1", CancellationToken.None);
        await _app.Connector.CompleteConnectAsync("c1", _intuit.IssueCode("realm-1"), "realm-1", begin.State, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() =>
            _app.Connector.CompleteConnectAsync("c1", _intuit.IssueCode("realm-1"), "realm-1", begin.State, CancellationToken.None).AsTask());

        Assert.Equal(ConnectionFailure.InvalidState, ex.Failure);
        Assert.Contains("unknown, expired or already used", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_state_is_refused()
    {
        var begin = await _app.Connector.BeginConnectAsync("c1", CancellationToken.None);
        _app.Time.Advance(TimeSpan.FromMinutes(15));

        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() =>
            _app.Connector.CompleteConnectAsync("c1", _intuit.IssueCode("realm-1"), "realm-1", begin.State, CancellationToken.None).AsTask());

        Assert.Equal(ConnectionFailure.InvalidState, ex.Failure);
        Assert.Null(await _app.Connections.GetAsync("c1", CancellationToken.None));
        Assert.Equal(0, _intuit.TokenRequests);
    }

    [Fact]
    public async Task An_unknown_state_is_refused()
    {
        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() =>
            _app.Connector.CompleteConnectAsync("c1", _intuit.IssueCode("realm-1"), "realm-1", "made-up", CancellationToken.None).AsTask());

        Assert.Equal(ConnectionFailure.InvalidState, ex.Failure);
    }

    [Fact]
    public async Task Another_companys_state_is_refused_and_the_owners_connect_still_works()
    {
        var begin = await _app.Connector.BeginConnectAsync("c1", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() =>
            _app.Connector.CompleteConnectAsync("c2", _intuit.IssueCode("realm-1"), "realm-1", begin.State, CancellationToken.None).AsTask());
        var owner = await _app.Connector.CompleteConnectAsync("c1", _intuit.IssueCode("realm-1"), "realm-1", begin.State, CancellationToken.None);

        Assert.Equal(ConnectionFailure.InvalidState, ex.Failure);
        Assert.Contains("issued to another company", ex.Message, StringComparison.Ordinal);
        Assert.Null(await _app.Connections.GetAsync("c2", CancellationToken.None));
        Assert.Equal("realm-1", owner.RealmId);
    }

    [Fact]
    public async Task A_realm_connected_to_another_company_is_refused()
    {
        await _app.ConnectAsync("c1", "realm-1");

        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.ConnectAsync("c2", "realm-1"));

        Assert.Equal(ConnectionFailure.RealmTaken, ex.Failure);
        Assert.Null(await _app.Connections.GetAsync("c2", CancellationToken.None));
    }

    [Fact]
    public async Task Access_token_is_refreshed_once_the_clock_reaches_expiry_minus_the_margin_and_rotation_is_stored()
    {
        await _app.ConnectAsync("c1", "realm-1");
        var first = await _app.StoredTokensAsync("c1");

        _app.Time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal(first.AccessToken, await _app.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None));
        Assert.Equal(0, _intuit.RefreshRequests);

        _app.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await _app.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);
        var stored = await _app.StoredTokensAsync("c1");

        Assert.NotEqual(first.AccessToken, second);
        Assert.Equal(1, _intuit.RefreshRequests);
        Assert.Equal(second, stored.AccessToken);
        Assert.NotEqual(first.RefreshToken, stored.RefreshToken);

        // The next refresh uses the rotated refresh token, not the first one.
        _app.Time.Advance(TimeSpan.FromHours(1));
        await _app.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);
        Assert.Equal([first.RefreshToken, stored.RefreshToken], _intuit.RefreshTokensUsed);
    }

    [Fact]
    public async Task Fifty_parallel_calls_at_expiry_cause_exactly_one_request_to_the_token_endpoint()
    {
        await _app.ConnectAsync("c1", "realm-1");
        var before = _intuit.TokenRequests;
        _app.Time.Advance(TimeSpan.FromHours(1));

        var tokens = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => _app.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None).AsTask())));

        Assert.Equal(1, _intuit.TokenRequests - before);
        Assert.Single(tokens.Distinct());
        Assert.True(_intuit.IsAccessTokenValid(tokens[0]));
    }

    [Fact]
    public async Task A_401_forces_one_refresh_and_callers_with_the_same_rejected_token_share_it()
    {
        await _app.ConnectAsync("c1", "realm-1");
        var rejected = await _app.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => _app.Tokens.RefreshAccessTokenAsync("realm-1", rejected, CancellationToken.None).AsTask())));

        Assert.Equal(1, _intuit.RefreshRequests);
        Assert.Single(results.Distinct());
        Assert.NotEqual(rejected, results[0]);
    }

    [Fact]
    public async Task Invalid_grant_after_a_revoke_marks_needs_reconnect_pauses_work_and_raises_the_event()
    {
        await _app.ConnectAsync("c1", "realm-1");
        var raised = new List<QuickBooksReconnectRequiredEventArgs>();
        _app.Connector.ReconnectRequired += (_, e) => raised.Add(e);
        _intuit.RevokeRealm("realm-1");
        _app.Time.Advance(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None).AsTask());
        var state = await _app.Connector.GetStateAsync("c1", CancellationToken.None);

        Assert.Equal(ConnectionFailure.ReconnectRequired, ex.Failure);
        Assert.Equal(QuickBooksConnectionStatus.NeedsReconnect, state.Status);
        Assert.Contains("invalid_grant", state.NeedsReconnectReason, StringComparison.Ordinal);
        Assert.Contains("pause c1", _app.Hooks.Calls);
        var e = Assert.Single(raised);
        Assert.Equal(("c1", "realm-1"), (e.CompanyId, e.RealmId));

        // Later callers fail fast without asking Intuit again.
        var requests = _intuit.TokenRequests;
        await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None).AsTask());
        Assert.Equal(requests, _intuit.TokenRequests);

        // Reconnecting the same realm heals the connection and resumes the work.
        var healed = await _app.ConnectAsync("c1", "realm-1");
        Assert.Equal(QuickBooksConnectionStatus.Disabled, healed.Status);
        Assert.Null(healed.NeedsReconnectReason);
        Assert.Contains("resume c1", _app.Hooks.Calls);
    }

    [Fact]
    public async Task Reconnect_to_another_realm_detaches_the_old_realm_and_forgets_its_account_ids()
    {
        await _app.ConnectAsync("c1", "realm-1");
        var oldTokens = await _app.StoredTokensAsync("c1");
        await _app.Settings.SaveAsync(new CompanySettings
        {
            CompanyId = "c1",
            DepositAccountIdsByCashboxId = new Dictionary<string, string> { ["cash"] = "35" },
            TaxMappings = [new TaxMappingRow("vat", "California")],
            ItemPolicy = new ItemPolicy { SingleItemId = "9", IncomeAccountId = "79" },
        }, 0, CancellationToken.None);

        var state = await _app.ConnectAsync("c1", "realm-2");

        Assert.Equal("realm-2", state.RealmId);
        Assert.Equal("Company realm-2", state.CompanyName);
        Assert.Contains("detach c1 realm-1->realm-2", _app.Hooks.Calls);
        Assert.Null(await _app.Connections.FindByRealmAsync("realm-1", CancellationToken.None));
        var settings = await _app.Settings.GetAsync("c1", CancellationToken.None);
        Assert.Empty(settings!.DepositAccountIdsByCashboxId);
        Assert.Null(settings.ItemPolicy.SingleItemId);
        Assert.Single(settings.TaxMappings);
        Assert.False(_intuit.IsRefreshTokenValid(oldTokens.RefreshToken));
    }

    [Fact]
    public async Task Reconnect_to_the_same_realm_detaches_nothing_and_keeps_the_connect_time()
    {
        var first = await _app.ConnectAsync("c1", "realm-1");
        _app.Time.Advance(TimeSpan.FromDays(3));

        var second = await _app.ConnectAsync("c1", "realm-1");

        Assert.DoesNotContain(_app.Hooks.Calls, c => c.StartsWith("detach", StringComparison.Ordinal));
        Assert.Equal(first.ConnectedAt, second.ConnectedAt);
    }

    [Fact]
    public async Task Disconnect_revokes_at_Intuit_and_deletes_the_tokens()
    {
        await _app.ConnectAsync("c1", "realm-1");
        var tokens = await _app.StoredTokensAsync("c1");

        var result = await _app.Connector.DisconnectAsync("c1", CancellationToken.None);

        Assert.Equal(new QuickBooksDisconnectResult(true, true, null), result);
        Assert.False(_intuit.IsRefreshTokenValid(tokens.RefreshToken));
        Assert.Null(await _app.Connections.GetAsync("c1", CancellationToken.None));
        Assert.Equal(QuickBooksConnectionStatus.NotConnected, (await _app.Connector.GetStateAsync("c1", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_failed_revoke_still_disconnects_locally_and_says_so()
    {
        await _app.ConnectAsync("c1", "realm-1");
        _intuit.FailRevoke = true;

        var result = await _app.Connector.DisconnectAsync("c1", CancellationToken.None);

        Assert.True(result.WasConnected);
        Assert.False(result.Revoked);
        Assert.Contains("HTTP 503", result.RevokeFailure, StringComparison.Ordinal);
        Assert.Contains("connected apps", result.RevokeFailure, StringComparison.Ordinal);
        Assert.Null(await _app.Connections.GetAsync("c1", CancellationToken.None));
    }

    [Fact]
    public async Task Enabling_needs_a_connection()
    {
        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Connector.EnableAsync("c1", CancellationToken.None).AsTask());

        Assert.Equal(ConnectionFailure.EnableRefused, ex.Failure);
        Assert.Contains("not connected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabling_is_refused_while_the_legacy_integration_is_on()
    {
        await _app.ConnectAsync("c1", "realm-1");
        _app.Gateway.IsLegacyIntegrationEnabledAsync("c1", Arg.Any<CancellationToken>()).Returns(true);

        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Connector.EnableAsync("c1", CancellationToken.None).AsTask());

        Assert.Equal(ConnectionFailure.EnableRefused, ex.Failure);
        Assert.Contains("old one-way QuickBooks integration", ex.Message, StringComparison.Ordinal);
        Assert.False((await _app.Connector.GetStateAsync("c1", CancellationToken.None)).Enabled);
    }

    [Fact]
    public async Task Enabling_is_refused_when_the_connection_needs_reconnect()
    {
        await _app.ConnectAsync("c1", "realm-1");
        _intuit.RevokeRealm("realm-1");
        _app.Time.Advance(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Connector.EnableAsync("c1", CancellationToken.None).AsTask());

        Assert.Equal(ConnectionFailure.EnableRefused, ex.Failure);
        Assert.Equal(QuickBooksConnectionStatus.NeedsReconnect, (await _app.Connector.GetStateAsync("c1", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Enable_and_disable_switch_syncing_without_losing_the_connection()
    {
        await _app.ConnectAsync("c1", "realm-1");

        var enabled = await _app.Connector.EnableAsync("c1", CancellationToken.None);
        var disabled = await _app.Connector.DisableAsync("c1", CancellationToken.None);

        Assert.Equal(QuickBooksConnectionStatus.Connected, enabled.Status);
        Assert.Equal(QuickBooksConnectionStatus.Disabled, disabled.Status);
        Assert.Equal("realm-1", disabled.RealmId);
    }

    [Fact]
    public async Task The_state_warns_when_the_hard_expiry_is_within_the_lead_time()
    {
        await _app.ConnectAsync("c1", "realm-1");
        var hard = (await _app.Connector.GetStateAsync("c1", CancellationToken.None)).RefreshTokenHardExpiresAt!.Value;

        // Refreshes keep the rolling expiry alive but never move the hard one.
        _app.Time.SetUtcNow(hard - TimeSpan.FromDays(31));
        Assert.Null((await _app.Connector.GetStateAsync("c1", CancellationToken.None)).HardExpiryWarning);

        _app.Time.SetUtcNow(hard - TimeSpan.FromDays(29));
        var warning = (await _app.Connector.GetStateAsync("c1", CancellationToken.None)).HardExpiryWarning;

        Assert.Contains("29 days", warning, StringComparison.Ordinal);
        Assert.Contains("Reconnect", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_left_unused_past_the_refresh_token_expiry_shows_as_needing_reconnect()
    {
        await _app.ConnectAsync("c1", "realm-1");

        _app.Time.Advance(TimeSpan.FromSeconds(8726400));
        var state = await _app.Connector.GetStateAsync("c1", CancellationToken.None);

        Assert.Equal(QuickBooksConnectionStatus.NeedsReconnect, state.Status);
        Assert.Contains("went unused until it expired", state.NeedsReconnectReason, StringComparison.Ordinal);
    }
}
