using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Connection;

/// <summary>Two harnesses on one store stand for two processes: separate in-process gates, one connection row.</summary>
public sealed class CrossProcessRefreshTests : IDisposable
{
    private readonly FakeIntuit _intuit = new();
    private readonly ConnectionHarness _first;
    private readonly ConnectionHarness _second;

    public CrossProcessRefreshTests()
    {
        _first = new ConnectionHarness(_intuit);
        _second = new ConnectionHarness(_intuit, _first.Time, _first.Connections, _first.Settings, _first.Gateway);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _intuit.Dispose();
    }

    [Fact]
    public async Task Two_connector_instances_on_one_store_refresh_once()
    {
        await _first.ConnectAsync("c1", "realm-1");
        _first.Time.Advance(TimeSpan.FromHours(1));

        var fromFirst = await _first.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);
        var fromSecond = await _second.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);

        Assert.Equal(1, _intuit.RefreshRequests);
        Assert.Equal(fromFirst, fromSecond);
    }

    [Fact]
    public async Task While_one_instance_holds_the_refresh_claim_the_other_waits_and_takes_its_tokens()
    {
        await _first.ConnectAsync("c1", "realm-1");
        _first.Time.Advance(TimeSpan.FromHours(1));
        _intuit.TokenDelay = TimeSpan.FromMilliseconds(300);

        var firstCall = _first.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None).AsTask();
        await WaitUntilAsync(async () => (await _first.Connections.GetAsync("c1", CancellationToken.None))!.RefreshClaimExpiresAt is not null);
        var secondCall = _second.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None).AsTask();
        var winner = await firstCall;

        // The waiting instance looks again on its (fake) clock's poll interval.
        while (!secondCall.IsCompleted)
        {
            _first.Time.Advance(AccessTokenManager.ClaimPollInterval);
            await Task.WhenAny(secondCall, Task.Delay(20));
        }

        Assert.Equal(winner, await secondCall);
        Assert.Equal(1, _intuit.RefreshRequests);
        Assert.Null((await _first.Connections.GetAsync("c1", CancellationToken.None))!.RefreshClaimExpiresAt);
    }

    [Fact]
    public async Task A_claim_left_by_a_dead_process_is_taken_over_after_its_timeout()
    {
        await _first.ConnectAsync("c1", "realm-1");
        _first.Time.Advance(TimeSpan.FromHours(1));
        var row = (await _first.Connections.GetAsync("c1", CancellationToken.None))!;
        await _first.Connections.SaveAsync(row with { RefreshClaimExpiresAt = _first.Time.GetUtcNow().AddSeconds(30) }, row.Version, CancellationToken.None);

        var call = _second.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None).AsTask();
        while (!call.IsCompleted)
        {
            _first.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(call, Task.Delay(5));
        }

        Assert.True(_intuit.IsAccessTokenValid(await call));
        Assert.Equal(1, _intuit.RefreshRequests);
    }

    [Fact]
    public async Task The_loser_of_a_save_race_takes_the_winners_tokens()
    {
        await _first.ConnectAsync("c1", "realm-1");
        _first.Time.Advance(TimeSpan.FromHours(1));
        ConnectionHarness? other = null;
        var intercepting = new InterceptingConnectionStore(_first.Connections)
        {
            // Just before the slow process stores its refreshed tokens, its claim runs out and another process refreshes.
            BeforeRefreshedSave = async () =>
            {
                _first.Time.Advance(TimeSpan.FromSeconds(31));
                await other!.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);
            },
        };
        using var slow = new ConnectionHarness(_intuit, _first.Time, _first.Connections, _first.Settings, _first.Gateway, storeOverride: intercepting);
        other = _second;

        var taken = await slow.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);

        var stored = await _first.StoredTokensAsync("c1");
        Assert.Equal(stored.AccessToken, taken);
        Assert.Equal(2, _intuit.RefreshRequests);
        Assert.Contains(slow.Logs.Lines, l => l.Contains("Another process refreshed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_a_store_that_drops_the_claim_concurrent_refreshes_still_converge_on_one_token_pair()
    {
        await _first.ConnectAsync("c1", "realm-1");
        _first.Time.Advance(TimeSpan.FromHours(1));
        _intuit.TokenDelay = TimeSpan.FromMilliseconds(100);
        var forgetful = new ClaimForgettingConnectionStore(_first.Connections);
        using var a = new ConnectionHarness(_intuit, _first.Time, _first.Connections, _first.Settings, _first.Gateway, storeOverride: forgetful);
        using var b = new ConnectionHarness(_intuit, _first.Time, _first.Connections, _first.Settings, _first.Gateway, storeOverride: forgetful);

        var results = await Task.WhenAll(
            Task.Run(() => a.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None).AsTask()),
            Task.Run(() => b.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None).AsTask()));

        var stored = await _first.StoredTokensAsync("c1");
        Assert.InRange(_intuit.RefreshRequests, 1, 2);
        Assert.Equal(stored.AccessToken, results[0]);
        Assert.Equal(stored.AccessToken, results[1]);
    }

    [Fact]
    public async Task Invalid_grant_on_a_refresh_token_another_process_rotated_away_does_not_ask_for_reconnect()
    {
        await _first.ConnectAsync("c1", "realm-1");
        var old = await _first.StoredTokensAsync("c1");
        _first.Time.Advance(TimeSpan.FromHours(1));
        var intercepting = new RotatingBeforeRefreshStore(_first.Connections, async () =>
        {
            // Another process refreshes (rotating the token) and Intuit then retires the old refresh token.
            _first.Time.Advance(TimeSpan.FromSeconds(31));
            await _second.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);
            _intuit.RetireRefreshToken(old.RefreshToken);
        });
        using var slow = new ConnectionHarness(_intuit, _first.Time, _first.Connections, _first.Settings, _first.Gateway, storeOverride: intercepting);

        var token = await slow.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);

        Assert.Equal((await _first.StoredTokensAsync("c1")).AccessToken, token);
        Assert.Equal(ConnectionHealth.Connected, (await _first.Connections.GetAsync("c1", CancellationToken.None))!.Health);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500 && !await condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(await condition(), "the condition never became true");
    }
}
