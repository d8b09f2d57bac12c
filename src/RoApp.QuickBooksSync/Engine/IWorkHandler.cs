using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Engine;

/// <summary>
/// Runs the work items of one <see cref="Kind"/>. The runner claims items, finds the handler by kind,
/// and turns what it returns (or throws) into complete, retry or dead-letter, with a journal entry for
/// every retry and every final failure.
/// </summary>
/// <remarks>
/// A handler must be safe to run again for the same item: an item may run more than once (a lease that
/// expired mid-run, a crash before completion). Writes to QuickBooks therefore carry deterministic
/// request ids and links are written with compare-and-swap. A handler journals its own successes and
/// skips (it knows the QuickBooks id and what was done); the runner journals retries and failures.
/// </remarks>
internal interface IWorkHandler
{
    /// <summary>The <see cref="WorkItem.Kind"/> this handler runs, e.g. <c>outbound.invoice</c>.</summary>
    string Kind { get; }

    /// <summary>What an item is about, for journal entries the runner writes.</summary>
    WorkSubject Describe(WorkItem item);

    /// <summary>Runs one item.</summary>
    /// <param name="context">The item and its lease.</param>
    /// <param name="cancellationToken">Cancelled when the host stops or the lease is lost.</param>
    /// <returns>What to do with the item. Exceptions are classified by <see cref="FailureClassifier"/>.</returns>
    ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken);
}

/// <summary>What a work item is about: the journal's direction, operation and RO App entity.</summary>
/// <param name="Direction">Outbound, inbound or connection.</param>
/// <param name="Operation">A short verb phrase, e.g. <c>send invoice</c>.</param>
/// <param name="EntityType">The RO App entity type, when there is one.</param>
/// <param name="RoAppEntityId">The RO App entity id, when there is one.</param>
/// <param name="RealmId">The QuickBooks company the work is for, when known.</param>
internal sealed record WorkSubject(
    JournalDirection Direction,
    string Operation,
    SyncedEntityType? EntityType = null,
    string? RoAppEntityId = null,
    string? RealmId = null);

/// <summary>The item being run and its lease.</summary>
/// <param name="Item">The claimed item.</param>
/// <param name="Lease">The lease the runner holds (renewed by the runner while the handler runs).</param>
internal sealed record WorkContext(WorkItem Item, WorkLease Lease);
