using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Api.Limits;
using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Tests.Api;

public sealed class RealmLimiterTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_request_over_the_per_minute_limit_waits_until_the_oldest_leaves_the_window()
    {
        var limiter = Limiter(l => l.RequestsPerMinute = 3);
        for (var i = 0; i < 3; i++)
        {
            (await limiter.AcquireAsync("r1", isBatch: false, CancellationToken.None)).Dispose();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var fourth = limiter.AcquireAsync("r1", isBatch: false, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(56));
        Assert.False(fourth.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        (await fourth.WaitAsync(Settle)).Dispose();
    }

    [Fact]
    public async Task A_per_minute_permit_comes_back_a_minute_after_the_answer_not_after_the_send()
    {
        // QuickBooks counts a request when it arrives, somewhere before its answer: a window counted from our
        // send lets the next request arrive inside the first one's minute on QuickBooks' side (a 429).
        var limiter = Limiter(l => l.RequestsPerMinute = 1);
        var slow = await limiter.AcquireAsync("r1", isBatch: false, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(10));
        slow.Dispose();

        var next = limiter.AcquireAsync("r1", isBatch: false, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(55));
        await AssertStillWaitingAsync(next);

        _time.Advance(TimeSpan.FromSeconds(5));
        (await next.WaitAsync(Settle)).Dispose();
    }

    [Fact]
    public async Task A_batch_permit_comes_back_a_minute_after_the_batch_answer()
    {
        var limiter = Limiter(l => l.BatchRequestsPerMinute = 1);
        var batch = await limiter.AcquireAsync("r1", isBatch: true, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(3));
        batch.Dispose();

        var next = limiter.AcquireAsync("r1", isBatch: true, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(59));
        await AssertStillWaitingAsync(next);

        _time.Advance(TimeSpan.FromSeconds(2));
        (await next.WaitAsync(Settle)).Dispose();
    }

    [Fact]
    public async Task A_caller_cancelled_while_waiting_gives_its_permits_back_at_once()
    {
        var limiter = Limiter(l =>
        {
            l.RequestsPerSecond = 1;
            l.RequestsPerMinute = 2;
        });
        (await limiter.AcquireAsync("r1", false, CancellationToken.None)).Dispose();

        // This one takes the second minute permit and then waits for the per-second one.
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync("r1", false, cancel.Token).AsTask();
        Assert.False(cancelled.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        _time.Advance(TimeSpan.FromSeconds(1));

        // Nothing was sent for the cancelled caller: its minute permit is back, so this one need not wait a minute.
        (await limiter.AcquireAsync("r1", false, CancellationToken.None).AsTask().WaitAsync(Settle)).Dispose();
    }

    [Fact]
    public async Task Bursts_are_held_to_the_per_second_limit()
    {
        var limiter = Limiter(l => l.RequestsPerSecond = 2);
        (await limiter.AcquireAsync("r1", false, CancellationToken.None)).Dispose();
        (await limiter.AcquireAsync("r1", false, CancellationToken.None)).Dispose();

        var third = limiter.AcquireAsync("r1", false, CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        (await third.WaitAsync(Settle)).Dispose();
    }

    [Fact]
    public async Task Batch_requests_have_their_own_per_minute_limit_and_plain_requests_pass_meanwhile()
    {
        var limiter = Limiter(l => l.BatchRequestsPerMinute = 2);
        (await limiter.AcquireAsync("r1", isBatch: true, CancellationToken.None)).Dispose();
        (await limiter.AcquireAsync("r1", isBatch: true, CancellationToken.None)).Dispose();

        var thirdBatch = limiter.AcquireAsync("r1", isBatch: true, CancellationToken.None).AsTask();
        Assert.False(thirdBatch.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(60));
        (await thirdBatch.WaitAsync(Settle)).Dispose();
        (await limiter.AcquireAsync("r1", isBatch: false, CancellationToken.None).AsTask().WaitAsync(Settle)).Dispose();
    }

    [Fact]
    public async Task In_flight_requests_are_capped_and_a_finished_one_lets_the_next_in()
    {
        var limiter = Limiter(l => l.MaxConcurrentRequests = 2);
        var first = await limiter.AcquireAsync("r1", false, CancellationToken.None);
        using var second = await limiter.AcquireAsync("r1", false, CancellationToken.None);

        var third = limiter.AcquireAsync("r1", false, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(third.IsCompleted);

        first.Dispose();
        (await third.WaitAsync(Settle)).Dispose();
    }

    [Fact]
    public async Task One_realm_at_its_limit_does_not_hold_up_another()
    {
        var limiter = Limiter(l => l.MaxConcurrentRequests = 1);
        using var busy = await limiter.AcquireAsync("r1", false, CancellationToken.None);

        var other = limiter.AcquireAsync("r2", false, CancellationToken.None).AsTask();

        (await other.WaitAsync(Settle)).Dispose();
    }

    [Fact]
    public async Task A_waiting_caller_can_cancel()
    {
        var limiter = Limiter(l => l.MaxConcurrentRequests = 1);
        using var busy = await limiter.AcquireAsync("r1", false, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync("r1", false, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task After_a_pause_every_new_request_of_the_realm_waits_until_it_ends()
    {
        var limiter = Limiter(_ => { });
        limiter.PauseUntil("r1", _time.GetUtcNow().AddSeconds(30));

        var held = limiter.AcquireAsync("r1", false, CancellationToken.None).AsTask();
        (await limiter.AcquireAsync("r2", false, CancellationToken.None).AsTask().WaitAsync(Settle)).Dispose();
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(held.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        (await held.WaitAsync(Settle)).Dispose();
    }

    [Fact]
    public async Task Idle_realms_are_forgotten_so_memory_stays_flat()
    {
        var limiter = Limiter(_ => { });
        for (var i = 0; i < 1000; i++)
        {
            (await limiter.AcquireAsync($"realm-{i}", false, CancellationToken.None)).Dispose();
        }

        Assert.Equal(1000, limiter.TrackedRealmCount);

        _time.Advance(TimeSpan.FromSeconds(61));
        (await limiter.AcquireAsync("realm-active", false, CancellationToken.None)).Dispose();

        Assert.Equal(1, limiter.TrackedRealmCount);
    }

    [Fact]
    public async Task The_client_never_has_more_than_10_calls_in_flight_for_one_realm()
    {
        using var server = new FakeQuickBooksServer();
        using var test = new TestClient(server);
        var inFlight = 0;
        var maxInFlight = 0;
        var tenReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Handler = async _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            if (now >= 10)
            {
                tenReached.TrySetResult();
            }

            // Hold each answer until ten are open at once (or briefly), so an eleventh would show.
            await Task.WhenAny(tenReached.Task, Task.Delay(2000));
            await Task.Delay(20);
            Interlocked.Decrement(ref inFlight);
            return Reply.Json(Payloads.InvoiceWithSubtotal);
        };

        var calls = await test.DriveAsync(() => Task.WhenAll(Enumerable.Range(0, 40).Select(_ => test.Client.ReadAsync<Invoice>(TestClient.Realm, "130"))));

        Assert.Equal(40, calls.Result.Length);
        Assert.Equal(40, server.Requests.Count);
        Assert.Equal(10, maxInFlight);
    }

    // A released waiter resumes on the thread pool, a moment after the fake clock moved: give it that moment
    // before saying it is still waiting (never the other way round, so a slow machine cannot fail this).
    private static async Task AssertStillWaitingAsync(Task waiter)
    {
        await Task.WhenAny(waiter, Task.Delay(TimeSpan.FromMilliseconds(300)));
        Assert.False(waiter.IsCompleted);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private RealmLimiter Limiter(Action<RoApp.QuickBooksSync.Api.QuickBooksRateLimitOptions> configure)
    {
        var options = new QuickBooksSyncOptions();
        configure(options.RateLimits);
        return new RealmLimiter(Options.Create(options), _time);
    }
}
