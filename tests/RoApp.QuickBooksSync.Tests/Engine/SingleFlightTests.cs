using RoApp.QuickBooksSync.Engine;

namespace RoApp.QuickBooksSync.Tests.Engine;

public sealed class SingleFlightTests
{
    [Fact]
    public async Task Callers_arriving_while_a_call_runs_share_it_and_the_next_caller_runs_again()
    {
        var flight = new SingleFlight<string, int>(StringComparer.Ordinal);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        Task<int> Call()
        {
            Interlocked.Increment(ref calls);
            return release.Task;
        }

        // All ten are waiting on the one call before it answers (the answer is held back until then).
        var waiters = Enumerable.Range(0, 10).Select(_ => flight.RunAsync("realm", Call, CancellationToken.None)).ToList();
        release.SetResult(42);
        var answers = await Task.WhenAll(waiters);
        var again = await flight.RunAsync("realm", () => { Interlocked.Increment(ref calls); return Task.FromResult(7); }, CancellationToken.None);

        Assert.All(answers, a => Assert.Equal(42, a));
        Assert.Equal(7, again);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_failure_reaches_every_waiter_and_is_not_kept()
    {
        var flight = new SingleFlight<string, int>(StringComparer.Ordinal);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = flight.RunAsync("realm", () => release.Task, CancellationToken.None);
        var second = flight.RunAsync("realm", () => Task.FromResult(1), CancellationToken.None);
        release.SetException(new InvalidOperationException("down"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.Equal(3, await flight.RunAsync("realm", () => Task.FromResult(3), CancellationToken.None));
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_cancel_the_call_for_the_others()
    {
        var flight = new SingleFlight<string, int>(StringComparer.Ordinal);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();
        var patient = flight.RunAsync("realm", () => release.Task, CancellationToken.None);
        var leaving = flight.RunAsync("realm", () => Task.FromResult(0), impatient.Token);

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        release.SetResult(5);

        Assert.Equal(5, await patient);
    }
}
