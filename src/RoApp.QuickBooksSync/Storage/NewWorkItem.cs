namespace RoApp.QuickBooksSync.Storage;

/// <summary>A unit of work to put on the queue: what to do, for which company, in which order.</summary>
public sealed record NewWorkItem
{
    /// <summary>The RO App company the work belongs to; fairness and pausing are per company.</summary>
    public required string CompanyId { get; init; }

    /// <summary>What the work is, e.g. <c>outbound.invoice</c> or <c>inbound.event</c>; the engine dispatches on it.</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// Items of one company with the same ordering key run one at a time, in enqueue order
    /// (e.g. <c>invoice:123</c>). Unrelated work uses distinct keys (its own id is fine).
    /// </summary>
    public required string OrderingKey { get; init; }

    /// <summary>
    /// Identifies the work for de-duplication within the company (e.g. a webhook event id).
    /// <see langword="null"/>: never treated as a duplicate.
    /// </summary>
    public string? DeduplicationKey { get; init; }

    /// <summary>The work's data, JSON owned by the engine; the store never looks inside.</summary>
    public required string Payload { get; init; }

    /// <summary>When the work becomes due; <see langword="null"/>: due at once (the enqueue time).</summary>
    public DateTimeOffset? RunAt { get; init; }
}
