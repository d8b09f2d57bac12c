using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Diagnostics;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.InMemory;

namespace RoApp.QuickBooksSync.Tests.Engine;

/// <summary>The worker never lets one slow item hold the others, and its leases fail safe when the store does not answer.</summary>
public sealed class WorkerFailSafeTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly SyncMetrics _metrics;

    public WorkerFailSafeTests() => _metrics = new SyncMetrics(null, _time, null);

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task One_slow_item_does_not_keep_the_other_slots_from_claiming_new_work()
    {
        var slowRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new GateHandler(slowRelease.Task);
        await using var host = HandlerWorker.Build(handler, e =>
        {
            e.Parallelism = 4;
            e.MaxItemsPerCompanyPerClaim = 4;
            e.PollInterval = TimeSpan.FromMilliseconds(50);
        });
        await host.EnqueueAsync("c1", GateHandler.KindName, "slow", "slow");
        for (var i = 0; i < 20; i++)
        {
            await host.EnqueueAsync("c1", GateHandler.KindName, $"fast-{i}", "fast");
        }

        var worker = host.Worker;
        await worker.StartAsync(CancellationToken.None);
        try
        {
            // Liveness, not timing: every fast item completes while the slow one is still running.
            var done = handler.AllFastDone(20);
            await Task.WhenAny(done, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(done.IsCompleted, $"{handler.FastDone} of 20 fast items ran while the slow one held its slot (worker: {worker.ExecuteTask?.Status} {worker.ExecuteTask?.Exception?.GetBaseException().Message}).");
            Assert.False(slowRelease.Task.IsCompleted);
            Assert.Equal(1, handler.SlowRunning);
        }
        finally
        {
            slowRelease.TrySetResult();
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_idle_worker_sleeps_until_a_signal_or_the_poll_interval_instead_of_asking_the_store_again_and_again()
    {
        var store = new FlakyQueue(new InMemoryWorkQueueStore());
        var runner = Runner(store, new DelegateHandler(_ => Task.FromResult(WorkResult.Completed)));
        using var signal = new WorkQueue(store, _time);
        using var stopping = new CancellationTokenSource();

        // The fake clock stands still, so no poll interval ever passes: a sleeping worker claims once and waits.
        var run = runner.RunContinuouslyAsync(signal, TimeSpan.FromMinutes(1), stopping.Token);
        for (var i = 0; i < 500 && store.ClaimCalls == 0; i++)
        {
            await Task.Delay(10);
        }

        await Task.Delay(300);
        var idleClaims = store.ClaimCalls;

        // A signal (new work enqueued by this process) wakes it at once.
        signal.Signal();
        for (var i = 0; i < 500 && store.ClaimCalls == idleClaims; i++)
        {
            await Task.Delay(10);
        }

        var afterSignal = store.ClaimCalls;
        await stopping.CancelAsync();
        await run;

        Assert.True(idleClaims == 1, $"An idle worker asked the store for work {idleClaims} times while no poll interval passed (a busy loop).");
        Assert.Equal(2, afterSignal);
    }

    [Fact]
    public async Task A_renewal_the_store_does_not_answer_cancels_the_handler_before_the_lease_can_expire()
    {
        var store = new FlakyQueue(new InMemoryWorkQueueStore()) { FailRenewals = true };
        var lease = TimeSpan.FromMinutes(1);
        var started = _time.GetUtcNow();
        DateTimeOffset? cancelledAt = null;
        var handler = new DelegateHandler(async ct =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }
            catch (OperationCanceledException)
            {
                cancelledAt = _time.GetUtcNow();
                throw;
            }

            return WorkResult.Completed;
        });
        var runner = Runner(store, handler, o => o.LeaseDuration = lease);
        var id = (await store.EnqueueAsync(new NewWorkItem { CompanyId = "c1", Kind = DelegateHandler.KindName, OrderingKey = "k", Payload = "{}" }, started, CancellationToken.None)).ItemId;

        var run = runner.RunOnceAsync(CancellationToken.None);
        while (!run.IsCompleted && _time.GetUtcNow() < started + (2 * lease))
        {
            await Task.Delay(2);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(run.IsCompleted, "The handler was never cancelled: it would run on past its lease, beside the item's next holder.");
        await run;
        Assert.NotNull(cancelledAt);
        Assert.True(cancelledAt < started + lease, $"The handler ran on until {cancelledAt:O}, past its lease ({started + lease:O}).");
        Assert.True(store.RenewAttempts >= 2, "The renewal was tried again before giving up.");
        var item = (await store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(0, item.Attempts);
    }

    [Fact]
    public async Task On_shutdown_an_item_is_released_even_when_the_store_fails_the_first_release()
    {
        var store = new FlakyQueue(new InMemoryWorkQueueStore()) { FailReleases = 1 };
        using var stopping = new CancellationTokenSource();
        var handler = new DelegateHandler(async ct =>
        {
            await stopping.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return WorkResult.Completed;
        });
        var runner = Runner(store, handler);
        var id = (await store.EnqueueAsync(new NewWorkItem { CompanyId = "c1", Kind = DelegateHandler.KindName, OrderingKey = "k", Payload = "{}" }, _time.GetUtcNow(), CancellationToken.None)).ItemId;

        var run = runner.RunOnceAsync(stopping.Token);
        for (var i = 0; i < 100 && !run.IsCompleted; i++)
        {
            await Task.Delay(5);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await run;
        var item = (await store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal((WorkItemState.Pending, 0), (item.State, item.Attempts));
        Assert.Equal(2, store.ReleaseCalls);
    }

    private WorkRunner Runner(IWorkQueueStore queue, IWorkHandler handler, Action<QuickBooksEngineOptions>? configure = null)
    {
        var options = new QuickBooksSyncOptions();
        configure?.Invoke(options.Engine);
        return new WorkRunner(queue, new InMemoryJournalStore(), [handler], _time, Options.Create(options), NullLogger<WorkRunner>.Instance, _metrics);
    }

    private sealed class GateHandler(Task slowRelease) : IWorkHandler
    {
        public const string KindName = "test.gate";
        private readonly ConcurrentBag<long> _fast = [];
        private readonly TaskCompletionSource _allFast = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _slowRunning;
        private int _expected = int.MaxValue;

        public int SlowRunning => Volatile.Read(ref _slowRunning);

        public int FastDone => _fast.Count;

        public string Kind => KindName;

        public Task AllFastDone(int count)
        {
            Volatile.Write(ref _expected, count);
            if (_fast.Count >= count)
            {
                _allFast.TrySetResult();
            }

            return _allFast.Task;
        }

        public WorkSubject Describe(WorkItem item) => new(JournalDirection.Outbound, "test");

        public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
        {
            if (context.Item.Payload == "slow")
            {
                Interlocked.Increment(ref _slowRunning);
                await slowRelease.WaitAsync(cancellationToken);
                return WorkResult.Completed;
            }

            _fast.Add(context.Item.Id);
            if (_fast.Count >= Volatile.Read(ref _expected))
            {
                _allFast.TrySetResult();
            }

            return WorkResult.Completed;
        }
    }

    private sealed class DelegateHandler(Func<CancellationToken, Task<WorkResult>> run) : IWorkHandler
    {
        public const string KindName = "test.delegate";

        public string Kind => KindName;

        public WorkSubject Describe(WorkItem item) => new(JournalDirection.Outbound, "test");

        public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken) => await run(cancellationToken);
    }
}
