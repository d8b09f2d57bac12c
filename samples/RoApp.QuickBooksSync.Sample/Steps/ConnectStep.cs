using RoApp.QuickBooksSync.Connection;

namespace RoApp.QuickBooksSync.Sample.Steps;

/// <summary>Connects the demo company to QuickBooks through the OAuth flow, then switches the integration on.</summary>
internal sealed class ConnectStep(IQuickBooksConnector connector, QuickBooksBackend backend, SampleOptions options, QuickBooksSyncOptions sync, ConsoleProgress progress)
{
    public async Task<QuickBooksConnectionState> RunAsync(string companyId, CancellationToken cancellationToken)
    {
        var state = await connector.GetStateAsync(companyId, cancellationToken);
        if (state.Status is QuickBooksConnectionStatus.Connected or QuickBooksConnectionStatus.Disabled)
        {
            progress.Step($"QuickBooks company '{state.CompanyName}' (realm {state.RealmId}) is still connected from the last run");
        }
        else
        {
            progress.Step(state.Status == QuickBooksConnectionStatus.NeedsReconnect
                ? $"Reconnecting QuickBooks ({state.NeedsReconnectReason})"
                : "Connecting QuickBooks (OAuth 2.0 authorisation code flow)");
            var begin = await connector.BeginConnectAsync(companyId, cancellationToken);
            var callback = await AuthorizeAsync(begin.AuthorizationUrl, cancellationToken);
            progress.Detail($"Intuit sent the browser back to {callback.GetLeftPart(UriPartial.Path)} with a code");
            var answer = OAuthCallback.Parse(callback);
            state = await connector.CompleteConnectAsync(companyId, answer.Code, answer.RealmId, answer.State, cancellationToken);
            progress.Detail($"Connected to '{state.CompanyName}' (realm {state.RealmId}, {state.Country}); tokens stored encrypted");
        }

        if (!state.Enabled)
        {
            state = await connector.EnableAsync(companyId, cancellationToken);
            progress.Detail("Integration enabled (the old one-way QuickBooks integration is off)");
        }

        return state;
    }

    private async Task<Uri> AuthorizeAsync(Uri authorizationUrl, CancellationToken cancellationToken)
    {
        var follow = options.FollowAuthorizeRedirect ?? authorizationUrl.IsLoopback;
        if (follow)
        {
            progress.Detail($"Opening {authorizationUrl.GetLeftPart(UriPartial.Path)} (the simulator approves at once)");
            return await AuthorizationRedirect.FollowAsync(authorizationUrl, backend.Company?.RealmId, cancellationToken);
        }

        var redirectUri = sync.RedirectUri ?? QuickBooksBackend.DefaultRedirectUri;
        progress.Detail("Open this URL in a browser, sign in to QuickBooks and approve the app:");
        progress.Detail(authorizationUrl.ToString());
        progress.Detail($"Waiting up to {options.CallbackTimeout} for the callback on {redirectUri} ...");
        return await LocalCallbackListener.WaitAsync(redirectUri, options.CallbackTimeout, cancellationToken);
    }
}
