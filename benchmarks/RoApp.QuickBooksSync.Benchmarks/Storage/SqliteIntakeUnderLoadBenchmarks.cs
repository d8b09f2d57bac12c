using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Benchmarks.Storage;

/// <summary>
/// Webhook intake on the SQLite store while workers drain a 10,000-item backlog: the latency of one durable
/// enqueue, measured one at a time so that the percentiles are per enqueue (the design target is p99 under 20 ms).
/// Run: dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- --filter '*SqliteIntake*'
/// </summary>
[Config(typeof(PerOperationConfig))]
public class SqliteIntakeUnderLoadBenchmarks : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private volatile bool _stopping;
    private TempSqliteQueue? _store;
    private IWorkQueueStore _queue = null!;
    private List<Task> _workers = [];
    private long _sequence;

    /// <summary>Claiming workers running beside the intake.</summary>
    [Params(0, 2)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new TempSqliteQueue();
        _queue = _store.Queue;
        for (var i = 0; i < 10_000; i++)
        {
            EnqueueAsync().AsTask().GetAwaiter().GetResult();
        }

        _workers = Enumerable.Range(0, Workers).Select(n => Task.Run(() => DrainAsync($"worker-{n}"))).ToList();
    }

    public void Dispose()
    {
        Cleanup();
        GC.SuppressFinalize(this);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopping = true;
        Task.WhenAll(_workers).GetAwaiter().GetResult();
        _store?.Dispose();
        _store = null;
    }

    [Benchmark]
    public ValueTask<EnqueueResult> Enqueue_one_webhook_event() => EnqueueAsync();

    private async Task DrainAsync(string owner)
    {
        while (!_stopping)
        {
            var claimed = await _queue.ClaimAsync(new ClaimRequest { Owner = owner, LeaseDuration = TimeSpan.FromMinutes(5), MaxItems = 10 }, Now, CancellationToken.None);
            foreach (var item in claimed)
            {
                await _queue.CompleteAsync(item.Lease, Now, CancellationToken.None);
            }
        }
    }

    private ValueTask<EnqueueResult> EnqueueAsync()
    {
        var n = Interlocked.Increment(ref _sequence);
        return _queue.EnqueueAsync(
            new NewWorkItem { CompanyId = $"company-{n % 50}", Kind = "inbound.event", OrderingKey = $"invoice:{n}", DeduplicationKey = $"event-{n}", Payload = """{"realmId":"1","id":"2"}""" },
            Now, CancellationToken.None);
    }

    private sealed class PerOperationConfig : ManualConfig
    {
        public PerOperationConfig()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(20).WithIterationCount(400)
                .WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Max);
        }
    }
}
