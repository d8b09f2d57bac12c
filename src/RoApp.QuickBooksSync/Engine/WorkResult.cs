namespace RoApp.QuickBooksSync.Engine;

/// <summary>What a handler says should happen to its item.</summary>
internal abstract record WorkResult
{
    private WorkResult()
    {
    }

    /// <summary>Done: the item is completed.</summary>
    public static WorkResult Completed { get; } = new CompletedResult();

    /// <summary>Try again later (counts an attempt; dead-lettered after the maximum).</summary>
    /// <param name="reason">Why, for the journal (a shop owner reads it).</param>
    /// <param name="after">How long to wait; none: the runner's backoff.</param>
    public static WorkResult Retry(string reason, TimeSpan? after = null) => new RetryResult(reason, after);

    /// <summary>
    /// A failure that repeating will not cure (QuickBooks validation, a refused status change): the item
    /// is dead-lettered at once and journalled as failed. It can be revived after the cause is fixed.
    /// </summary>
    /// <param name="message">What went wrong, for a shop owner.</param>
    /// <param name="fix">What to do about it.</param>
    /// <param name="subject">What the failure is about, when the handler knows more than <see cref="IWorkHandler.Describe"/>
    /// (e.g. the RO App invoice, so the entry shows on its page); none: the handler's description.</param>
    public static WorkResult Fail(string message, string? fix, WorkSubject? subject = null) => new FailedResult(message, fix, subject);

    /// <summary>
    /// Not now, and not a failure: the item waits (another writer holds its invoice, say) and runs again after
    /// <paramref name="after"/>, without counting an attempt.
    /// </summary>
    /// <param name="reason">Why, for the log.</param>
    /// <param name="after">How long to wait.</param>
    public static WorkResult Defer(string reason, TimeSpan after) => new DeferredResult(reason, after);

    internal sealed record CompletedResult : WorkResult;

    internal sealed record DeferredResult(string Reason, TimeSpan After) : WorkResult;

    internal sealed record RetryResult(string Reason, TimeSpan? After) : WorkResult;

    internal sealed record FailedResult(string Message, string? Fix, WorkSubject? Subject = null) : WorkResult;
}
