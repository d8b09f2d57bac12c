using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Benchmarks.Storage;

/// <summary>
/// The SQLite work queue under a backlog: how long one claim of 10 items plus their completion takes, and how
/// long a durable enqueue (with a de-duplication key) takes. Each operation is one work item.
/// Run: dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- --filter '*SqliteWorkQueue*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: 1)]
public class SqliteWorkQueueBenchmarks : IDisposable
{
    private const int BatchesPerIteration = 20;
    private const int ClaimSize = 10;
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private TempSqliteQueue? _store;
    private IWorkQueueStore _queue = null!;
    private long _sequence;

    /// <summary>Pending items already in the queue, spread over 50 companies.</summary>
    [Params(1_000, 10_000)]
    public int Backlog { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new TempSqliteQueue();
        _queue = _store.Queue;
        for (var i = 0; i < Backlog; i++)
        {
            Enqueue();
        }
    }

    public void Dispose()
    {
        Cleanup();
        GC.SuppressFinalize(this);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        _store = null;
    }

    /// <summary>Keeps the backlog at its size: every item claimed in an iteration is replaced before the next.</summary>
    [IterationSetup(Target = nameof(Claim_and_complete))]
    public void Refill()
    {
        for (var i = 0; i < BatchesPerIteration * ClaimSize; i++)
        {
            Enqueue();
        }
    }

    [Benchmark(OperationsPerInvoke = BatchesPerIteration * ClaimSize)]
    public async Task Claim_and_complete()
    {
        for (var batch = 0; batch < BatchesPerIteration; batch++)
        {
            var claimed = await _queue.ClaimAsync(new ClaimRequest { Owner = "bench", LeaseDuration = TimeSpan.FromMinutes(5), MaxItems = ClaimSize }, Now, CancellationToken.None);
            foreach (var item in claimed)
            {
                await _queue.CompleteAsync(item.Lease, Now, CancellationToken.None);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = 200)]
    public async Task Enqueue_with_deduplication_key()
    {
        for (var i = 0; i < 200; i++)
        {
            await EnqueueAsync();
        }
    }

    private void Enqueue() => EnqueueAsync().AsTask().GetAwaiter().GetResult();

    private ValueTask<EnqueueResult> EnqueueAsync()
    {
        var n = ++_sequence;
        return _queue.EnqueueAsync(
            new NewWorkItem { CompanyId = $"company-{n % 50}", Kind = "outbound.invoice", OrderingKey = $"invoice:{n}", DeduplicationKey = $"event-{n}", Payload = """{"invoice":"1"}""" },
            Now, CancellationToken.None);
    }
}
