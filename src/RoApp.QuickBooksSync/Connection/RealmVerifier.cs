using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api.Http;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// Proves that freshly issued tokens belong to the realm an OAuth callback claims, before anything is stored:
/// the <c>realmId</c> of a callback is a query parameter anyone can change, the token is not.
/// </summary>
internal sealed class RealmVerifier(IHttpClientFactory httpClientFactory, IOptionsMonitor<QuickBooksSyncOptions> options, TimeProvider timeProvider)
{
    /// <summary>Reads the realm's CompanyInfo with the new access token; QuickBooks answers 401 or 403 to a token of another realm.</summary>
    /// <returns><see langword="null"/> when proven; otherwise why not, and whether the token was refused (as opposed to QuickBooks being unreachable).</returns>
    public async Task<(string Reason, bool Refused)?> VerifyAsync(string realmId, string accessToken, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var escaped = Uri.EscapeDataString(realmId);
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture,
            $"{o.ResolveApiBaseUrl().ToString().TrimEnd('/')}/v3/company/{escaped}/companyinfo/{escaped}?minorversion={o.MinorVersion}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var attempt = new CancellationTokenSource(o.Retry.AttemptTimeout, timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token);
        try
        {
            using var response = await httpClientFactory.CreateClient(ApiTransport.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var tid = response.Headers.TryGetValues("intuit_tid", out var values) ? values.FirstOrDefault() : null;
            return response.StatusCode switch
            {
                HttpStatusCode.OK => null,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    ($"QuickBooks refused the new authorisation for company (realm) '{realmId}' (HTTP {(int)response.StatusCode}, intuit_tid {tid}): the callback names another QuickBooks company than the one the user authorised.", true),
                _ => ($"QuickBooks answered HTTP {(int)response.StatusCode} (intuit_tid {tid}) when the new authorisation was checked against company (realm) '{realmId}', so it could not be confirmed.", false),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ($"QuickBooks could not be reached ({ex.GetType().Name}) to check the new authorisation against company (realm) '{realmId}'.", false);
        }
    }
}
