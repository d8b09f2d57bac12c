using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Diagnostics;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.InMemory;
using RoApp.QuickBooksSync.Tests.Diagnostics;

namespace RoApp.QuickBooksSync.Tests.Engine;

public sealed class WorkRunnerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryWorkQueueStore _queue = new();
    private readonly InMemoryJournalStore _journal = new();

    [Fact]
    public async Task Completed_work_leaves_the_queue()
    {
        var handler = new ScriptedHandler(_ => WorkResult.Completed);
        var runner = Runner(handler);
        var id = await Enqueue("invoice:1");

        Assert.Equal(1, await runner.RunUntilIdleAsync(CancellationToken.None));

        Assert.Equal(WorkItemState.Completed, (await _queue.GetAsync(id, CancellationToken.None))!.State);
        Assert.Equal(1, handler.Runs);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_after_backoff_and_journalled_as_retrying()
    {
        var handler = new ScriptedHandler(run => run == 1 ? throw new QuickBooksTransientException("503 from QuickBooks") : WorkResult.Completed);
        var runner = Runner(handler);
        var id = await Enqueue("invoice:1");

        await runner.RunUntilIdleAsync(CancellationToken.None);
        var afterFirst = (await _queue.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(WorkItemState.Pending, afterFirst.State);
        Assert.True(afterFirst.RunAt > _time.GetUtcNow(), "the retry waits for its backoff");
        Assert.Equal(0, await runner.RunOnceAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromMinutes(1));
        await runner.RunUntilIdleAsync(CancellationToken.None);

        Assert.Equal(WorkItemState.Completed, (await _queue.GetAsync(id, CancellationToken.None))!.State);
        var entries = await Journal();
        var retrying = Assert.Single(entries);
        Assert.Equal(JournalOutcome.Retrying, retrying.Outcome);
        Assert.Contains("503 from QuickBooks", retrying.Message, StringComparison.Ordinal);
        Assert.Equal("7", retrying.RoAppEntityId);
    }

    [Fact]
    public async Task A_validation_fault_dead_letters_at_once_with_a_failed_entry_and_a_fix()
    {
        var handler = new ScriptedHandler(_ => throw new QuickBooksValidationException("Invoice line 2: amount must equal quantity times rate."));
        var runner = Runner(handler);
        var id = await Enqueue("invoice:1");

        await runner.RunUntilIdleAsync(CancellationToken.None);

        Assert.Equal(WorkItemState.DeadLettered, (await _queue.GetAsync(id, CancellationToken.None))!.State);
        var failed = Assert.Single(await Journal());
        Assert.Equal(JournalOutcome.Failed, failed.Outcome);
        Assert.Contains("line 2", failed.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(failed.Fix));
        Assert.Equal(1, handler.Runs);
    }

    [Fact]
    public async Task Work_that_keeps_failing_is_dead_lettered_after_the_maximum_attempts()
    {
        var handler = new ScriptedHandler(_ => WorkResult.Retry("RO App did not answer"));
        var runner = Runner(handler, o => o.MaxAttempts = 3);
        var id = await Enqueue("invoice:1");

        for (var i = 0; i < 5; i++)
        {
            await runner.RunUntilIdleAsync(CancellationToken.None);
            _time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(WorkItemState.DeadLettered, (await _queue.GetAsync(id, CancellationToken.None))!.State);
        Assert.Equal(3, handler.Runs);
        var outcomes = (await Journal()).Select(e => e.Outcome).ToList();
        Assert.Equal([JournalOutcome.Dead, JournalOutcome.Retrying, JournalOutcome.Retrying], outcomes);
    }

    [Fact]
    public async Task Throttling_waits_as_long_as_QuickBooks_asked()
    {
        var handler = new ScriptedHandler(run => run == 1
            ? throw new QuickBooksThrottledException("Too many requests") { RetryAfter = TimeSpan.FromSeconds(90) }
            : WorkResult.Completed);
        var runner = Runner(handler);
        var id = await Enqueue("invoice:1");

        await runner.RunUntilIdleAsync(CancellationToken.None);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(90), (await _queue.GetAsync(id, CancellationToken.None))!.RunAt);
    }

    [Fact]
    public async Task Work_of_an_unknown_kind_fails_visibly_instead_of_looping()
    {
        var runner = Runner(new ScriptedHandler(_ => WorkResult.Completed));
        var result = await _queue.EnqueueAsync(
            new NewWorkItem { CompanyId = "c1", Kind = "future.kind", OrderingKey = "x", Payload = "{}" }, _time.GetUtcNow(), CancellationToken.None);

        await runner.RunUntilIdleAsync(CancellationToken.None);

        Assert.Equal(WorkItemState.DeadLettered, (await _queue.GetAsync(result.ItemId, CancellationToken.None))!.State);
        Assert.Contains("future.kind", Assert.Single(await Journal()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_releases_work_in_progress_without_counting_an_attempt()
    {
        using var stopping = new CancellationTokenSource();
        var handler = new ScriptedHandler(_ =>
        {
            stopping.Cancel();
            stopping.Token.ThrowIfCancellationRequested();
            return WorkResult.Completed;
        });
        var runner = Runner(handler);
        var id = await Enqueue("invoice:1");

        await runner.RunOnceAsync(stopping.Token);

        var item = (await _queue.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(WorkItemState.Pending, item.State);
        Assert.Equal(0, item.Attempts);
        Assert.Empty(await Journal());
    }

    [Fact]
    public async Task Every_settled_run_is_counted_by_outcome_inside_a_job_span()
    {
        var handler = new ScriptedHandler(run => run == 1 ? WorkResult.Retry("RO App did not answer") : WorkResult.Completed);
        var runner = Runner(handler);
        using var capture = new TelemetryCapture(_metrics.Meter);
        await Enqueue("invoice:1");

        await runner.RunUntilIdleAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        await runner.RunUntilIdleAsync(CancellationToken.None);

        var outcomes = capture.Of("roapp.quickbooks.jobs").Select(m => m.Tag("outcome")).ToList();
        Assert.Equal(["retrying", "completed"], outcomes);
        Assert.Equal(2, capture.Spans.Count(s => s.DisplayName.Contains(ScriptedHandler.KindName, StringComparison.Ordinal)));
    }

    private readonly SyncMetrics _metrics;

    public WorkRunnerTests() => _metrics = new SyncMetrics(null, _time, null);

    public void Dispose() => _metrics.Dispose();

    private WorkRunner Runner(IWorkHandler handler, Action<QuickBooksEngineOptions>? configure = null)
    {
        var options = new QuickBooksSyncOptions();
        configure?.Invoke(options.Engine);
        return new WorkRunner(_queue, _journal, [handler], _time, Options.Create(options), NullLogger<WorkRunner>.Instance, _metrics);
    }

    private async Task<long> Enqueue(string orderingKey) =>
        (await _queue.EnqueueAsync(
            new NewWorkItem { CompanyId = "c1", Kind = ScriptedHandler.KindName, OrderingKey = orderingKey, Payload = "{\"invoice\":\"7\"}" },
            _time.GetUtcNow(),
            CancellationToken.None)).ItemId;

    private async Task<IReadOnlyList<JournalEntry>> Journal() =>
        (await _journal.QueryAsync(new JournalQuery { CompanyId = "c1", Limit = 50 }, CancellationToken.None)).Entries;

    private sealed class ScriptedHandler(Func<int, WorkResult> script) : IWorkHandler
    {
        public const string KindName = "test.scripted";

        public int Runs { get; private set; }

        public string Kind => KindName;

        public WorkSubject Describe(WorkItem item) =>
            new(JournalDirection.Outbound, "send invoice", SyncedEntityType.Invoice, "7");

        public ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
        {
            Runs++;
            return ValueTask.FromResult(script(Runs));
        }
    }
}
