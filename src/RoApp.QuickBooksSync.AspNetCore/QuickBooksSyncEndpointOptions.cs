using Microsoft.AspNetCore.Http;

namespace RoApp.QuickBooksSync.AspNetCore;

/// <summary>How <c>MapQuickBooksSync</c> maps the endpoints and the operator page.</summary>
public sealed class QuickBooksSyncEndpointOptions
{
    /// <summary>
    /// The authorization policy every endpoint except the webhook and the OAuth callback requires (the JSON
    /// endpoints, connect and the operator page). <see langword="null"/>: the host's default policy (an
    /// authenticated user). The endpoints are never anonymous unless the host's policy allows it.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>Whether the operator page is served at the prefix (<c>{prefix}/</c>). Default: on.</summary>
    public bool MapOperatorPage { get; set; } = true;

    /// <summary>
    /// What the OAuth callback answers once the connect finished or failed. <see langword="null"/>: on success a
    /// redirect to the operator page (or, without it, a short page), on failure a 400 page naming the problem and
    /// the fix. Hosts that have their own settings page redirect there, e.g.
    /// <c>(http, outcome) =&gt; Results.Redirect("/settings/quickbooks?connected=" + outcome.Connected)</c>.
    /// </summary>
    public Func<HttpContext, QuickBooksConnectOutcome, IResult>? ConnectCompleted { get; set; }

    /// <summary>
    /// Whether requests that change something (POST and PUT) must carry the header <c>X-QuickBooks-Sync: 1</c>.
    /// A browser sends such a header only from a script of the same origin (or after a CORS preflight the host
    /// allowed), so a cross-site form cannot retry, dismiss or save with the user's cookies. Default: on; the
    /// operator page sends it.
    /// </summary>
    public bool RequireRequestHeader { get; set; } = true;
}
