namespace RoApp.QuickBooksSync.Inbound;

/// <summary>What became of a webhook delivery.</summary>
public sealed record WebhookIntakeResult
{
    /// <summary>Whether the delivery was taken (answer 200 so Intuit does not send it again).</summary>
    public bool Accepted => Refusal is null;

    /// <summary>Why the delivery was refused, or <see langword="null"/> when accepted.</summary>
    public WebhookRefusal? Refusal { get; init; }

    /// <summary>What to tell Intuit (and the host's logs): empty when accepted.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>The HTTP status to answer: 200 accepted, 401 bad signature, 413 too large, 400 unreadable, 503 not ready.</summary>
    public int StatusCode => Refusal switch
    {
        null => 200,
        WebhookRefusal.MissingSignature or WebhookRefusal.InvalidSignature => 401,
        WebhookRefusal.TooLarge => 413,
        WebhookRefusal.Malformed => 400,
        _ => 503,
    };

    /// <summary>Events queued for processing.</summary>
    public int Queued { get; init; }

    /// <summary>Events already queued before (a repeated delivery), ignored.</summary>
    public int Duplicates { get; init; }

    /// <summary>Events dropped: unknown realm, disabled company, an entity the sync does not follow, or past <c>QuickBooksSync:Inbound:MaxEventsPerDelivery</c>.</summary>
    public int Dropped { get; init; }
}

/// <summary>Why a webhook delivery was refused.</summary>
public enum WebhookRefusal
{
    /// <summary>No <c>intuit-signature</c> header.</summary>
    MissingSignature,

    /// <summary>The signature does not match the body and the verifier token.</summary>
    InvalidSignature,

    /// <summary>The body is larger than <c>QuickBooksSync:Inbound:MaxWebhookBodyBytes</c>.</summary>
    TooLarge,

    /// <summary>The body is not JSON in either of Intuit's formats.</summary>
    Malformed,

    /// <summary>No verifier token is configured (<c>QuickBooksSync:WebhookVerifierToken</c>), so nothing can be verified.</summary>
    NotConfigured,
}
