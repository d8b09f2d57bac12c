using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>Talks to Intuit's OAuth 2.0 endpoints: code exchange, refresh, revoke.</summary>
internal sealed class QuickBooksOAuthClient(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<QuickBooksSyncOptions> options,
    TimeProvider timeProvider,
    ILogger<QuickBooksOAuthClient> logger)
{
    internal const string HttpClientName = "RoApp.QuickBooksSync.OAuth";
    internal const string Scope = "com.intuit.quickbooks.accounting";

    public Uri BuildAuthorizationUrl(string state)
    {
        var o = options.CurrentValue;
        var clientId = RequireSetting(o.ClientId, nameof(o.ClientId), "the app's client id from the Intuit developer portal");
        var redirect = o.RedirectUri ?? throw MissingSetting(nameof(o.RedirectUri), "the redirect URI registered for the app, e.g. https://crm.example.com/quickbooks/callback");
        var query = $"client_id={Uri.EscapeDataString(clientId)}&response_type=code&scope={Uri.EscapeDataString(Scope)}" +
                    $"&redirect_uri={Uri.EscapeDataString(redirect.ToString())}&state={Uri.EscapeDataString(state)}";
        var builder = new UriBuilder(o.AuthorizeEndpoint) { Query = query };
        return builder.Uri;
    }

    public Task<OAuthTokens> ExchangeCodeAsync(string code, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var redirect = o.RedirectUri ?? throw MissingSetting(nameof(o.RedirectUri), "the redirect URI registered for the app");
        return RequestTokensAsync(
            [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirect.ToString())],
            "exchange the authorisation code",
            cancellationToken);
    }

    public Task<OAuthTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        RequestTokensAsync(
            [new("grant_type", "refresh_token"), new("refresh_token", refreshToken)],
            "refresh the access token",
            cancellationToken);

    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Post, o.RevokeEndpoint)
        {
            Content = JsonContent.Create(new RevokeRequest { Token = token }, ConnectionJsonContext.Default.RevokeRequest),
        };
        AddHeaders(request, o);
        using var response = await Client().SendAsync(request, cancellationToken).ConfigureAwait(false);
        ConnectionLog.TokenEndpointAnswered(logger, "revoke", (int)response.StatusCode, IntuitTid(response));
        if (!response.IsSuccessStatusCode)
        {
            var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw new QuickBooksConnectionException(ConnectionFailure.TokenEndpoint,
                $"Intuit refused to revoke the token: HTTP {(int)response.StatusCode}{Describe(error)}.");
        }
    }

    private async Task<OAuthTokens> RequestTokensAsync(KeyValuePair<string, string>[] form, string action, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Post, o.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        AddHeaders(request, o);
        // Intuit sends the five-year hard limit of the refresh token only when asked.
        request.Headers.Add("x-include-refresh-token-hard-expires-in", "true");

        using var response = await Client().SendAsync(request, cancellationToken).ConfigureAwait(false);
        var grant = form[0].Value;
        ConnectionLog.TokenEndpointAnswered(logger, grant, (int)response.StatusCode, IntuitTid(response));
        if (!response.IsSuccessStatusCode)
        {
            var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            if (string.Equals(error?.Error, "invalid_grant", StringComparison.Ordinal))
            {
                throw new QuickBooksConnectionException(ConnectionFailure.ReconnectRequired,
                    $"Intuit answered invalid_grant when asked to {action}: the authorisation was revoked, expired or already used. The company must connect to QuickBooks again.");
            }

            throw new QuickBooksConnectionException(ConnectionFailure.TokenEndpoint,
                $"Intuit's token endpoint failed to {action}: HTTP {(int)response.StatusCode}{Describe(error)}. Check QuickBooksSync:ClientId, ClientSecret and RedirectUri, or retry later.");
        }

        TokenResponse? body;
        try
        {
            body = await response.Content.ReadFromJsonAsync(ConnectionJsonContext.Default.TokenResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new QuickBooksConnectionException(ConnectionFailure.TokenEndpoint, $"Intuit's token endpoint answered HTTP {(int)response.StatusCode} with a body that is not a token response; cannot {action}.", ex);
        }

        if (body?.AccessToken is not { Length: > 0 } access || body.RefreshToken is not { Length: > 0 } refresh)
        {
            throw new QuickBooksConnectionException(ConnectionFailure.TokenEndpoint, $"Intuit's token endpoint answered without access_token or refresh_token; cannot {action}.");
        }

        var now = timeProvider.GetUtcNow();
        return new OAuthTokens(
            access,
            refresh,
            now.AddSeconds(body.ExpiresIn ?? 3600),
            now.AddSeconds(body.RefreshTokenExpiresIn ?? TimeSpan.FromDays(100).TotalSeconds),
            body.RefreshTokenHardExpiresIn is { } hard ? now.AddSeconds(hard) : null);
    }

    private HttpClient Client() => httpClientFactory.CreateClient(HttpClientName);

    private static void AddHeaders(HttpRequestMessage request, QuickBooksSyncOptions o)
    {
        var clientId = RequireSetting(o.ClientId, nameof(o.ClientId), "the app's client id from the Intuit developer portal");
        var secret = RequireSetting(o.ClientSecret, nameof(o.ClientSecret), "the app's client secret from the Intuit developer portal");
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    private static async Task<OAuthErrorResponse?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(ConnectionJsonContext.Default.OAuthErrorResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    // Only the error code is echoed: error_description is Intuit's text and could, in theory, quote what was sent.
    private static string Describe(OAuthErrorResponse? error) =>
        error?.Error is { Length: > 0 } code ? $" ({code})" : string.Empty;

    private static string? IntuitTid(HttpResponseMessage response) =>
        response.Headers.TryGetValues("intuit_tid", out var values) ? values.FirstOrDefault() : null;

    private static string RequireSetting(string? value, string name, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw MissingSetting(name, what) : value;

    private static QuickBooksConnectionException MissingSetting(string name, string what) =>
        new(ConnectionFailure.Configuration, $"QuickBooksSync:{name} is not set; set it to {what}.");
}
