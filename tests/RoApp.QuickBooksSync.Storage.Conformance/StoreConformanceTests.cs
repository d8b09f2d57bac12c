using System.Collections.Concurrent;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The base of every conformance class: fresh storage per test, times from a fixed start.</summary>
public abstract class StoreConformanceTests(IStoreProvider provider) : IAsyncLifetime, IDisposable
{
    /// <summary>A fixed, whole-second start time: every store keeps at least microseconds.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    // xunit 2 has no per-test token; a generous limit keeps a hung store from hanging the whole run.
    private readonly CancellationTokenSource _hangGuard = new(TimeSpan.FromMinutes(1));
    private IStoreScope? _scope;

    protected StoreSet Stores => _scope?.Stores ?? throw new InvalidOperationException("The test scope was not initialised.");

    protected CancellationToken Ct => _hangGuard.Token;

    protected ValueTask<StoreSet> OpenSecondInstanceAsync() =>
        (_scope ?? throw new InvalidOperationException("The test scope was not initialised.")).OpenSecondInstanceAsync();

    /// <summary>Several claimers (store instances) race until nothing is left; each claimed item is completed.</summary>
    protected async Task<IReadOnlyList<ClaimedWorkItem>> ClaimUntilEmptyAsync(IReadOnlyList<IWorkQueueStore> claimers, DateTimeOffset? at = null)
    {
        var now = at ?? T0;
        var all = new ConcurrentBag<ClaimedWorkItem>();
        using var start = new Barrier(claimers.Count);
        var workers = claimers.Select((store, n) => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            while (true)
            {
                var claimed = await store.ClaimAsync(new ClaimRequest { Owner = $"w{n}", LeaseDuration = TimeSpan.FromMinutes(5), MaxItems = 3 }, now, Ct);
                if (claimed.Count == 0)
                {
                    return;
                }

                foreach (var c in claimed)
                {
                    all.Add(c);
                    Assert.True(await store.CompleteAsync(c.Lease, now, Ct), $"Item {c.Item.Id} was taken from {c.Lease.Owner}.");
                }
            }
        }));
        await Task.WhenAll(workers);
        return [.. all];
    }

    protected async Task EnqueueManyAsync(int companies, int perCompany)
    {
        // Company by company, so that enqueue order alone would serve one company's whole backlog first.
        for (var c = 0; c < companies; c++)
        {
            for (var i = 0; i < perCompany; i++)
            {
                await Stores.WorkQueue.EnqueueAsync(new NewWorkItem { CompanyId = $"company-{c}", Kind = "outbound.invoice", OrderingKey = $"invoice:{i}", Payload = "{}" }, T0, Ct);
            }
        }
    }

    public async Task InitializeAsync() => _scope = await provider.CreateScopeAsync();

    public async Task DisposeAsync()
    {
        if (_scope is not null)
        {
            await _scope.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _hangGuard.Dispose();
        GC.SuppressFinalize(this);
    }
}
