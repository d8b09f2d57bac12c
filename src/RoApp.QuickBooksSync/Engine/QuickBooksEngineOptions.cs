namespace RoApp.QuickBooksSync.Engine;

/// <summary>How the background worker runs queued sync work.</summary>
public sealed class QuickBooksEngineOptions
{
    /// <summary>Whether this process runs the worker at all (off: the process only enqueues; another one works).</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>
    /// Work items run at once by this process, across all companies. Items spend their time waiting on QuickBooks
    /// (and on a busy realm's rate limit), not on the CPU, so slots are cheap: the default, 64, leaves room for many
    /// companies' work beside a few companies that each hold <see cref="MaxRunningItemsPerCompany"/>.
    /// </summary>
    public int Parallelism { get; set; } = 64;

    /// <summary>
    /// Most items of one company this process runs at once. The default, 10, is QuickBooks' limit of requests in
    /// flight per realm: more items of one company would only wait on its limiter while holding slots that another
    /// company's work could use, so a backlog cannot keep the other companies waiting behind it.
    /// </summary>
    public int MaxRunningItemsPerCompany { get; set; } = 10;

    /// <summary>
    /// Most items of one company a single claim takes; each claim serves every company with due work first, so one
    /// company's backlog cannot crowd out others. The worker claims again at once while slots are free, so this
    /// bounds the share per claim, not the items of a company in flight.
    /// </summary>
    public int MaxItemsPerCompanyPerClaim { get; set; } = 2;

    /// <summary>How long a claimed item stays ours without renewal; a crashed worker's items resume after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the worker sleeps when the queue is empty (new work made in this process wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts after which an item is dead-lettered (visible in the journal, revivable).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry delay; later ones double, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long completed items (and their de-duplication keys) are kept.</summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromDays(7);
}
