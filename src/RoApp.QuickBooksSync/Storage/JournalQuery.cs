namespace RoApp.QuickBooksSync.Storage;

/// <summary>Which journal entries to read: one company, optionally one object and some outcomes, newest first.</summary>
public sealed record JournalQuery
{
    /// <summary>The RO App company id.</summary>
    public required string CompanyId { get; init; }

    /// <summary>Only entries of this kind of object (with <see cref="RoAppEntityId"/>).</summary>
    public SyncedEntityType? EntityType { get; init; }

    /// <summary>Only entries of this RO App object.</summary>
    public string? RoAppEntityId { get; init; }

    /// <summary>Only entries with one of these outcomes; <see langword="null"/> or empty: all.</summary>
    public IReadOnlyCollection<JournalOutcome>? Outcomes { get; init; }

    /// <summary>Whether dismissed entries are included.</summary>
    public bool IncludeDismissed { get; init; } = true;

    /// <summary>Page size, at least 1.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>The <see cref="JournalPage.ContinuationToken"/> of the previous page; <see langword="null"/>: the first page.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>A page of journal entries, newest first.</summary>
/// <param name="Entries">The entries.</param>
/// <param name="ContinuationToken">Pass it in the next query for the following page; <see langword="null"/> when this is the last page.</param>
public sealed record JournalPage(IReadOnlyList<JournalEntry> Entries, string? ContinuationToken);
