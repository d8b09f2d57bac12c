using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace RoApp.QuickBooksSync.Tests.TestSupport;

/// <summary>
/// A small stateful stand-in for Intuit's OAuth endpoints and the few API reads the connection needs, on
/// WireMock.Net, until the simulator is on main. Tokens rotate on every refresh; revoking ends the grant.
/// </summary>
internal sealed class FakeIntuit : IDisposable
{
    public const string ClientId = "client-id-123";
    public const string ClientSecret = "client-secret-SHOULD-NOT-LEAK";
    public const string TokenPath = "/oauth2/v1/tokens/bearer";
    public const string RevokePath = "/v2/oauth2/tokens/revoke";

    private readonly ConcurrentDictionary<string, string> _codes = new();
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new();
    private readonly ConcurrentDictionary<string, string> _accessTokens = new();
    private readonly ConcurrentQueue<string> _issuedSecrets = new();
    private int _tokenRequests;
    private int _refreshRequests;
    private int _sequence;

    public FakeIntuit()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithCallback(Token));
        Server.Given(Request.Create().WithPath(RevokePath).UsingPost()).RespondWith(Response.Create().WithCallback(Revoke));
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/v3/company/.*")).UsingGet()).RespondWith(Response.Create().WithCallback(Api));
    }

    public WireMockServer Server { get; }

    public Uri BaseUrl => new(Server.Url!);

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int RefreshRequests => Volatile.Read(ref _refreshRequests);

    public int ApiRequests { get; private set; }

    /// <summary>Every token, code and secret this fake handed out or knows: none may appear in logs or rows.</summary>
    public IEnumerable<string> Secrets => _issuedSecrets.Concat([ClientSecret]);

    public List<string> RefreshTokensUsed { get; } = [];

    public bool HardExpiryHeaderSeen { get; private set; }

    public bool FailRevoke { get; set; }

    public bool KillAccessTokensOnIssue { get; set; }

    public TimeSpan TokenDelay { get; set; }

    public string Country { get; set; } = "US";

    public bool PartnerTaxEnabled { get; set; }

    public List<(string Id, string Name)> TaxCodes { get; } = [("2", "California"), ("3", "Out of state"), ("7", "GST 5%")];

    public List<(string Id, string Name, string Type)> Accounts { get; } =
    [
        ("35", "Checking", "Bank"),
        ("4", "Undeposited Funds", "Other Current Asset"),
        ("79", "Sales of Product Income", "Income"),
        ("33", "Accounts Payable", "Accounts Payable"),
    ];

    public string IssueCode(string realmId)
    {
        var code = $"code-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}";
        _codes[code] = realmId;
        _issuedSecrets.Enqueue(code);
        return code;
    }

    /// <summary>What a user removing the app in QuickBooks does: every token of the realm stops working.</summary>
    public void RevokeRealm(string realmId)
    {
        foreach (var pair in _refreshTokens.Where(p => p.Value == realmId).ToList())
        {
            _refreshTokens.TryRemove(pair.Key, out _);
        }

        foreach (var pair in _accessTokens.Where(p => p.Value == realmId).ToList())
        {
            _accessTokens.TryRemove(pair.Key, out _);
        }
    }

    /// <summary>Access tokens die early (Intuit may invalidate them before expires_in); refresh tokens keep working.</summary>
    public void KillAccessTokens() => _accessTokens.Clear();

    public void KillAccessTokensFromNowOn()
    {
        KillAccessTokensOnIssue = true;
        _accessTokens.Clear();
    }

    public void RetireRefreshToken(string token) => _refreshTokens.TryRemove(token, out _);

    public bool IsAccessTokenValid(string token) => _accessTokens.ContainsKey(token);

    public bool IsRefreshTokenValid(string token) => _refreshTokens.ContainsKey(token);

    public void Dispose() => Server.Stop();

    private async Task<IResponseMessage> Token(IRequestMessage request)
    {
        Interlocked.Increment(ref _tokenRequests);
        if (TokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(TokenDelay);
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        if (Header(request, "Authorization") != expected)
        {
            return Json(401, """{"error":"invalid_client"}""");
        }

        HardExpiryHeaderSeen |= Header(request, "x-include-refresh-token-hard-expires-in") == "true";
        var form = ParseForm(request.Body ?? string.Empty);
        string? realm;
        switch (form.GetValueOrDefault("grant_type"))
        {
            case "authorization_code":
                if (!_codes.TryRemove(form.GetValueOrDefault("code") ?? string.Empty, out realm))
                {
                    return Json(400, """{"error":"invalid_grant"}""");
                }

                break;
            case "refresh_token":
                Interlocked.Increment(ref _refreshRequests);
                var used = form.GetValueOrDefault("refresh_token") ?? string.Empty;
                lock (RefreshTokensUsed)
                {
                    RefreshTokensUsed.Add(used);
                }

                if (!_refreshTokens.TryGetValue(used, out realm))
                {
                    return Json(400, """{"error":"invalid_grant"}""");
                }

                break;
            default:
                return Json(400, """{"error":"unsupported_grant_type"}""");
        }

        var n = Interlocked.Increment(ref _sequence);
        var access = $"access-{n}-{Guid.NewGuid():N}";
        var refresh = $"refresh-{n}-{Guid.NewGuid():N}";
        if (!KillAccessTokensOnIssue)
        {
            _accessTokens[access] = realm;
        }

        _refreshTokens[refresh] = realm;
        _issuedSecrets.Enqueue(access);
        _issuedSecrets.Enqueue(refresh);
        var body = new JsonObject
        {
            ["access_token"] = access,
            ["refresh_token"] = refresh,
            ["token_type"] = "bearer",
            ["expires_in"] = 3600,
            ["x_refresh_token_expires_in"] = 8726400,
        };
        if (HardExpiryHeaderSeen)
        {
            body["x_refresh_token_hard_expires_in"] = 157680000;
        }

        return Json(200, body.ToJsonString());
    }

    private IResponseMessage Revoke(IRequestMessage request)
    {
        if (FailRevoke)
        {
            return Json(503, """{"error":"temporarily_unavailable"}""");
        }

        var token = JsonNode.Parse(request.Body ?? "{}")?["token"]?.GetValue<string>() ?? string.Empty;
        if (_refreshTokens.TryGetValue(token, out var realm) || _accessTokens.TryGetValue(token, out realm))
        {
            RevokeRealm(realm);
        }

        return Json(200, "{}");
    }

    private IResponseMessage Api(IRequestMessage request)
    {
        ApiRequests++;
        var token = (Header(request, "Authorization") ?? string.Empty).Replace("Bearer ", string.Empty, StringComparison.Ordinal);
        if (!_accessTokens.TryGetValue(token, out var realm))
        {
            return Json(401, """{"fault":{"error":[{"message":"message=AuthenticationFailed","code":"3200"}],"type":"AUTHENTICATION"}}""");
        }

        var segments = request.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 4 || segments[2] != realm)
        {
            return Json(403, """{"Fault":{"Error":[{"Message":"ApplicationAuthorizationFailed","code":"003100"}],"type":"SERVICE"}}""");
        }

        switch (segments[3])
        {
            case "companyinfo":
                return Json(200, new JsonObject { ["CompanyInfo"] = new JsonObject { ["CompanyName"] = $"Company {realm}", [nameof(Country)] = Country } }.ToJsonString());
            case "preferences":
                return Json(200, new JsonObject
                {
                    ["Preferences"] = new JsonObject
                    {
                        ["TaxPrefs"] = new JsonObject { ["UsingSalesTax"] = true, [nameof(PartnerTaxEnabled)] = PartnerTaxEnabled },
                        ["SalesFormsPrefs"] = new JsonObject { ["CustomTxnNumbers"] = true },
                        ["CurrencyPrefs"] = new JsonObject { ["MultiCurrencyEnabled"] = false, ["HomeCurrency"] = new JsonObject { ["value"] = "USD" } },
                    },
                }.ToJsonString());
            case "query":
                var query = request.Query is { } q && q.TryGetValue("query", out var values) ? values.FirstOrDefault() ?? string.Empty : string.Empty;
                if (query.Contains("from TaxCode", StringComparison.OrdinalIgnoreCase))
                {
                    var codes = new JsonArray(TaxCodes.Select(c => (JsonNode)new JsonObject { ["Id"] = c.Id, ["Name"] = c.Name, ["Active"] = true, ["Taxable"] = true }).ToArray());
                    return Json(200, new JsonObject { ["QueryResponse"] = new JsonObject { ["TaxCode"] = codes } }.ToJsonString());
                }

                var accounts = new JsonArray(Accounts.Select(a => (JsonNode)new JsonObject { ["Id"] = a.Id, ["Name"] = a.Name, ["AccountType"] = a.Type, ["Active"] = true }).ToArray());
                return Json(200, new JsonObject { ["QueryResponse"] = new JsonObject { ["Account"] = accounts } }.ToJsonString());
            default:
                return Json(404, "{}");
        }
    }

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static Dictionary<string, string> ParseForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty);

    private static ResponseMessage Json(int status, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json"), ["intuit_tid"] = new("tid-" + status) },
        BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };
}
