using System.Net;
using System.Web;

namespace RoApp.QuickBooksSync.Sample.Steps;

/// <summary>The query of the OAuth callback Intuit sends the browser to: <c>code</c>, <c>realmId</c>, <c>state</c>.</summary>
internal sealed record OAuthCallback(string Code, string RealmId, string State)
{
    public static OAuthCallback Parse(Uri callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var query = HttpUtility.ParseQueryString(callback.Query);
        if (query["error"] is { } error)
        {
            throw new SampleException($"QuickBooks did not authorise the app: {error} ({query["error_description"]}). Authorise again and approve the request.");
        }

        return new OAuthCallback(
            query["code"] ?? throw Missing("code", callback),
            query["realmId"] ?? throw Missing("realmId", callback),
            query["state"] ?? throw Missing("state", callback));
    }

    private static SampleException Missing(string name, Uri callback) =>
        new($"The OAuth callback {callback.GetLeftPart(UriPartial.Path)} has no '{name}' parameter; it did not come from Intuit's authorisation page.");
}

/// <summary>Plays the browser against a simulator: opens the authorisation URL and reads where it redirects.</summary>
internal static class AuthorizationRedirect
{
    public static async Task<Uri> FollowAsync(Uri authorizationUrl, string? realmId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorizationUrl);

        // A simulator approves at once; naming the realm picks the company when it holds several.
        var url = realmId is null ? authorizationUrl : new Uri($"{authorizationUrl}&realmId={Uri.EscapeDataString(realmId)}");
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        HttpResponseMessage answer;
        try
        {
            answer = await browser.GetAsync(url, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new SampleException(
                $"The authorisation page {authorizationUrl.GetLeftPart(UriPartial.Path)} cannot be reached ({e.Message}). " +
                "Check QuickBooksSync:AuthorizeEndpoint; for the command-line simulator start it first (dotnet run --project tools/QuickBooksSimulator).", e);
        }

        using var _ = answer;
        if (answer.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther) || answer.Headers.Location is null)
        {
            throw new SampleException(
                $"The authorisation page {authorizationUrl.GetLeftPart(UriPartial.Path)} answered HTTP {(int)answer.StatusCode} instead of redirecting to the app. " +
                "Only a simulator approves without a person: against Intuit set Sample:FollowAuthorizeRedirect to false and authorise in a browser.");
        }

        return answer.Headers.Location;
    }
}

/// <summary>Waits for the OAuth callback on the local redirect URI, for a person authorising in a browser.</summary>
internal static class LocalCallbackListener
{
    public static async Task<Uri> WaitAsync(Uri redirectUri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        if (!redirectUri.IsLoopback || redirectUri.Scheme != Uri.UriSchemeHttp)
        {
            throw new SampleException(
                $"QuickBooksSync:RedirectUri is {redirectUri}; the sample can only receive the callback on http://localhost. " +
                "Register e.g. http://localhost:5080/quickbooks/callback for the app in Intuit's developer portal and configure it here.");
        }

        using var listener = new HttpListener();
        var path = redirectUri.AbsolutePath.EndsWith('/') ? redirectUri.AbsolutePath : redirectUri.AbsolutePath + "/";
        listener.Prefixes.Add($"http://{redirectUri.Host}:{redirectUri.Port}{path}");
        listener.Start();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var stop = timeoutSource.Token.Register(listener.Stop);
        try
        {
            var context = await listener.GetContextAsync();
            var callback = context.Request.Url ?? throw new SampleException("The OAuth callback arrived without a URL.");
            var page = "<html><body><h1>QuickBooks is connected.</h1><p>You can close this window and return to the console.</p></body></html>"u8.ToArray();
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(page, cancellationToken);
            context.Response.Close();
            return callback;
        }
        catch (Exception e) when (timeoutSource.IsCancellationRequested && e is HttpListenerException or ObjectDisposedException)
        {
            throw new SampleException($"No OAuth callback arrived on {redirectUri} within {timeout}. Open the printed URL, approve, and run the sample again.");
        }
    }
}
