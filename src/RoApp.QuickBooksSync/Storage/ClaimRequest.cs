namespace RoApp.QuickBooksSync.Storage;

/// <summary>What to claim: who claims, for how long, how many.</summary>
public sealed record ClaimRequest
{
    /// <summary>The claiming worker, unique per worker (e.g. host name + process id + worker number).</summary>
    public required string Owner { get; init; }

    /// <summary>How long the claimed items stay leased unless renewed. Must be positive.</summary>
    public required TimeSpan LeaseDuration { get; init; }

    /// <summary>At most this many items in total. Must be positive.</summary>
    public int MaxItems { get; init; } = 1;

    /// <summary>
    /// At most this many items of one company per claim; <see langword="null"/>: no cap beyond
    /// <see cref="MaxItems"/>. Companies are served round-robin either way.
    /// </summary>
    public int? MaxItemsPerCompany { get; init; }

    /// <summary>
    /// Companies whose work this claim skips: the claimer already runs as much of it at once as it will. Empty by
    /// default.
    /// </summary>
    public IReadOnlyCollection<string> ExcludedCompanyIds { get; init; } = [];
}
