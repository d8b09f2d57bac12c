using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// Refreshes connections whose refresh token would otherwise expire unused (Intuit's rolling ~100 days), so a
/// company that syncs nothing for months still has a working connection. Other processes sharing the store
/// do the same safely: the refresh claim makes one of them do it.
/// </summary>
internal sealed class ConnectionKeepAlive(
    IServiceProvider services,
    IOptionsMonitor<QuickBooksSyncOptions> options,
    TimeProvider timeProvider,
    ILogger<ConnectionKeepAlive> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.CurrentValue.Connection.KeepAliveInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // An escaping exception would stop the host (BackgroundService's default); the next pass tries again.
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                ConnectionLog.KeepAlivePassFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One pass over every connection; returns how many were refreshed.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        // Resolved here rather than injected: a host that has not chosen a store yet must still start.
        var store = services.GetService<IConnectionStore>();
        if (store is null)
        {
            ConnectionLog.KeepAliveWithoutStore(logger);
            return 0;
        }

        var tokens = services.GetRequiredService<AccessTokenManager>();

        var refreshed = 0;
        var now = timeProvider.GetUtcNow();
        var lead = options.CurrentValue.Connection.KeepAliveLead;
        await foreach (var row in store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (row.Health != ConnectionHealth.Connected || row.RefreshTokenExpiresAt - lead > now)
            {
                continue;
            }

            try
            {
                await tokens.RenewAsync(row.CompanyId, cancellationToken).ConfigureAwait(false);
                refreshed++;
                ConnectionLog.KeptAlive(logger, row.CompanyId);
            }
            catch (Exception ex) when (ex is QuickBooksException or HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // invalid_grant has already marked the connection and raised the event; anything else is retried next pass.
                ConnectionLog.KeepAliveFailed(logger, row.CompanyId, ex);
            }
        }

        return refreshed;
    }
}
