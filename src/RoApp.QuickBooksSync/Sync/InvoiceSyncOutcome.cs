namespace RoApp.QuickBooksSync.Sync;

/// <summary>What a sync of one invoice did.</summary>
/// <param name="Result">How it ended.</param>
/// <param name="Message">What happened, for a shop owner.</param>
/// <param name="Fix">For problems: what to do.</param>
/// <param name="QuickBooksId">The QuickBooks invoice id, when there is one.</param>
/// <param name="RoAppTotal">RO App's total, when the invoice was sent.</param>
/// <param name="QuickBooksTotal">QuickBooks' computed total, when the invoice was sent.</param>
public sealed record InvoiceSyncOutcome(
    InvoiceSyncResult Result,
    string Message,
    string? Fix = null,
    string? QuickBooksId = null,
    decimal? RoAppTotal = null,
    decimal? QuickBooksTotal = null);

/// <summary>How a sync of one invoice ended.</summary>
public enum InvoiceSyncResult
{
    /// <summary>Created or updated in QuickBooks.</summary>
    Synced,

    /// <summary>Created or updated, but QuickBooks' total differs from RO App's (both are in the journal).</summary>
    SyncedWithWarnings,

    /// <summary>Nothing changed since the last send: no call was made.</summary>
    Unchanged,

    /// <summary>Deliberately not sent (integration off, not connected, invoice gone).</summary>
    Skipped,

    /// <summary>Not sent; the message says why and the fix.</summary>
    Failed,
}

/// <summary>What <see cref="IQuickBooksSync.InvoiceStatusChangedAsync"/> decided.</summary>
public enum InvoiceStatusChangeResult
{
    /// <summary>The status is a trigger status: the invoice is queued for sending.</summary>
    Queued,

    /// <summary>The status is not a trigger status: nothing is sent (journalled).</summary>
    NotATriggerStatus,

    /// <summary>The company is not connected or the integration is off: nothing is sent (journalled).</summary>
    NotEnabled,
}

/// <summary>The sync state shown on the RO App invoice page.</summary>
/// <param name="Status">The sync status.</param>
/// <param name="LastSyncedAt">When the invoice was last written to QuickBooks, if ever.</param>
/// <param name="QuickBooksId">The QuickBooks invoice id, if synced.</param>
/// <param name="QuickBooksUrl">A link that opens the invoice in the QuickBooks web app (sandbox or production), if synced.</param>
/// <param name="LastMessage">The latest journal message about the invoice, if any.</param>
/// <param name="LastFix">The fix of the latest journal entry, for problems.</param>
public sealed record InvoiceSyncState(
    InvoiceSyncStatus Status,
    DateTimeOffset? LastSyncedAt,
    string? QuickBooksId,
    Uri? QuickBooksUrl,
    string? LastMessage,
    string? LastFix)
{
    /// <summary>
    /// What needs attention from the QuickBooks side, apart from <see cref="Status"/> (e.g. a status move RO App's
    /// rules refused when a payment was created in QuickBooks); none when nothing does.
    /// </summary>
    public string? AttentionMessage { get; init; }

    /// <summary>The fix of <see cref="AttentionMessage"/>.</summary>
    public string? AttentionFix { get; init; }

    /// <summary>When the problem in <see cref="AttentionMessage"/> happened.</summary>
    public DateTimeOffset? AttentionAt { get; init; }
}

/// <summary>The sync status of one invoice.</summary>
public enum InvoiceSyncStatus
{
    /// <summary>Never sent.</summary>
    NotSynced,

    /// <summary>Queued or being retried.</summary>
    Pending,

    /// <summary>In QuickBooks and up to date with the last send.</summary>
    Synced,

    /// <summary>In QuickBooks, with a warning (totals differ).</summary>
    SyncedWithWarnings,

    /// <summary>The last attempt failed; see the message and fix.</summary>
    Failed,
}
