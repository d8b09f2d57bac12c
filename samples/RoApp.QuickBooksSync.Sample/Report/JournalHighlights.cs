using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sample.Report;

/// <summary>The last entries of the company's journal, oldest first, with the fix for anything that failed.</summary>
internal sealed class JournalHighlights(IJournalStore journal, ConsoleProgress progress)
{
    public async Task PrintAsync(string companyId, int count, CancellationToken cancellationToken)
    {
        var page = await journal.QueryAsync(new JournalQuery { CompanyId = companyId, Limit = count }, cancellationToken);
        progress.Step($"The journal, newest {count} entries at most");
        if (page.Entries.Count == 0)
        {
            progress.Detail("(nothing journalled yet)");
        }

        // The store answers newest first; a story reads better oldest first.
        foreach (var entry in page.Entries.Reverse())
        {
            var subject = entry.RoAppEntityId is null ? "" : $" {entry.EntityType} {entry.RoAppEntityId}";
            progress.Detail($"{entry.At.ToLocalTime():HH:mm:ss} {entry.Direction,-10} {entry.Operation}{subject}: {entry.Outcome}. {entry.Message}");
            if (entry.Fix is not null && entry.Outcome is JournalOutcome.Failed or JournalOutcome.Dead or JournalOutcome.Retrying)
            {
                progress.Detail($"         fix: {entry.Fix}");
            }
        }
    }
}
