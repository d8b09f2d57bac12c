using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Engine;

namespace RoApp.QuickBooksSync;

/// <summary>
/// Settings of the QuickBooks Online sync shared by every company a host serves.
/// Bound from configuration (section <c>QuickBooksSync</c> by convention) or set in code,
/// and validated when the host starts.
/// </summary>
public sealed class QuickBooksSyncOptions
{
    /// <summary>The configuration section name the options are usually bound from.</summary>
    public const string SectionName = "QuickBooksSync";

    /// <summary>
    /// Which Intuit environment to talk to. Decides the API base URL unless <see cref="ApiBaseUrl"/> is set.
    /// </summary>
    public QuickBooksEnvironment Environment { get; set; } = QuickBooksEnvironment.Sandbox;

    /// <summary>
    /// Overrides the API base URL chosen by <see cref="Environment"/> (a simulator, a proxy).
    /// The URL before <c>/v3/company/...</c>, e.g. <c>http://localhost:5099</c>.
    /// </summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>Intuit's OAuth 2.0 authorisation page.</summary>
    public Uri AuthorizeEndpoint { get; set; } = new("https://appcenter.intuit.com/connect/oauth2");

    /// <summary>Intuit's OAuth 2.0 token endpoint (code exchange and refresh).</summary>
    public Uri TokenEndpoint { get; set; } = new("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");

    /// <summary>Intuit's OAuth 2.0 token revocation endpoint.</summary>
    public Uri RevokeEndpoint { get; set; } = new("https://developer.api.intuit.com/v2/oauth2/tokens/revoke");

    /// <summary>The app's client id from the Intuit developer portal.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app's client secret. Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The redirect URI registered for the app; the OAuth callback arrives there.</summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>The webhook verifier token from the Intuit developer portal (not the client secret). Never logged.</summary>
    public string? WebhookVerifierToken { get; set; }

    /// <summary>The <c>minorversion</c> sent on every API call. Intuit ignores versions below 75.</summary>
    public int MinorVersion { get; set; } = 75;

    /// <summary>Per-realm request limits the client keeps under.</summary>
    public QuickBooksRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Retries, timeouts and backoff of API calls.</summary>
    public QuickBooksRetryOptions Retry { get; set; } = new();

    /// <summary>The OAuth connection: token refresh, state lifetime, encryption at rest.</summary>
    public QuickBooksConnectionOptions Connection { get; set; } = new();

    /// <summary>The background worker: parallelism, leases, retries.</summary>
    public QuickBooksEngineOptions Engine { get; set; } = new();

    /// <summary>The API base URL in force: <see cref="ApiBaseUrl"/> when set, otherwise the one of <see cref="Environment"/>.</summary>
    public Uri ResolveApiBaseUrl() => ApiBaseUrl ?? Environment switch
    {
        QuickBooksEnvironment.Production => new Uri("https://quickbooks.api.intuit.com"),
        _ => new Uri("https://sandbox-quickbooks.api.intuit.com"),
    };
}

/// <summary>An Intuit environment.</summary>
public enum QuickBooksEnvironment
{
    /// <summary>Intuit's sandbox companies (<c>sandbox-quickbooks.api.intuit.com</c>).</summary>
    Sandbox,

    /// <summary>Real companies (<c>quickbooks.api.intuit.com</c>).</summary>
    Production,
}
