using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using RoApp.QuickBooksSync.Connection;

namespace RoApp.QuickBooksSync.AspNetCore.Endpoints;

/// <summary>The OAuth 2.0 connect (behind the policy) and callback (anonymous; the state names the company).</summary>
internal static class ConnectEndpoints
{
    public static void MapConnect(RouteGroupBuilder group, EndpointContext context) =>
        group.MapGet("/connect", async (HttpContext http, IQuickBooksConnector connector) =>
        {
            var (companyId, problem) = await EndpointContext.CompanyAsync(http).ConfigureAwait(false);
            if (companyId is null)
            {
                return (IResult)problem!;
            }

            try
            {
                var request = await connector.BeginConnectAsync(companyId, http.RequestAborted).ConfigureAwait(false);
                return TypedResults.Redirect(WithState(request.AuthorizationUrl, ConnectState.Wrap(companyId, request.State)).ToString());
            }
            catch (QuickBooksException ex)
            {
                // e.g. no client id or redirect URI configured: the message names the setting.
                return EndpointContext.Problem(StatusCodes.Status503ServiceUnavailable, "QuickBooks cannot be connected now", ex.Message);
            }
        })
        .WithSummary("Starts connecting the current company: redirects to Intuit's authorisation page.");

    public static void MapCallback(RouteGroupBuilder group, EndpointContext context) =>
        group.MapGet("/callback", async (HttpContext http, IQuickBooksConnector connector) =>
        {
            var outcome = await CompleteAsync(http, connector).ConfigureAwait(false);
            return context.Options.ConnectCompleted is { } completed ? completed(http, outcome) : DefaultAnswer(context, outcome);
        })
        .AllowAnonymous()
        .WithSummary("Intuit's OAuth redirect: finishes the connect the state names.");

    private static async Task<QuickBooksConnectOutcome> CompleteAsync(HttpContext http, IQuickBooksConnector connector)
    {
        var query = http.Request.Query;
        string? state = query["state"];
        if (!ConnectState.TryUnwrap(state, out var companyId, out var connectorState))
        {
            return new QuickBooksConnectOutcome(null, false, null, ConnectionFailure.InvalidState,
                string.IsNullOrEmpty(state)
                    ? "The QuickBooks callback carries no state, so it cannot be matched to a connect. Start connecting again from the QuickBooks settings."
                    : "The QuickBooks callback's state was not issued here. Start connecting again from the QuickBooks settings.");
        }

        if (query["error"] is { Count: > 0 } error)
        {
            return new QuickBooksConnectOutcome(companyId, false, null, ConnectionFailure.InvalidState,
                $"QuickBooks did not grant access ({error}). Nothing changed; connect again and choose \"Connect\" on Intuit's page to allow it.");
        }

        try
        {
            var connected = await connector.CompleteConnectAsync(companyId, query["code"].ToString(), query["realmId"].ToString(), connectorState, http.RequestAborted).ConfigureAwait(false);
            return new QuickBooksConnectOutcome(companyId, true, connected, null,
                $"Connected to the QuickBooks company {connected.CompanyName ?? connected.RealmId}.");
        }
        catch (QuickBooksConnectionException ex)
        {
            return new QuickBooksConnectOutcome(companyId, false, null, ex.Failure, ex.Message);
        }
        catch (QuickBooksException ex)
        {
            return new QuickBooksConnectOutcome(companyId, false, null, ConnectionFailure.Unknown, ex.Message);
        }
    }

    private static IResult DefaultAnswer(EndpointContext context, QuickBooksConnectOutcome outcome)
    {
        if (outcome.Connected && context.Options.MapOperatorPage)
        {
            return TypedResults.Redirect(context.PagePath + "?connected=1");
        }

        var title = outcome.Connected ? "QuickBooks connected" : "QuickBooks was not connected";
        var back = context.Options.MapOperatorPage ? $"<p><a href=\"{WebUtility.HtmlEncode(context.PagePath)}\">Back to the QuickBooks page</a></p>" : string.Empty;
        var html = $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p role=\"{(outcome.Connected ? "status" : "alert")}\">{WebUtility.HtmlEncode(outcome.Message)}</p>{back}</body></html>";
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: outcome.Connected ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    /// <summary>The authorisation URL with its <c>state</c> replaced, every other parameter kept as it was.</summary>
    private static Uri WithState(Uri authorizationUrl, string state)
    {
        var query = QueryHelpers.ParseQuery(authorizationUrl.Query);
        query["state"] = state;
        var builder = new UriBuilder(authorizationUrl) { Query = string.Empty };
        var pairs = query.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
        return new Uri(QueryHelpers.AddQueryString(builder.Uri.ToString(), pairs));
    }
}
