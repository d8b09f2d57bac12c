using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.Engine;

/// <summary>The real background worker on in-memory stores with one test handler: for tests of how the loop claims.</summary>
internal sealed class HandlerWorker : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private HandlerWorker(ServiceProvider provider)
    {
        _provider = provider;
        Queue = provider.GetRequiredService<IWorkQueueStore>();
        Worker = provider.GetServices<IHostedService>().OfType<BackgroundService>().Single(s => s.GetType().Name == "QuickBooksSyncWorker");
    }

    public IWorkQueueStore Queue { get; }

    public BackgroundService Worker { get; }

    public static HandlerWorker Build(IWorkHandler handler, Action<QuickBooksEngineOptions> engine)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuickBooksSync(o =>
        {
            engine(o.Engine);
            o.Connection.TokenEncryptionKey = TestSupport.ConnectionHarness.Key;
        }).UseInMemoryStores();
        services.AddSingleton(handler);
        return new HandlerWorker(services.BuildServiceProvider());
    }

    public ValueTask<EnqueueResult> EnqueueAsync(string companyId, string kind, string orderingKey, string payload) =>
        Queue.EnqueueAsync(new NewWorkItem { CompanyId = companyId, Kind = kind, OrderingKey = orderingKey, Payload = payload }, DateTimeOffset.UtcNow, CancellationToken.None);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
