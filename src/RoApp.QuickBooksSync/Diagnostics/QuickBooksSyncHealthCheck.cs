using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>
/// Reports what needs a person: companies whose QuickBooks connection must be authorised again, and work
/// that was dead-lettered after its retries. <see cref="HealthStatus.Healthy"/> when there is neither,
/// <see cref="HealthStatus.Degraded"/> when there is either (syncing goes on for everyone else), with the
/// figures in the result's data. A store that cannot be read gives the registration's failure status.
/// </summary>
/// <remarks>
/// <c>AddQuickBooksSync()</c> registers it; a host adds it to its health checks with
/// <c>services.AddHealthChecks().AddCheck&lt;QuickBooksSyncHealthCheck&gt;("quickbooks")</c>.
/// Data keys: <c>companies_needing_reconnect</c> (count), <c>companies_needing_reconnect_ids</c> (up to
/// 20 company ids), <c>dead_lettered</c>, <c>pending</c>, <c>leased</c>, <c>oldest_pending_age_seconds</c>.
/// </remarks>
public sealed class QuickBooksSyncHealthCheck : IHealthCheck
{
    /// <summary>How many company ids the data lists at most (the count is always complete).</summary>
    internal const int MaxListedCompanies = 20;

    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;

    internal QuickBooksSyncHealthCheck(IServiceProvider services, TimeProvider time)
    {
        _services = services;
        _time = time;
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Resolved here: stores are chosen after AddQuickBooksSync (UseSqlite, UsePostgreSql, ...), and a host
        // that uses only the API client has none.
        var connections = _services.GetService<IConnectionStore>();
        var queue = _services.GetService<IWorkQueueStore>();
        if (connections is null && queue is null)
        {
            return HealthCheckResult.Healthy("No QuickBooks sync stores are registered, so there is no connection or queued work to check.");
        }

        try
        {
            var needReconnect = connections is null ? [] : await CompaniesNeedingReconnectAsync(connections, cancellationToken).ConfigureAwait(false);
            var stats = queue is null ? null : await queue.GetStatsAsync(null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return Judge(needReconnect, stats);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration?.FailureStatus ?? HealthStatus.Unhealthy,
                $"The QuickBooks sync stores could not be read: {exception.Message} Check that the database is reachable.",
                exception);
        }
    }

    private static async Task<List<string>> CompaniesNeedingReconnectAsync(IConnectionStore connections, CancellationToken cancellationToken)
    {
        var companies = new List<string>();
        await foreach (var connection in connections.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (connection.Health == ConnectionHealth.NeedsReconnect)
            {
                companies.Add(connection.CompanyId);
            }
        }

        return companies;
    }

    private static HealthCheckResult Judge(List<string> needReconnect, WorkQueueStats? stats)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["companies_needing_reconnect"] = needReconnect.Count,
            ["companies_needing_reconnect_ids"] = needReconnect.Take(MaxListedCompanies).ToArray(),
        };
        if (stats is not null)
        {
            data["dead_lettered"] = stats.DeadLetteredCount;
            data["pending"] = stats.PendingCount;
            data["leased"] = stats.LeasedCount;
            data["oldest_pending_age_seconds"] = (stats.OldestPendingAge ?? TimeSpan.Zero).TotalSeconds;
        }

        var problems = new List<string>();
        if (needReconnect.Count > 0)
        {
            var listed = string.Join(", ", needReconnect.Take(MaxListedCompanies));
            var more = needReconnect.Count > MaxListedCompanies ? string.Create(CultureInfo.InvariantCulture, $" and {needReconnect.Count - MaxListedCompanies} more") : string.Empty;
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{needReconnect.Count} compan{(needReconnect.Count == 1 ? "y needs" : "ies need")} to reconnect QuickBooks ({listed}{more}): their sync is paused until someone in the company connects again from the integration settings."));
        }

        if (stats is { DeadLetteredCount: > 0 })
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{stats.DeadLetteredCount} work item{(stats.DeadLetteredCount == 1 ? " was" : "s were")} dead-lettered after failing: read the reason and the fix in the journal, fix the cause, then retry or dismiss them."));
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("Every QuickBooks connection works and no work is dead-lettered.", data)
            : HealthCheckResult.Degraded(string.Join(" ", problems), data: data);
    }
}
