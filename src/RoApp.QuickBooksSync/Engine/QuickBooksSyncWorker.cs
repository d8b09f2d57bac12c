using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Engine;

/// <summary>
/// The host's background worker: claims and runs queued sync work until the host stops. On stop,
/// items in progress are released (not failed) so another process, or the next start, picks them up;
/// a process that dies without stopping leaves leases that expire and are claimed elsewhere.
/// </summary>
internal sealed partial class QuickBooksSyncWorker(
    IServiceProvider services,
    TimeProvider timeProvider,
    IOptions<QuickBooksSyncOptions> options,
    ILogger<QuickBooksSyncWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var engine = options.Value.Engine;
        if (!engine.RunWorker)
        {
            LogWorkerOff();
            return;
        }

        // Resolved here, not in the constructor: a host that uses only the API client or the connector
        // has no stores, and its start must not fail because of a worker it does not use.
        var store = services.GetService<IWorkQueueStore>();
        if (store is null)
        {
            LogNoStore();
            return;
        }

        var runner = services.GetRequiredService<WorkRunner>();
        var queue = services.GetRequiredService<WorkQueue>();
        LogWorkerStarted(runner.Owner, engine.Parallelism);
        var purge = PurgeAsync(store, engine, stoppingToken);
        await runner.RunContinuouslyAsync(queue, engine.PollInterval, stoppingToken).ConfigureAwait(false);
        await purge.ConfigureAwait(false);
        LogWorkerStopped(runner.Owner);
    }

    private async Task PurgeAsync(IWorkQueueStore store, QuickBooksEngineOptions engine, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.PurgeCompletedAsync(timeProvider.GetUtcNow() - engine.CompletedRetention, stoppingToken).ConfigureAwait(false);
                await Task.Delay(PurgeInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A store outage must not end the worker: log it and try again after a pause.
                LogLoopFailed(exception);
                try
                {
                    await Task.Delay(engine.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "QuickBooks sync worker is off (QuickBooksSync:Engine:RunWorker is false); this process only enqueues.")]
    private partial void LogWorkerOff();

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "QuickBooks sync worker not started: no stores are registered. Choose them with UseSqlite(...), UsePostgreSql(...) or UseInMemoryStores() after AddQuickBooksSync().")]
    private partial void LogNoStore();

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "QuickBooks sync worker {Owner} started with parallelism {Parallelism}.")]
    private partial void LogWorkerStarted(string owner, int parallelism);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "QuickBooks sync worker could not purge completed work; retrying after the poll interval.")]
    private partial void LogLoopFailed(Exception exception);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "QuickBooks sync worker {Owner} stopped.")]
    private partial void LogWorkerStopped(string owner);
}
