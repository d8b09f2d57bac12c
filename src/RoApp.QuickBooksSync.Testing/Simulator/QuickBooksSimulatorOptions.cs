using RoApp.QuickBooksSync.Testing.Limits;
using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.Testing;

/// <summary>How a <see cref="QuickBooksSimulator"/> is started.</summary>
public sealed class QuickBooksSimulatorOptions
{
    /// <summary>TCP port on localhost; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The simulator's clock: token expiry, rate windows, MetaData times, CDC windows and webhook retries follow it. Tests pass a FakeTimeProvider.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The app's OAuth client id.</summary>
    public string ClientId { get; set; } = "simulator-client-id";

    /// <summary>The app's OAuth client secret.</summary>
    public string ClientSecret { get; set; } = "simulator-client-secret";

    /// <summary>The webhook verifier token (HMAC key of <c>intuit-signature</c>); not the client secret.</summary>
    public string VerifierToken { get; set; } = "simulator-verifier-token";

    /// <summary>Registered redirect URIs; empty accepts any.</summary>
    public IList<string> RedirectUris { get; } = [];

    /// <summary>Access-token lifetime (Intuit: one hour).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Refresh-token lifetime from its issue (Intuit: about 100 days; 101 here, as <c>x_refresh_token_expires_in</c> = 8726400).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromSeconds(8_726_400);

    /// <summary>Hard limit of a grant from the first authorisation (Intuit: five years).</summary>
    public TimeSpan RefreshTokenHardLifetime { get; set; } = TimeSpan.FromDays(5 * 365);

    /// <summary>How long a rotated-out refresh token still works (Intuit: about 24 hours).</summary>
    public TimeSpan PreviousRefreshTokenGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an authorisation code can be exchanged.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Per-realm limits; <see cref="RateLimitOptions.Enabled"/> false turns them off.</summary>
    public RateLimitOptions Limits { get; set; } = new();

    /// <summary>
    /// How long every admitted API call takes to answer (real time, inside the realm's in-flight slot, so it
    /// counts against the 10-in-flight limit as QuickBooks' own service time does); zero, the default, answers
    /// at once. OAuth endpoints and 429 answers are not delayed. Intuit's own answers take roughly 150-600 ms.
    /// </summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Spread of <see cref="Latency"/>: each call takes a uniform random time within plus or minus this much (seeded by <see cref="Seed"/>).</summary>
    public TimeSpan LatencyJitter { get; set; }

    /// <summary>Seed of every random choice (fault and webhook injection), so runs repeat.</summary>
    public int Seed { get; set; } = 12345;

    /// <summary>Webhook format, target and injection.</summary>
    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>How many requests the request log keeps (oldest dropped first).</summary>
    public int RequestLogCapacity { get; set; } = 10_000;
}
