using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;
using RoApp.QuickBooksSync.Testing.Simulator;

namespace RoApp.QuickBooksSync.Testing.OAuth;

/// <summary>
/// Intuit's OAuth 2.0 authorisation server, reduced to what a client sees: codes, token exchange,
/// refresh with rotation and a grace period for the previous refresh token, expiry, hard expiry, revoke.
/// </summary>
internal sealed class OAuthServer(QuickBooksSimulatorOptions options, SimulatorClock clock)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Grant> _grantsByRefreshToken = new(StringComparer.Ordinal);

    public string MintCode(string realmId, string? redirectUri)
    {
        var code = "AB" + RandomToken(24);
        lock (_gate)
        {
            _codes[code] = new AuthorizationCode(realmId, redirectUri, clock.UtcNow + options.AuthorizationCodeLifetime);
        }

        return code;
    }

    public SimulatorTokens Issue(string realmId)
    {
        lock (_gate)
        {
            var grant = new Grant(realmId, clock.UtcNow + options.RefreshTokenHardLifetime);
            return IssuePair(grant);
        }
    }

    /// <summary>GET /connect/oauth2: approves at once and redirects with code, realmId and state.</summary>
    public ApiResponse Authorize(ApiRequest request, string? defaultRealm)
    {
        var clientId = request.QueryValue("client_id");
        if (clientId != options.ClientId)
        {
            return ApiResponse.Text(400, "invalid_client: the client_id is not known.");
        }

        if (request.QueryValue("response_type") != "code")
        {
            return ApiResponse.Text(400, "unsupported_response_type: response_type must be 'code'.");
        }

        var redirect = request.QueryValue("redirect_uri");
        if (string.IsNullOrEmpty(redirect) || !RedirectAllowed(redirect))
        {
            return ApiResponse.Text(400, "invalid_request: The redirect_uri does not match any redirect URI registered for this app.");
        }

        var realm = request.QueryValue("realmId") ?? defaultRealm;
        if (realm is null)
        {
            return ApiResponse.Text(400, "The simulator has no company to authorise: call AddCompany first.");
        }

        var code = MintCode(realm, redirect);
        var separator = redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var location = $"{redirect}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(request.QueryValue("state") ?? "")}&realmId={Uri.EscapeDataString(realm)}";
        var response = new ApiResponse { Status = 302, ContentType = "text/html;charset=UTF-8" };
        response.Headers["Location"] = location;
        return response;
    }

    /// <summary>POST /oauth2/v1/tokens/bearer.</summary>
    public ApiResponse Token(ApiRequest request)
    {
        var form = ApiRequest.ParseForm(request.Body);
        if (!ClientAuthenticated(request, form))
        {
            return Error(401, "invalid_client");
        }

        var hard = string.Equals(request.Header("x-include-refresh-token-hard-expires-in"), "true", StringComparison.OrdinalIgnoreCase);
        var grantType = form.GetValueOrDefault("grant_type");
        lock (_gate)
        {
            return grantType switch
            {
                "authorization_code" => ExchangeCode(form, hard),
                "refresh_token" => Refresh(form, hard),
                _ => Error(400, "unsupported_grant_type"),
            };
        }
    }

    /// <summary>POST /v2/oauth2/tokens/revoke with <c>{"token": ...}</c>: the whole grant ends.</summary>
    public ApiResponse Revoke(ApiRequest request)
    {
        var form = ApiRequest.ParseForm(request.Body);
        if (!ClientAuthenticated(request, form))
        {
            return Error(401, "invalid_client");
        }

        string? token = null;
        if (request.Body.TrimStart().StartsWith('{'))
        {
            token = Json.Parse(request.Body) is JsonObject body ? Json.String(body, "token") : null;
        }

        token ??= form.GetValueOrDefault("token");
        if (string.IsNullOrEmpty(token))
        {
            return Error(400, "invalid_request");
        }

        lock (_gate)
        {
            var grant = _grantsByRefreshToken.GetValueOrDefault(token)
                ?? (_accessTokens.TryGetValue(token, out var access) ? access.Grant : null);
            grant?.Revoke();
        }

        return ApiResponse.Json(200, "");
    }

    /// <summary>Checks a bearer token for an API call; null means it may proceed.</summary>
    public string? Check(string? authorization, string realmId, out int status)
    {
        status = 401;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return "Authorization header with a Bearer token is missing.";
        }

        var token = authorization[7..].Trim();
        lock (_gate)
        {
            if (!_accessTokens.TryGetValue(token, out var access) || access.Grant.Revoked)
            {
                return "Token revoked or unknown.";
            }

            if (clock.UtcNow >= access.ExpiresAt)
            {
                return "Token expired.";
            }

            if (access.Grant.RealmId != realmId)
            {
                status = 403;
                return $"The token was issued for another company, not realm {realmId}.";
            }
        }

        return null;
    }

    private ApiResponse ExchangeCode(Dictionary<string, string> form, bool hard)
    {
        var code = form.GetValueOrDefault("code");
        if (code is null || !_codes.Remove(code, out var issued) || clock.UtcNow >= issued.ExpiresAt)
        {
            return Error(400, "invalid_grant", "The authorization code is unknown, already used or expired: authorise again.");
        }

        if (issued.RedirectUri is not null && form.GetValueOrDefault("redirect_uri") != issued.RedirectUri)
        {
            return Error(400, "invalid_grant", "Callback url mismatch: redirect_uri must be the one used to authorise.");
        }

        var grant = new Grant(issued.RealmId, clock.UtcNow + options.RefreshTokenHardLifetime);
        return TokenAnswer(IssuePair(grant), grant, hard);
    }

    private ApiResponse Refresh(Dictionary<string, string> form, bool hard)
    {
        var presented = form.GetValueOrDefault("refresh_token");
        if (presented is null || !_grantsByRefreshToken.TryGetValue(presented, out var grant) || grant.Revoked)
        {
            return Error(400, "invalid_grant", "The refresh token is unknown or revoked: the user must authorise again.");
        }

        var now = clock.UtcNow;
        var usable = presented == grant.CurrentRefreshToken
            ? now < grant.CurrentRefreshExpiresAt
            : presented == grant.PreviousRefreshToken && now < grant.PreviousValidUntil;
        if (!usable || now >= grant.HardExpiresAt)
        {
            return Error(400, "invalid_grant", "The refresh token has expired or was rotated out: use the newest one or authorise again.");
        }

        return TokenAnswer(IssuePair(grant), grant, hard);
    }

    private SimulatorTokens IssuePair(Grant grant)
    {
        var now = clock.UtcNow;
        var access = "eyJsim." + RandomToken(48);
        _accessTokens[access] = new AccessToken(grant, now + options.AccessTokenLifetime);
        var refresh = "RT1-" + RandomToken(32);
        if (grant.CurrentRefreshToken is not null)
        {
            // Rotation: the previous refresh token keeps working for a grace period.
            grant.PreviousRefreshToken = grant.CurrentRefreshToken;
            grant.PreviousValidUntil = now + options.PreviousRefreshTokenGracePeriod;
        }

        grant.CurrentRefreshToken = refresh;
        var refreshExpiry = now + options.RefreshTokenLifetime;
        grant.CurrentRefreshExpiresAt = refreshExpiry < grant.HardExpiresAt ? refreshExpiry : grant.HardExpiresAt;
        _grantsByRefreshToken[refresh] = grant;
        return new SimulatorTokens(grant.RealmId, access, refresh, now + options.AccessTokenLifetime, grant.CurrentRefreshExpiresAt);
    }

    private ApiResponse TokenAnswer(SimulatorTokens tokens, Grant grant, bool hard)
    {
        var now = clock.UtcNow;
        var body = Json.Object();
        body["token_type"] = "bearer";
        body["access_token"] = tokens.AccessToken;
        body["refresh_token"] = tokens.RefreshToken;
        body["expires_in"] = (long)options.AccessTokenLifetime.TotalSeconds;
        body["x_refresh_token_expires_in"] = (long)(tokens.RefreshTokenExpiresAt - now).TotalSeconds;
        if (hard)
        {
            body["x_refresh_token_hard_expires_in"] = (long)(grant.HardExpiresAt - now).TotalSeconds;
        }

        var response = ApiResponse.Json(200, body.ToJsonString());
        response.Headers["Cache-Control"] = "no-store";
        return response;
    }

    private bool ClientAuthenticated(ApiRequest request, Dictionary<string, string> form)
    {
        var header = request.Header("Authorization");
        string? id = null;
        string? secret = null;
        if (header is not null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    id = decoded[..colon];
                    secret = decoded[(colon + 1)..];
                }
            }
            catch (FormatException)
            {
                return false;
            }
        }
        else
        {
            id = form.GetValueOrDefault("client_id");
            secret = form.GetValueOrDefault("client_secret");
        }

        return id == options.ClientId
            && secret is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(options.ClientSecret));
    }

    private bool RedirectAllowed(string redirect) =>
        options.RedirectUris.Count == 0 || options.RedirectUris.Contains(redirect, StringComparer.Ordinal);

    private static ApiResponse Error(int status, string error, string? description = null)
    {
        var body = new JsonObject { ["error"] = error };
        if (description is not null)
        {
            body["error_description"] = description;
        }

        var response = ApiResponse.Json(status, body.ToJsonString());
        response.Headers["Cache-Control"] = "no-store";
        return response;
    }

    private static string RandomToken(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record AuthorizationCode(string RealmId, string? RedirectUri, DateTimeOffset ExpiresAt);

    private sealed record AccessToken(Grant Grant, DateTimeOffset ExpiresAt);

    private sealed class Grant(string realmId, DateTimeOffset hardExpiresAt)
    {
        public string RealmId { get; } = realmId;

        public DateTimeOffset HardExpiresAt { get; } = hardExpiresAt;

        public string? CurrentRefreshToken { get; set; }

        public DateTimeOffset CurrentRefreshExpiresAt { get; set; }

        public string? PreviousRefreshToken { get; set; }

        public DateTimeOffset PreviousValidUntil { get; set; }

        public bool Revoked { get; private set; }

        public void Revoke() => Revoked = true;
    }
}
