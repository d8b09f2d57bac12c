namespace RoApp.QuickBooksSync.Testing.Webhooks;

/// <summary>What happened to one webhook event.</summary>
public enum WebhookOutcome
{
    /// <summary>The target answered 200.</summary>
    Delivered,

    /// <summary>The target failed (non-200, error or timeout); a retry is scheduled.</summary>
    Failed,

    /// <summary>Injected: the event was never sent.</summary>
    Dropped,

    /// <summary>Injected: the event is queued a second time.</summary>
    Duplicated,

    /// <summary>Injected: the event is held back to arrive after a later one.</summary>
    Reordered,

    /// <summary>No target is set: the event was only logged.</summary>
    NoTarget,
}

/// <summary>One line of the webhook log.</summary>
/// <param name="Time">Simulator clock.</param>
/// <param name="EventId">Event id.</param>
/// <param name="RealmId">Company.</param>
/// <param name="Entity">Entity name.</param>
/// <param name="EntityId">Entity id.</param>
/// <param name="Operation">Create, Update, Delete or Void.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Attempt">Attempt number (0 for injected outcomes).</param>
/// <param name="StatusCode">The target's answer, when there was one.</param>
public sealed record WebhookLogEntry(
    DateTimeOffset Time,
    string EventId,
    string RealmId,
    string Entity,
    string EntityId,
    string Operation,
    WebhookOutcome Outcome,
    int Attempt,
    int? StatusCode);
