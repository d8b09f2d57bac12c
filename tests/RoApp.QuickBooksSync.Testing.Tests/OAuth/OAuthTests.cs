using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.OAuth;

public sealed class OAuthTests
{
    private const string Redirect = "https://app.example/callback";

    private static async Task<(int Status, JsonObject Body)> TokenAsync(Harness h, string form, string? secret = null, bool hard = false)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, h.Sim.TokenEndpoint);
        request.Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{h.Sim.ClientId}:{secret ?? h.Sim.ClientSecret}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (hard)
        {
            request.Headers.Add("x-include-refresh-token-hard-expires-in", "true");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(text)!);
    }

    private static async Task<int> CallApiAsync(Harness h, string accessToken)
    {
        using var client = new HttpClient { BaseAddress = h.Sim.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.GetAsync(h.Api("companyinfo/" + h.Realm));
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task Authorize_approves_at_once_and_redirects_with_code_state_and_realm()
    {
        await using var h = Harness.Create();
        using var client = Http.NoRedirect(h.Sim.BaseUrl);
        var url = $"{h.Sim.AuthorizeEndpoint}?client_id={h.Sim.ClientId}&response_type=code&scope=com.intuit.quickbooks.accounting&redirect_uri={Uri.EscapeDataString(Redirect)}&state=xyz";

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(Redirect + "?code=", location, StringComparison.Ordinal);
        Assert.Contains("state=xyz", location, StringComparison.Ordinal);
        Assert.Contains("realmId=" + h.Realm, location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_refuses_a_redirect_uri_that_is_not_registered()
    {
        await using var h = Harness.Create(configure: o => o.RedirectUris.Add(Redirect));
        using var client = Http.NoRedirect(h.Sim.BaseUrl);

        using var response = await client.GetAsync($"{h.Sim.AuthorizeEndpoint}?client_id={h.Sim.ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString("https://evil.example/cb")}&state=s");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Code_exchange_returns_tokens_with_expiries_and_the_hard_expiry_on_request()
    {
        await using var h = Harness.Create();
        var code = h.Sim.MintAuthorizationCode(h.Realm, Redirect);

        var (status, body) = await TokenAsync(h, $"grant_type=authorization_code&code={code}&redirect_uri={Uri.EscapeDataString(Redirect)}", hard: true);

        Assert.Equal(200, status);
        Assert.Equal("bearer", body["token_type"].Str());
        Assert.Equal(3600, body["expires_in"]!.GetValue<long>());
        Assert.Equal(8_726_400, body["x_refresh_token_expires_in"]!.GetValue<long>());
        Assert.True(body["x_refresh_token_hard_expires_in"]!.GetValue<long>() > 8_726_400);
        Assert.Equal(200, await CallApiAsync(h, body["access_token"].Str()));
    }

    [Fact]
    public async Task A_code_works_only_once()
    {
        await using var h = Harness.Create();
        var code = h.Sim.MintAuthorizationCode(h.Realm);
        await TokenAsync(h, $"grant_type=authorization_code&code={code}&redirect_uri=x");

        var (status, body) = await TokenAsync(h, $"grant_type=authorization_code&code={code}&redirect_uri=x");

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body["error"].Str());
    }

    [Fact]
    public async Task Wrong_client_secret_is_invalid_client_401()
    {
        await using var h = Harness.Create();
        var code = h.Sim.MintAuthorizationCode(h.Realm);

        var (status, body) = await TokenAsync(h, $"grant_type=authorization_code&code={code}&redirect_uri=x", secret: "wrong");

        Assert.Equal(401, status);
        Assert.Equal("invalid_client", body["error"].Str());
    }

    [Fact]
    public async Task Exchange_with_another_redirect_uri_than_authorised_is_invalid_grant()
    {
        await using var h = Harness.Create();
        var code = h.Sim.MintAuthorizationCode(h.Realm, Redirect);

        var (status, body) = await TokenAsync(h, $"grant_type=authorization_code&code={code}&redirect_uri={Uri.EscapeDataString("https://other.example/cb")}");

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body["error"].Str());
    }

    [Fact]
    public async Task Refresh_rotates_and_the_previous_token_works_only_during_the_grace_period()
    {
        await using var h = Harness.Create();
        var first = h.Sim.IssueTokens(h.Realm);

        var (status, rotated) = await TokenAsync(h, $"grant_type=refresh_token&refresh_token={first.RefreshToken}");
        Assert.Equal(200, status);
        Assert.NotEqual(first.RefreshToken, rotated["refresh_token"].Str());

        h.Time.Advance(TimeSpan.FromHours(23));
        var (withinGrace, _) = await TokenAsync(h, $"grant_type=refresh_token&refresh_token={first.RefreshToken}");
        Assert.Equal(200, withinGrace);

        // Using the old one again rotated once more; the newest is the one to keep.
        var (_, newest) = await TokenAsync(h, $"grant_type=refresh_token&refresh_token={rotated["refresh_token"].Str()}");
        h.Time.Advance(TimeSpan.FromHours(25));
        var (afterGrace, error) = await TokenAsync(h, $"grant_type=refresh_token&refresh_token={first.RefreshToken}");
        Assert.Equal(400, afterGrace);
        Assert.Equal("invalid_grant", error["error"].Str());
        var (newestStillWorks, _) = await TokenAsync(h, $"grant_type=refresh_token&refresh_token={newest["refresh_token"].Str()}");
        Assert.Equal(200, newestStillWorks);
    }

    [Fact]
    public async Task An_unused_refresh_token_expires_after_its_lifetime()
    {
        await using var h = Harness.Create();
        var tokens = h.Sim.IssueTokens(h.Realm);

        h.Time.Advance(TimeSpan.FromDays(102));
        var (status, body) = await TokenAsync(h, $"grant_type=refresh_token&refresh_token={tokens.RefreshToken}");

        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", body["error"].Str());
    }

    [Fact]
    public async Task Refreshing_regularly_works_until_the_five_year_hard_limit()
    {
        await using var h = Harness.Create();
        var refresh = h.Sim.IssueTokens(h.Realm).RefreshToken;
        var lastStatus = 200;
        var refreshes = 0;
        while (lastStatus == 200)
        {
            h.Time.Advance(TimeSpan.FromDays(90));
            var (status, body) = await TokenAsync(h, $"grant_type=refresh_token&refresh_token={refresh}", hard: true);
            lastStatus = status;
            if (status == 200)
            {
                refresh = body["refresh_token"].Str();
                refreshes++;
                Assert.True(body["x_refresh_token_hard_expires_in"]!.GetValue<long>() > 0);
            }
        }

        Assert.Equal(400, lastStatus);
        Assert.Equal(20, refreshes); // 20 x 90 days = 1800 days < 5 x 365 = 1825 < 21 x 90 days
    }

    [Fact]
    public async Task Access_token_expires_on_the_simulator_clock_with_a_lower_case_401_fault()
    {
        await using var h = Harness.Create();
        Assert.Equal(200, (await h.GetAsync("companyinfo/" + h.Realm)).Status);

        h.Time.Advance(TimeSpan.FromMinutes(61));
        var answer = await h.GetAsync("companyinfo/" + h.Realm);

        Assert.Equal(401, answer.Status);
        Assert.Equal("3200", answer.Json["fault"]!["error"]![0]!["code"].Str());
        Assert.Equal("AUTHENTICATION", answer.Json["fault"]!["type"].Str());
    }

    [Fact]
    public async Task Revoked_tokens_stop_working_for_api_and_refresh()
    {
        await using var h = Harness.Create();
        var tokens = h.Sim.IssueTokens(h.Realm);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, h.Sim.RevokeEndpoint)
        {
            Content = new StringContent($"{{\"token\":\"{tokens.RefreshToken}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{h.Sim.ClientId}:{h.Sim.ClientSecret}")));

        using var revoke = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(401, await CallApiAsync(h, tokens.AccessToken));
        Assert.Equal(400, (await TokenAsync(h, $"grant_type=refresh_token&refresh_token={tokens.RefreshToken}")).Status);
    }

    [Fact]
    public async Task Api_call_without_a_token_gets_401()
    {
        await using var h = Harness.Create();
        using var client = new HttpClient { BaseAddress = h.Sim.BaseUrl };

        using var response = await client.GetAsync(h.Api("companyinfo/" + h.Realm));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_for_one_realm_does_not_open_another()
    {
        await using var h = Harness.Create();
        var other = h.Sim.AddCompany();

        using var response = await h.Http.GetAsync($"v3/company/{other.RealmId}/companyinfo/{other.RealmId}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
