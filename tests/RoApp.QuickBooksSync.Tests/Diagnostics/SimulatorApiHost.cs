using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Diagnostics;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Tests.Diagnostics;

/// <summary>The API client wired as a host wires it, talking to the simulator, both on one fake clock.</summary>
internal sealed class SimulatorApiHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public SimulatorApiHost(Action<QuickBooksSimulatorOptions>? simulator = null, bool staleFirstToken = false)
    {
        var simulatorOptions = new QuickBooksSimulatorOptions { TimeProvider = Time };
        simulator?.Invoke(simulatorOptions);
        Simulator = QuickBooksSimulator.Start(simulatorOptions);
        Company = Simulator.AddCompany(new CompanyOptions { CompanyName = "Fix-It Shop" });
        var token = Simulator.IssueTokens(Company.RealmId).AccessToken;

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IQuickBooksAccessTokenProvider>(new FixedToken(staleFirstToken ? "revoked-long-ago" : token, token));
        services.AddQuickBooksSync(options =>
        {
            options.ApiBaseUrl = Simulator.BaseUrl;

            // The fake clock moves in steps while real HTTP runs: only waits the test drives may expire.
            options.Retry.AttemptTimeout = TimeSpan.FromHours(1);
            options.Retry.OverallTimeout = TimeSpan.FromHours(10);
        }).UseInMemoryStores();
        _provider = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public QuickBooksSimulator Simulator { get; }

    public SimulatedCompany Company { get; }

    public string Realm => Company.RealmId;

    public IQuickBooksClient Client => Get<IQuickBooksClient>();

    public SyncMetrics Metrics => Get<SyncMetrics>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Runs a call, moving the fake clock on in small steps so backoff waits pass without real waiting.</summary>
    public async Task<T> DriveAsync<T>(Func<Task<T>> call)
    {
        var task = call();
        while (!task.IsCompleted)
        {
            Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(task, Task.Delay(5));
        }

        return await task;
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Simulator.DisposeAsync();
    }

    /// <summary>Hands out one token until it is refused, then the next.</summary>
    private sealed class FixedToken(string first, string afterRefresh) : IQuickBooksAccessTokenProvider
    {
        private string _current = first;

        public ValueTask<string> GetAccessTokenAsync(string realmId, CancellationToken cancellationToken) => ValueTask.FromResult(_current);

        public ValueTask<string> RefreshAccessTokenAsync(string realmId, string rejectedAccessToken, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_current = afterRefresh);
    }
}
