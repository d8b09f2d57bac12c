using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Api;

namespace RoApp.QuickBooksSync.Tests.Api;

/// <summary>Gives every realm a fixed token; a refresh hands out the next one and counts the refreshes.</summary>
internal sealed class StaticAccessTokenProvider(string token = "token-1") : IQuickBooksAccessTokenProvider
{
    private string _current = token;
    private int _refreshes;

    public int Refreshes => _refreshes;

    public List<string> Rejected { get; } = [];

    public ValueTask<string> GetAccessTokenAsync(string realmId, CancellationToken cancellationToken) => ValueTask.FromResult(_current);

    public ValueTask<string> RefreshAccessTokenAsync(string realmId, string rejectedAccessToken, CancellationToken cancellationToken)
    {
        lock (Rejected)
        {
            Rejected.Add(rejectedAccessToken);
        }

        var n = Interlocked.Increment(ref _refreshes);
        _current = $"token-{n + 1}";
        return ValueTask.FromResult(_current);
    }
}

/// <summary>The client wired as a host wires it (a real ServiceCollection), pointed at a fake server, on a fake clock.</summary>
internal sealed class TestClient : IDisposable
{
    public const string Realm = "9130350000000001";

    private readonly ServiceProvider _provider;

    public TestClient(FakeQuickBooksServer server, Action<QuickBooksSyncOptions>? configure = null, Action<RoApp.QuickBooksSync.DependencyInjection.IQuickBooksSyncBuilder>? build = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IQuickBooksAccessTokenProvider>(Tokens);
        var builder = services.AddQuickBooksSync(options =>
        {
            options.ApiBaseUrl = server.Url;

            // Tests drive the fake clock in steps while real HTTP runs, so timeouts are far away unless a test needs one.
            options.Retry.AttemptTimeout = TimeSpan.FromHours(1);
            options.Retry.OverallTimeout = TimeSpan.FromHours(10);
            configure?.Invoke(options);
        });
        build?.Invoke(builder);
        _provider = services.BuildServiceProvider(validateScopes: true);
        Client = _provider.GetRequiredService<IQuickBooksClient>();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public StaticAccessTokenProvider Tokens { get; } = new();

    public IQuickBooksClient Client { get; }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>
    /// Runs a call while moving the fake clock forward in small steps, so backoff waits and limiter waits
    /// pass without real waiting. Returns how much fake time passed.
    /// </summary>
    public async Task<(T Result, TimeSpan Elapsed)> DriveAsync<T>(Func<Task<T>> call, TimeSpan? step = null)
    {
        var start = Time.GetUtcNow();
        var task = call();
        while (!task.IsCompleted)
        {
            Time.Advance(step ?? TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(task, Task.Delay(5));
        }

        return (await task, Time.GetUtcNow() - start);
    }

    /// <summary>Waits for something the code under test does on its own (not for a clock), failing rather than hanging.</summary>
    public static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, $"Gave up waiting for: {what}");
            await Task.Delay(5);
        }
    }

    public void Dispose() => _provider.Dispose();
}
