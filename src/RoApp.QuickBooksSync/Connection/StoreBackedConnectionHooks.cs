using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// Realm switches and pauses carried out on the stores: links of the old realm are detached, the company's
/// queue is paused or resumed, and each event is written to the company's journal.
/// </summary>
internal sealed class StoreBackedConnectionHooks(
    IEntityLinkStore links,
    IWorkQueueStore queue,
    IJournalStore journal,
    TimeProvider timeProvider,
    ILogger<StoreBackedConnectionHooks> logger) : IConnectionHooks
{
    public async ValueTask DetachRealmAsync(string companyId, string oldRealmId, string newRealmId, CancellationToken cancellationToken)
    {
        var detached = await links.DetachRealmAsync(companyId, oldRealmId, cancellationToken).ConfigureAwait(false);
        ConnectionLog.RealmSwitched(logger, companyId, oldRealmId, newRealmId);
        await journal.AppendAsync(new JournalEntry
        {
            CompanyId = companyId,
            RealmId = oldRealmId,
            Direction = JournalDirection.Connection,
            Operation = "RealmSwitched",
            Outcome = JournalOutcome.SyncedWithWarnings,
            Message = $"Reconnected from QuickBooks company {oldRealmId} to {newRealmId}. {detached} links to objects of the old company were detached; they are never used for the new one, so invoices sent again are created anew there.",
            At = timeProvider.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask PauseAsync(string companyId, string reason, string? fix, CancellationToken cancellationToken)
    {
        await queue.SetCompanyPausedAsync(companyId, paused: true, cancellationToken).ConfigureAwait(false);
        ConnectionLog.WorkPaused(logger, companyId, reason);
        await journal.AppendAsync(new JournalEntry
        {
            CompanyId = companyId,
            Direction = JournalDirection.Connection,
            Operation = "WorkPaused",
            Outcome = fix is null ? JournalOutcome.Skipped : JournalOutcome.Failed,
            Message = $"QuickBooks work is paused (kept, not dropped): {reason}",
            Fix = fix,
            At = timeProvider.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ResumeAsync(string companyId, CancellationToken cancellationToken)
    {
        if (!await queue.IsCompanyPausedAsync(companyId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await queue.SetCompanyPausedAsync(companyId, paused: false, cancellationToken).ConfigureAwait(false);
        ConnectionLog.WorkResumed(logger, companyId);
        await journal.AppendAsync(new JournalEntry
        {
            CompanyId = companyId,
            Direction = JournalDirection.Connection,
            Operation = "WorkResumed",
            Outcome = JournalOutcome.Synced,
            Message = "QuickBooks work resumed.",
            At = timeProvider.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
    }
}
