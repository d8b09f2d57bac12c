namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>How one run of a work item ended, as the <c>outcome</c> tag of <c>roapp.quickbooks.jobs</c>.</summary>
internal enum JobOutcome
{
    /// <summary>Done.</summary>
    Completed,

    /// <summary>Failed, and runs again later.</summary>
    Retrying,

    /// <summary>Failed for the last time (retries used up): waits in the dead-letter list.</summary>
    DeadLettered,

    /// <summary>Failed in a way a retry cannot fix (journalled with its fix).</summary>
    Failed,

    /// <summary>Given back unfinished because the worker stopped.</summary>
    Released,

    /// <summary>The lease was lost to another worker, which settles the item.</summary>
    LeaseLost,

    /// <summary>Put back to wait for something else (no attempt counted).</summary>
    Deferred,
}

/// <summary>What became of the events of a webhook delivery, as the <c>result</c> tag of <c>roapp.quickbooks.webhook.events</c>.</summary>
internal enum WebhookEventResult
{
    /// <summary>Written to the work queue.</summary>
    Enqueued,

    /// <summary>Already known (Intuit delivers at least once).</summary>
    Duplicate,

    /// <summary>For a realm no company is connected to.</summary>
    UnknownRealm,

    /// <summary>An entity or operation the sync does not act on.</summary>
    Ignored,
}

/// <summary>How a webhook delivery was answered, as the <c>result</c> tag of <c>roapp.quickbooks.webhook.deliveries</c>.</summary>
internal enum WebhookDeliveryResult
{
    /// <summary>Verified, parsed and enqueued: answered 200.</summary>
    Accepted,

    /// <summary>The <c>intuit-signature</c> did not match the body.</summary>
    InvalidSignature,

    /// <summary>The body was not a payload of either format.</summary>
    Malformed,

    /// <summary>Verified and parsed, but enqueueing failed: answered with an error so that Intuit retries.</summary>
    Failed,
}

/// <summary>The tag values of the outcome enums: lower-case with underscores, fixed strings (no allocation per call).</summary>
internal static class OutcomeNames
{
    public static string Of(JobOutcome outcome) => outcome switch
    {
        JobOutcome.Completed => "completed",
        JobOutcome.Retrying => "retrying",
        JobOutcome.DeadLettered => "dead_lettered",
        JobOutcome.Failed => "failed",
        JobOutcome.Released => "released",
        JobOutcome.LeaseLost => "lease_lost",
        JobOutcome.Deferred => "deferred",
        _ => "other",
    };

    public static string Of(WebhookEventResult result) => result switch
    {
        WebhookEventResult.Enqueued => "enqueued",
        WebhookEventResult.Duplicate => "duplicate",
        WebhookEventResult.UnknownRealm => "unknown_realm",
        WebhookEventResult.Ignored => "ignored",
        _ => "other",
    };

    public static string Of(WebhookDeliveryResult result) => result switch
    {
        WebhookDeliveryResult.Accepted => "accepted",
        WebhookDeliveryResult.InvalidSignature => "invalid_signature",
        WebhookDeliveryResult.Malformed => "malformed",
        WebhookDeliveryResult.Failed => "failed",
        _ => "other",
    };
}
