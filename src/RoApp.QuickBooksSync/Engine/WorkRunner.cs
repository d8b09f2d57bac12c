using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Diagnostics;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Engine;

/// <summary>
/// Claims due work, runs each item through its handler and settles it: complete, retry with backoff,
/// or dead-letter, journalling every retry and every final failure. One call to <see cref="RunOnceAsync"/>
/// is one claim; the background worker calls it in a loop and tests call it directly.
/// </summary>
internal sealed partial class WorkRunner
{
    private readonly IWorkQueueStore _queue;
    private readonly IJournalStore _journal;
    private readonly Dictionary<string, IWorkHandler> _handlers;
    private readonly TimeProvider _time;
    private readonly QuickBooksEngineOptions _options;
    private readonly ILogger<WorkRunner> _logger;
    private readonly SyncMetrics _metrics;
    private readonly UnitOfWorkScopes? _scopes;
    private readonly Sync.InvoiceStateRecorder? _states;

    public WorkRunner(
        IWorkQueueStore queue,
        IJournalStore journal,
        IEnumerable<IWorkHandler> handlers,
        TimeProvider timeProvider,
        IOptions<QuickBooksSyncOptions> options,
        ILogger<WorkRunner> logger,
        SyncMetrics metrics,
        UnitOfWorkScopes? scopes = null,
        Sync.InvoiceStateRecorder? states = null)
    {
        _scopes = scopes;
        _states = states;
        _metrics = metrics;
        _queue = queue;
        _journal = journal;
        _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
        _time = timeProvider;
        _options = options.Value.Engine;
        _logger = logger;
        Owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
    }

    /// <summary>This runner's lease owner name (machine, process, instance).</summary>
    public string Owner { get; }

    /// <summary>Claims up to the configured parallelism of due items and runs them concurrently.</summary>
    /// <param name="cancellationToken">Stops the run: items not finished are released, not failed.</param>
    /// <returns>How many items were claimed.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(Math.Max(1, _options.Parallelism), cancellationToken).ConfigureAwait(false);

