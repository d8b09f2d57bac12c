using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>
/// Reports what needs a person: companies whose QuickBooks connection must be authorised again, work
/// that was dead-lettered after its retries, and stored tokens the configured protector cannot decrypt.
/// <see cref="HealthStatus.Healthy"/> when there is none of these, <see cref="HealthStatus.Degraded"/> when
/// there is any (syncing goes on for everyone else), <see cref="HealthStatus.Unhealthy"/> when no connected
/// company's tokens can be decrypted (a wrong or lost <c>TokenEncryptionKey</c>), with the figures in the
/// result's data. A store that cannot be read gives the registration's failure status.
/// </summary>
/// <remarks>
/// <c>AddQuickBooksSync()</c> registers it; a host adds it to its health checks with
/// <c>services.AddHealthChecks().AddQuickBooksSync()</c> (name, failure status and tags optional).
/// Data keys: <c>companies_needing_reconnect</c> (count), <c>companies_needing_reconnect_ids</c> (up to
/// 20 company ids), <c>companies_tokens_unreadable</c> and <c>companies_tokens_unreadable_ids</c>,
/// <c>dead_lettered</c>, <c>pending</c>, <c>leased</c>, <c>oldest_pending_age_seconds</c>.
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
            var tokens = connections is null ? new ConnectionFindings() : await ReadConnectionsAsync(connections, cancellationToken).ConfigureAwait(false);
            var stats = queue is null ? null : await queue.GetStatsAsync(null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return Judge(tokens, stats);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration?.FailureStatus ?? HealthStatus.Unhealthy,
                $"The QuickBooks sync stores could not be read: {exception.Message} Check that the database is reachable.",
                exception);
        }
    }

    private async Task<ConnectionFindings> ReadConnectionsAsync(IConnectionStore connections, CancellationToken cancellationToken)
    {
        var findings = new ConnectionFindings();
        TokenCodec? codec = null;
        string? protectorProblem = null;
        await foreach (var connection in connections.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (connection.Health == ConnectionHealth.NeedsReconnect)
            {
                findings.NeedReconnect.Add(connection.CompanyId);
                continue;
            }

            findings.Working++;
            if (codec is null && protectorProblem is null)
            {
                try
                {
                    codec = _services.GetRequiredService<TokenCodec>();
                }
                catch (QuickBooksConnectionException exception)
                {
                    protectorProblem = exception.Message;
                }
            }

            if (protectorProblem is not null)
            {
                findings.Unreadable.Add(connection.CompanyId);
                findings.Reason = protectorProblem;
                continue;
            }

            try
            {
                // Decrypting proves the key; the plaintext is dropped at once and never leaves this method.
                _ = codec!.Unprotect(connection.ProtectedTokens);
            }
            catch (Exception exception) when (exception is QuickBooksConnectionException or System.Security.Cryptography.CryptographicException)
            {
                findings.Unreadable.Add(connection.CompanyId);
                findings.Reason ??= exception.Message;
            }
        }

        return findings;
    }

    private static HealthCheckResult Judge(ConnectionFindings findings, WorkQueueStats? stats)
    {
        var needReconnect = findings.NeedReconnect;
        var unreadable = findings.Unreadable;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["companies_needing_reconnect"] = needReconnect.Count,
            ["companies_needing_reconnect_ids"] = needReconnect.Take(MaxListedCompanies).ToArray(),
            ["companies_tokens_unreadable"] = unreadable.Count,
            ["companies_tokens_unreadable_ids"] = unreadable.Take(MaxListedCompanies).ToArray(),
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

        if (unreadable.Count > 0)
        {
            var listed = string.Join(", ", unreadable.Take(MaxListedCompanies));
            var more = unreadable.Count > MaxListedCompanies ? string.Create(CultureInfo.InvariantCulture, $" and {unreadable.Count - MaxListedCompanies} more") : string.Empty;
            problems.Insert(0, string.Create(CultureInfo.InvariantCulture,
                $"The stored QuickBooks tokens of {unreadable.Count} compan{(unreadable.Count == 1 ? "y" : "ies")} ({listed}{more}) cannot be decrypted, so they cannot sync: " +
                $"QuickBooksSync:Connection:TokenEncryptionKey (or the registered ITokenProtector) is not the key they were encrypted with. " +
                $"Restore the key they were encrypted with (as TokenEncryptionKey, or listed in Connection:PreviousTokenEncryptionKeys while re-encrypting them under a new one), or have each company reconnect QuickBooks. ({findings.Reason})"));
        }

        if (stats is { DeadLetteredCount: > 0 })
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{stats.DeadLetteredCount} work item{(stats.DeadLetteredCount == 1 ? " was" : "s were")} dead-lettered after failing: read the reason and the fix in the journal, fix the cause, then retry or dismiss them."));
        }

        if (problems.Count == 0)
        {
            return HealthCheckResult.Healthy("Every QuickBooks connection works and no work is dead-lettered.", data);
        }

        // Not one working connection can be used: the whole sync is down, not one company.
        var status = findings.Working > 0 && unreadable.Count == findings.Working ? HealthStatus.Unhealthy : HealthStatus.Degraded;
        return new HealthCheckResult(status, string.Join(" ", problems), data: data);
    }

    private sealed class ConnectionFindings
    {
        public List<string> NeedReconnect { get; } = [];

        public List<string> Unreadable { get; } = [];

        public int Working { get; set; }

        public string? Reason { get; set; }
    }
}
