using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>Runs reconciliation when the host starts and then on the configured interval (on the injected clock).</summary>
internal sealed partial class InboundReconciliationService(
    IServiceProvider services,
    TimeProvider timeProvider,
    IOptions<QuickBooksSyncOptions> options,
    ILogger<InboundReconciliationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inbound = options.Value.Inbound;
        if (!inbound.RunReconciliation || !options.Value.Engine.RunWorker)
        {
            return;
        }

        // Resolved here, not in the constructor: a host without stores must still start (see the worker).
        if (services.GetService<IInboundStateStore>() is null || services.GetService<IWorkQueueStore>() is null)
        {
            LogNoStore();
            return;
        }

        var reconciler = services.GetRequiredService<InboundReconciler>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reconciler.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(inbound.ReconciliationInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // A store outage must not end reconciliation for good: try again on the next interval.
                LogPassFailed(exception);
                try
                {
                    await Task.Delay(inbound.ReconciliationInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    [LoggerMessage(EventId = 6210, Level = LogLevel.Warning, Message = "QuickBooks reconciliation not started: no inbound state or work queue store is registered. Choose stores with UseSqlite(...), UsePostgreSql(...) or UseInMemoryStores().")]
    private partial void LogNoStore();

    [LoggerMessage(EventId = 6211, Level = LogLevel.Error, Message = "QuickBooks reconciliation pass failed; it runs again after the interval.")]
    private partial void LogPassFailed(Exception exception);
}
