namespace RoApp.QuickBooksSync.Inbound;

/// <summary>How changes made in QuickBooks reach RO App: webhook intake and reconciliation.</summary>
public sealed class QuickBooksInboundOptions
{
    /// <summary>The largest webhook body accepted, in bytes; larger deliveries are refused (Intuit's are a few KB).</summary>
    public int MaxWebhookBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The most events one webhook delivery may queue (each costs a QuickBooks read later). Events past the cap
    /// are dropped with a warning; reconciliation (change data capture) picks their changes up on its next
    /// run. Intuit's deliveries hold a handful; the default is 1000.
    /// </summary>
    public int MaxEventsPerDelivery { get; set; } = 1000;

    /// <summary>
    /// Whether this host takes Intuit's webhooks (the default). Then <c>QuickBooksSync:WebhookVerifierToken</c> must
    /// be set or the host does not start; set it to <see langword="false"/> for a host that relies on
    /// reconciliation alone (or whose webhooks another host receives).
    /// </summary>
    public bool ReceiveWebhooks { get; set; } = true;

    /// <summary>Whether this process runs reconciliation (change data capture) at start and on <see cref="ReconciliationInterval"/>.</summary>
    public bool RunReconciliation { get; set; } = true;

    /// <summary>How often every connected company is reconciled, catching webhooks that never came.</summary>
    public TimeSpan ReconciliationInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How many companies one reconciliation pass works on at once (each inside its own realm's limits), so a
    /// pass over a thousand companies takes seconds, not one company's round trips after another. Default 16.
    /// </summary>
    public int ReconciliationConcurrency { get; set; } = 16;

    /// <summary>
    /// How far before the stored watermark each reconciliation starts, so changes stamped just before it
    /// (clock skew, slow commits) are not missed; repeats are de-duplicated.
    /// </summary>
    public TimeSpan ReconciliationOverlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a QuickBooks event for an invoice waits, after the library's send of that invoice let go of it, for
    /// an update whose outcome is not proven (its answer was lost or was a 500; QuickBooks may have applied it).
    /// The send's retries settle it well within this; the wait only bounds how long a send that gave up can hold a
    /// bookkeeper's edit back. Shorter risks taking the library's own update for an edit; default 15 minutes.
    /// </summary>
    public TimeSpan PendingUpdateWait { get; set; } = TimeSpan.FromMinutes(15);
}
