namespace RoApp.QuickBooksSync.Storage.InMemory;

/// <summary>The journal in process memory (tests, trials); honours the <see cref="IJournalStore"/> contract.</summary>
public sealed class InMemoryJournalStore : IJournalStore
{
    private readonly Lock _gate = new();
    private readonly List<JournalEntry> _entries = [];
    private long _nextId;

    /// <inheritdoc />
    public ValueTask<JournalEntry> AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var stored = entry with { Id = ++_nextId };
            _entries.Add(stored);
            return ValueTask.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public ValueTask<JournalPage> QueryAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(query);
        var after = query.ContinuationToken is { } token ? StoreArguments.DecodeJournalToken(token) : ((long, long)?)null;
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var page = _entries
                .Where(e => e.CompanyId == query.CompanyId
                            && (query.EntityType is null || e.EntityType == query.EntityType)
                            && (query.RoAppEntityId is null || e.RoAppEntityId == query.RoAppEntityId)
                            && (query.Outcomes is not { Count: > 0 } || query.Outcomes.Contains(e.Outcome))
                            && (query.IncludeDismissed || !e.Dismissed)
                            && (after is not { } a || e.At.UtcTicks < a.Item1 || (e.At.UtcTicks == a.Item1 && e.Id < a.Item2)))
                .OrderByDescending(e => e.At.UtcTicks)
                .ThenByDescending(e => e.Id)
                .Take(query.Limit + 1)
                .ToList();
            var more = page.Count > query.Limit;
            if (more)
            {
                page.RemoveAt(page.Count - 1);
            }

            var next = more ? StoreArguments.EncodeJournalToken(page[^1].At, page[^1].Id) : null;
            return ValueTask.FromResult(new JournalPage(page, next));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DismissAsync(string companyId, long entryId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var index = _entries.FindIndex(e => e.Id == entryId && e.CompanyId == companyId);
            if (index < 0)
            {
                return ValueTask.FromResult(false);
            }

            _entries[index] = _entries[index] with { Dismissed = true };
            return ValueTask.FromResult(true);
        }
    }
}
