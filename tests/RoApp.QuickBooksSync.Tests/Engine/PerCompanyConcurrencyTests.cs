using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.Engine;

/// <summary>One company's backlog fills the worker's slots (up to its realm's limits), in order per ordering key.</summary>
public sealed class PerCompanyConcurrencyTests
{
    [Fact]
    public async Task One_company_runs_more_than_a_claims_share_at_once_and_keeps_each_ordering_key_in_order()
    {
        const int together = 6;
        var handler = new BarrierHandler(together);
        await using var host = HandlerWorker.Build(handler, e =>
        {
            e.Parallelism = 8;
            e.MaxItemsPerCompanyPerClaim = 2;
            // Far away: only claiming again at once, not a poll, can bring the third pair in.
            e.PollInterval = TimeSpan.FromMinutes(10);
        });
        await host.EnqueueAsync("c1", BarrierHandler.KindName, "invoice:same", "same-1");
        await host.EnqueueAsync("c1", BarrierHandler.KindName, "invoice:same", "same-2");
        for (var i = 0; i < together; i++)
        {
            await host.EnqueueAsync("c1", BarrierHandler.KindName, $"invoice:{i}", "wait");
        }

        var worker = host.Worker;
        await worker.StartAsync(CancellationToken.None);
        try
        {
            // Liveness, not timing: the guard only keeps a broken worker from hanging the test.
            await Task.WhenAny(handler.AllDone, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(handler.Together.IsCompleted, $"at most {handler.MostAtOnce} of company c1's items ran at once; {together} should have.");
            Assert.True(handler.AllDone.IsCompleted, "every item ran");
            var events = handler.Events.ToList();
            Assert.True(events.IndexOf("end:same-1") < events.IndexOf("start:same-2"), string.Join(", ", events));
        }
        finally
        {
            handler.Release();
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_company_backlog_never_takes_every_slot_so_another_company_starts_while_the_backlog_holds_its_share()
    {
        var handler = new HoldingHandler();
        await using var host = HandlerWorker.Build(handler, e =>
        {
            e.Parallelism = 8;
            e.MaxItemsPerCompanyPerClaim = 2;
            e.MaxRunningItemsPerCompany = 5;
            e.PollInterval = TimeSpan.FromMilliseconds(50);
        });
        for (var i = 0; i < 20; i++)
        {
            await host.EnqueueAsync("backlog", HoldingHandler.KindName, $"invoice:{i}", "hold");
        }

        var worker = host.Worker;
        await worker.StartAsync(CancellationToken.None);
        try
        {
            // The backlog's items hold their slots until released: they stand for calls waiting on a busy realm.
            await Task.WhenAny(handler.Held(5), Task.Delay(TimeSpan.FromSeconds(30)));
            await Task.Delay(300);
            await host.EnqueueAsync("other", HoldingHandler.KindName, "invoice:1", "go");

            // Liveness, not timing: the guard only keeps a broken worker from hanging the test.
            await Task.WhenAny(handler.OtherDone, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(handler.OtherDone.IsCompleted, $"the other company's item never started: the backlog held {handler.MostHeld} of 8 slots.");
            Assert.Equal(5, handler.MostHeld);
        }
        finally
        {
            handler.Release();
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private sealed class HoldingHandler : IWorkHandler
    {
        public const string KindName = "test.holding";
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _otherDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _heldAt = new();
        private int _held;
        private int _most;

        public string Kind => KindName;

        public Task OtherDone => _otherDone.Task;

        public int MostHeld => Volatile.Read(ref _most);

        public Task Held(int count) => _heldAt.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Release() => _release.TrySetResult();

        public WorkSubject Describe(WorkItem item) => new(JournalDirection.Outbound, "test");

        public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
        {
            if (context.Item.Payload == "go")
            {
                _otherDone.TrySetResult();
                return WorkResult.Completed;
            }

            var now = Interlocked.Increment(ref _held);
            int seen;
            while (now > (seen = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, seen) != seen)
            {
            }

            _ = Held(now);
            _heldAt[now].TrySetResult();
            await Task.WhenAny(_release.Task, Task.Delay(Timeout.Infinite, cancellationToken));
            Interlocked.Decrement(ref _held);
            return WorkResult.Completed;
        }
    }

    private sealed class BarrierHandler(int together) : IWorkHandler
    {
        public const string KindName = "test.barrier";
        private readonly TaskCompletionSource _together = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;
        private int _done;
        private int _most;

        public ConcurrentQueue<string> Events { get; } = new();

        public Task Together => _together.Task;

        public Task AllDone => _allDone.Task;

        public int MostAtOnce => Volatile.Read(ref _most);

        public string Kind => KindName;

        public void Release() => _together.TrySetResult();

        public WorkSubject Describe(WorkItem item) => new(JournalDirection.Outbound, "test");

        public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
        {
            var payload = context.Item.Payload;
            Events.Enqueue("start:" + payload);
            if (payload == "wait")
            {
                var now = Interlocked.Increment(ref _waiting);
                int seen;
                while (now > (seen = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, seen) != seen)
                {
                }

                if (now >= together)
                {
                    _together.TrySetResult();
                }

                await Task.WhenAny(_together.Task, Task.Delay(TimeSpan.FromSeconds(20), cancellationToken));
                Interlocked.Decrement(ref _waiting);
            }

            Events.Enqueue("end:" + payload);
            if (Interlocked.Increment(ref _done) == together + 2)
            {
                _allDone.TrySetResult();
            }

            return WorkResult.Completed;
        }
    }
}
