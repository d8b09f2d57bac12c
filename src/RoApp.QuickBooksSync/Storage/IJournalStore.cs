namespace RoApp.QuickBooksSync.Storage;

/// <summary>Stores the journal: the record of what was synced, per company and per object.</summary>
/// <remarks>
/// <para>Contract, for every implementation:</para>
/// <list type="bullet">
/// <item>Entries are append-only except for the dismissed flag.</item>
/// <item>Queries return one company's entries newest first: by <see cref="JournalEntry.At"/>, then by id for
/// entries with the same time. Paging is by keyset: the continuation token marks the last entry returned, so
/// entries appended while a user pages never make the next page repeat or skip older entries.</item>
/// <item>Continuation tokens are opaque; a token that this store did not produce is refused with
/// <see cref="ArgumentException"/>.</item>
/// </list>
/// </remarks>
public interface IJournalStore
{
    /// <summary>Appends an entry.</summary>
    /// <param name="entry">The entry; its <see cref="JournalEntry.Id"/> is ignored.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored entry with its id.</returns>
    ValueTask<JournalEntry> AppendAsync(JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>Reads a page of entries.</summary>
    /// <param name="query">What to read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<JournalPage> QueryAsync(JournalQuery query, CancellationToken cancellationToken);

    /// <summary>Marks an entry dismissed by a user.</summary>
    /// <param name="companyId">The company the entry belongs to (an entry of another company is not touched).</param>
    /// <param name="entryId">The entry id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when no such entry exists.</returns>
    ValueTask<bool> DismissAsync(string companyId, long entryId, CancellationToken cancellationToken);
}
