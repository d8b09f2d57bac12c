using RoApp.QuickBooksSync.Api.Errors;

namespace RoApp.QuickBooksSync.Engine;

/// <summary>Turns an exception a handler let escape into a <see cref="WorkResult"/>.</summary>
internal static class FailureClassifier
{
    /// <summary>
    /// Validation and business faults cannot pass by waiting: they fail the item at once. Throttling,
    /// transient faults and anything unknown (a host's database hiccup) are retried with backoff; a
    /// throttled realm waits at least as long as QuickBooks asked.
    /// </summary>
    public static WorkResult Classify(Exception exception) => exception switch
    {
        QuickBooksThrottledException throttled => WorkResult.Retry(
            "QuickBooks asked us to slow down (too many requests); the sync continues automatically.",
            throttled.RetryAfter),
        QuickBooksTransientException => WorkResult.Retry(
            $"QuickBooks did not answer properly ({exception.Message}); retrying automatically."),
        QuickBooksValidationException or QuickBooksDuplicateNameException or QuickBooksDuplicateDocumentNumberException
            or QuickBooksObjectNotFoundException or QuickBooksSubscriptionEndedException or QuickBooksAuthorizationException =>
            WorkResult.Fail(exception.Message, FixFor(exception)),
        QuickBooksException => WorkResult.Retry(exception.Message),
        _ => WorkResult.Retry($"Unexpected error: {exception.Message}"),
    };

    private static string? FixFor(Exception exception) => exception switch
    {
        QuickBooksSubscriptionEndedException => "Renew the QuickBooks Online subscription, then retry from the journal.",
        QuickBooksAuthorizationException => "Reconnect QuickBooks with an administrator account, then retry from the journal.",
        _ => "Correct the data named in the message in RO App or QuickBooks, then retry from the journal.",
    };
}