        await Task.WhenAll(claimed.Select(c => RunAsync(c, cancellationToken))).ConfigureAwait(false);
        return claimed.Count;
    }

    /// <summary>
    /// The worker's loop: keeps up to the configured parallelism of items running, claiming new work as soon as
    /// a slot frees (one slow call never holds the other slots), and waits for new work, a free slot or the poll
    /// interval when there is nothing to claim. A store outage is logged and the claim tried again after the
    /// poll interval. On stop, the items still running are released (not failed) before it returns.
    /// </summary>
    /// <param name="signal">Wakes the loop when work is enqueued in this process.</param>
    /// <param name="pollInterval">How often to look for work enqueued elsewhere (other processes, retries coming due).</param>
    /// <param name="stopping">Stops the loop.</param>
    public async Task RunContinuouslyAsync(WorkQueue signal, TimeSpan pollInterval, CancellationToken stopping)
    {
        var parallelism = Math.Max(1, _options.Parallelism);
        var running = new RunningItems(Math.Max(1, _options.MaxRunningItemsPerCompany), Math.Max(1, _options.MaxItemsPerCompanyPerClaim));
        while (!stopping.IsCancellationRequested)
        {
            var free = parallelism - running.Count;
            var claimedAll = false;
            if (free > 0)
            {
                try
                {
                    var (excluded, take) = running.NextClaim();
                    var claimed = await ClaimAsync(free, stopping, excluded, take).ConfigureAwait(false);
                    foreach (var item in claimed)
                    {
                        running.Add(RunAsync(item, stopping), item.Item.CompanyId);
                    }

                    // A claim takes at most MaxItemsPerCompanyPerClaim of each company, so a short claim that found
                    // work may have left more of it due: claim again at once (each claim serves every company
                    // first, least recently served first) until the slots are full or nothing more is due, so one
                    // company's backlog fills the free slots up to its share instead of two at a time.
                    claimedAll = claimed.Count == free || claimed.Count > 0;
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception)
                {
                    LogClaimFailed(exception);
                }
            }

            if (!claimedAll || running.Count >= parallelism)
            {
                try
                {
                    await WaitForWorkOrSlotAsync(signal, pollInterval, running.Tasks, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
            }

            running.RemoveCompleted();
        }

        // Each run sees the stop and releases its item; wait for them so nothing is left half-settled.
        await Task.WhenAll(running.Tasks).ConfigureAwait(false);
    }

    private static async Task WaitForWorkOrSlotAsync(WorkQueue signal, TimeSpan pollInterval, IReadOnlyCollection<Task> running, CancellationToken stopping)
    {
        if (running.Count == 0)
        {
            // Nothing runs, so no slot can free up: sleep until new work is signalled or the poll interval passes.
            await signal.WaitForWorkAsync(pollInterval, stopping).ConfigureAwait(false);
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var work = signal.WaitForWorkAsync(pollInterval, wake.Token);
        await Task.WhenAny(work, Task.WhenAny(running)).ConfigureAwait(false);

        // Cancelling the wait leaves a signal that came meanwhile for the next wait (a cancelled wait takes none).
        await wake.CancelAsync().ConfigureAwait(false);
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // Woken by a free slot.
        }
    }

    private ValueTask<IReadOnlyList<ClaimedWorkItem>> ClaimAsync(int maxItems, CancellationToken cancellationToken, IReadOnlyCollection<string>? excluded = null, int? perCompany = null) =>
        _queue.ClaimAsync(
            new ClaimRequest
            {
                Owner = Owner,
                LeaseDuration = _options.LeaseDuration,
                MaxItems = maxItems,
                MaxItemsPerCompany = perCompany ?? Math.Max(1, _options.MaxItemsPerCompanyPerClaim),
                ExcludedCompanyIds = excluded ?? [],
            },
            _time.GetUtcNow(),
            cancellationToken);

    /// <summary>Runs claims until nothing is due (tests and the sample use it to drain the queue).</summary>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>How many items were run in all.</returns>
    public async Task<int> RunUntilIdleAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int ran;
        while ((ran = await RunOnceAsync(cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += ran;
        }

        return total;
    }

    private async Task RunAsync(ClaimedWorkItem claimed, CancellationToken stopping)
    {
        var item = claimed.Item;
        _handlers.TryGetValue(item.Kind, out var handler);

        // Started before the handler runs, so the API calls it makes become child spans of the job.
        using var job = _metrics.StartJob(item, handler?.Describe(item).RealmId);
        if (handler is null)
        {
            LogUnknownKind(item.Id, item.Kind);
            var message = $"This version of RoApp.QuickBooksSync cannot run work of kind '{item.Kind}'.";
            var unknown = WorkResult.Fail(message, "Run a version that knows this kind of work, or dismiss the entry.");
            job.Finish(await SettleAsync(claimed, null, unknown, CancellationToken.None).ConfigureAwait(false), message);
            return;
        }

        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var renewal = KeepLeaseAsync(claimed.Lease, leaseLost);
        WorkResult result;
        try
        {
            // Each job in a DI scope of its own: the host's gateway and its scoped dependencies live as long as the job.
            var unit = _scopes?.Begin() ?? default;
            await using (unit.ConfigureAwait(false))
            {
                result = await handler.HandleAsync(new WorkContext(item, claimed.Lease), leaseLost.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            if (stopping.IsCancellationRequested)
            {
                // Shutting down: hand the item back without counting an attempt.
                await PersistAsync(item.Id, () => _queue.ReleaseAsync(claimed.Lease, CancellationToken.None), false).ConfigureAwait(false);
            }

            // Otherwise the lease was lost: someone else holds the item now and settles it.
            job.Finish(stopping.IsCancellationRequested ? JobOutcome.Released : JobOutcome.LeaseLost);
            return;
        }
        catch (Exception exception)
        {
            LogHandlerFailed(exception, item.Id, item.Kind);
            result = FailureClassifier.Classify(exception);
        }
        finally
        {
            await renewal.StopAsync().ConfigureAwait(false);
        }

        var outcome = await PersistAsync(item.Id, () => new ValueTask<JobOutcome>(SettleAsync(claimed, handler, result, CancellationToken.None)), JobOutcome.LeaseLost).ConfigureAwait(false);
        job.Finish(outcome, result switch
        {
            WorkResult.RetryResult retry => retry.Reason,
            WorkResult.FailedResult failed => failed.Message,
            _ => null,
        });
    }

    /// <summary>
    /// Settles or releases an item even through a short store outage: tried a few times; if the store stays
    /// down, the lease expires and the item runs again elsewhere (handlers are idempotent), so nothing is lost.
    /// </summary>
    private async Task<T> PersistAsync<T>(long itemId, Func<ValueTask<T>> step, T fallback)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step().ConfigureAwait(false);
            }
            catch (Exception exception) when (attempt < SettleAttempts)
            {
                LogSettleFailed(exception, itemId, attempt);
                await Task.Delay(SettleRetryDelay * attempt, _time).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogSettleFailed(exception, itemId, attempt);
                return fallback;
            }
        }
    }

    private static readonly TimeSpan SettleRetryDelay = TimeSpan.FromMilliseconds(200);
    private const int SettleAttempts = 4;

    private async Task<JobOutcome> SettleAsync(ClaimedWorkItem claimed, IWorkHandler? handler, WorkResult result, CancellationToken cancellationToken)
    {
        var item = claimed.Item;
        var now = _time.GetUtcNow();
        switch (result)
        {
            case WorkResult.CompletedResult:
                if (!await _queue.CompleteAsync(claimed.Lease, now, cancellationToken).ConfigureAwait(false))
                {
                    LogLeaseLost(item.Id);
                    return JobOutcome.LeaseLost;
                }

                return JobOutcome.Completed;

            case WorkResult.DeferredResult deferred:
                if (!await _queue.DeferAsync(claimed.Lease, now + deferred.After, cancellationToken).ConfigureAwait(false))
                {
                    LogLeaseLost(item.Id);
                    return JobOutcome.LeaseLost;
                }

                LogDeferred(item.Id, item.Kind, deferred.Reason);
                return JobOutcome.Deferred;

            case WorkResult.RetryResult retry:
            {
                var attempt = item.Attempts + 1;
                var delay = retry.After ?? RetryBackoff.For(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared.NextDouble());
                var outcome = await _queue.FailAsync(claimed.Lease, retry.Reason, now + delay, Math.Max(1, _options.MaxAttempts), cancellationToken).ConfigureAwait(false);
                if (outcome == FailResult.LeaseLost)
                {
                    LogLeaseLost(item.Id);
                    return JobOutcome.LeaseLost;
                }

                var dead = outcome == FailResult.DeadLettered;
                await JournalAsync(item, handler, dead ? JournalOutcome.Dead : JournalOutcome.Retrying,
                    dead
                        ? $"Gave up after {attempt} attempts: {retry.Reason}"
                        : string.Create(CultureInfo.InvariantCulture, $"Attempt {attempt} failed, next try at {(now + delay):u}: {retry.Reason}"),
                    dead ? "Fix the cause named in the message, then retry from the journal." : null,
                    now, cancellationToken).ConfigureAwait(false);
                return dead ? JobOutcome.DeadLettered : JobOutcome.Retrying;
            }

            case WorkResult.FailedResult failed:
            {
                // maxAttempts equal to this attempt dead-letters the item now: a retry would fail the same way.
                var outcome = await _queue.FailAsync(claimed.Lease, failed.Message, now, item.Attempts + 1, cancellationToken).ConfigureAwait(false);
                if (outcome == FailResult.LeaseLost)
                {
                    LogLeaseLost(item.Id);
                    return JobOutcome.LeaseLost;
                }

                await JournalAsync(item, handler, JournalOutcome.Failed, failed.Message, failed.Fix, now, cancellationToken, failed.Subject).ConfigureAwait(false);
                return JobOutcome.Failed;
            }

            default:
                throw new InvalidOperationException($"Unknown work result {result.GetType().Name}.");
        }
    }

    private async Task JournalAsync(
        WorkItem item, IWorkHandler? handler, JournalOutcome outcome, string message, string? fix, DateTimeOffset now, CancellationToken cancellationToken, WorkSubject? known = null)
    {
        var subject = known ?? handler?.Describe(item) ?? new WorkSubject(JournalDirection.Outbound, item.Kind);
        var entry = await _journal.AppendAsync(
            new JournalEntry
            {
                CompanyId = item.CompanyId,
                RealmId = subject.RealmId,
                EntityType = subject.EntityType,
                RoAppEntityId = subject.RoAppEntityId,
                Direction = subject.Direction,
                Operation = subject.Operation,
                Outcome = outcome,
                Message = message,
                Fix = fix,
                At = now,
                WorkItemId = item.Id,
            },
            cancellationToken).ConfigureAwait(false);
        if (_states is not null)
        {
            await _states.ApplyAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    private LeaseKeeper KeepLeaseAsync(WorkLease lease, CancellationTokenSource onLost)
    {
        var current = lease;
        return new LeaseKeeper(
            async ct =>
            {
                var renewed = await _queue.RenewLeaseAsync(current, _options.LeaseDuration, _time.GetUtcNow(), ct).ConfigureAwait(false);
                current = renewed ?? current;
                return renewed?.ExpiresAt;
            },
            _time,
            lease.ExpiresAt,
            _options.LeaseDuration,
            onLost);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Work item {ItemId} has kind {Kind}, which no handler runs.")]
    private partial void LogUnknownKind(long itemId, string kind);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Work item {ItemId} ({Kind}) failed.")]
    private partial void LogHandlerFailed(Exception exception, long itemId, string kind);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Could not claim work; trying again after the poll interval.")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "Work item {ItemId} could not be settled or released (attempt {Attempt}); if the store stays down its lease expires and it runs again.")]
    private partial void LogSettleFailed(Exception exception, long itemId, int attempt);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Work item {ItemId} ({Kind}) waits: {Reason}")]
    private partial void LogDeferred(long itemId, string kind, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Work item {ItemId}: the lease was lost before it was settled; its new holder settles it.")]
    private partial void LogLeaseLost(long itemId);
}
