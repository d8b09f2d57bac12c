using System.Data.Common;

namespace RoApp.QuickBooksSync.Storage.Sql;

/// <summary>
/// <see cref="IWorkQueueStore"/> for every SQL store: every step on one leased item (complete, fail, release,
/// defer, renew) is one statement fenced by the item's token, and the reads are plain SQL. What each database
/// does its own way, and well, is left to it: enqueueing with de-duplication and the fair, ordered claim.
/// </summary>
internal abstract class SqlWorkQueueStore(SqlDialect dialect) : IWorkQueueStore
{
    /// <summary>The columns <see cref="ReadItem"/> reads, in its order.</summary>
    protected const string Columns =
        "id, company_id, kind, ordering_key, deduplication_key, payload, attempts, run_at, enqueued_at, last_error, state, lease_owner, lease_expires_at, fencing_token";

    private const string Held = "id = @id AND state = 'Leased' AND fencing_token = @token";

    /// <summary>The work items table.</summary>
    protected string Items { get; } = dialect.Table("work_items");

    /// <summary>The per-company table (paused, last served).</summary>
    protected string Companies { get; } = dialect.Table("work_companies");

    /// <summary>The dialect.</summary>
    protected SqlDialect Dialect => dialect;

    public abstract ValueTask<EnqueueResult> EnqueueAsync(NewWorkItem item, DateTimeOffset now, CancellationToken cancellationToken);

    public abstract ValueTask<IReadOnlyList<ClaimedWorkItem>> ClaimAsync(ClaimRequest request, DateTimeOffset now, CancellationToken cancellationToken);

    public async ValueTask<bool> CompleteAsync(WorkLease lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(lease);
        return await ExecuteHeldAsync(lease, "state = 'Completed', completed_at = @now, lease_expires_at = NULL", cancellationToken, ("@now", dialect.ToDb(now))).ConfigureAwait(false);
    }

    public async ValueTask<FailResult> FailAsync(WorkLease lease, string errorMessage, DateTimeOffset retryAt, int maxAttempts, CancellationToken cancellationToken)
    {
        StoreArguments.ValidateFail(lease, errorMessage, maxAttempts);

        // SET expressions all see the row as it was, so attempts + 1 is the new count everywhere.
        var states = await dialect.WriteQueryAsync($"""
            UPDATE {Items}
            SET attempts = attempts + 1,
                last_error = @error,
                state = CASE WHEN attempts + 1 >= @max THEN 'DeadLettered' ELSE 'Pending' END,
                run_at = CASE WHEN attempts + 1 >= @max THEN run_at ELSE @retryAt END,
                lease_expires_at = NULL
            WHERE {Held}
            RETURNING state;
            """,
            r => r.GetString(0), cancellationToken,
            ("@error", errorMessage), ("@max", maxAttempts), ("@retryAt", dialect.ToDb(retryAt)), ("@id", lease.ItemId), ("@token", lease.FencingToken)).ConfigureAwait(false);
        return states switch
        {
            [] => FailResult.LeaseLost,
            ["DeadLettered"] => FailResult.DeadLettered,
            _ => FailResult.WillRetry,
        };
    }

    public ValueTask<bool> ReleaseAsync(WorkLease lease, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(lease);
        return ExecuteHeldAsync(lease, "state = 'Pending', lease_expires_at = NULL", cancellationToken);
    }

    public ValueTask<bool> DeferAsync(WorkLease lease, DateTimeOffset runAt, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(lease);
        return ExecuteHeldAsync(lease, "state = 'Pending', lease_expires_at = NULL, run_at = @runAt", cancellationToken, ("@runAt", dialect.ToDb(runAt)));
    }

    public async ValueTask<WorkLease?> RenewLeaseAsync(WorkLease lease, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(lease);
        var expiresAt = now + leaseDuration;
        return await ExecuteHeldAsync(lease, "lease_expires_at = @expiresAt", cancellationToken, ("@expiresAt", dialect.ToDb(expiresAt))).ConfigureAwait(false)
            ? lease with { ExpiresAt = expiresAt }
            : null;
    }

    public async ValueTask<bool> ReviveAsync(string companyId, long itemId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        return await dialect.ExecuteAsync(
            $"UPDATE {Items} SET state = 'Pending', attempts = 0, run_at = @now WHERE id = @id AND company_id = @company AND state = 'DeadLettered';",
            cancellationToken, ("@now", dialect.ToDb(now)), ("@id", itemId), ("@company", companyId)).ConfigureAwait(false) == 1;
    }

    public async ValueTask SetCompanyPausedAsync(string companyId, bool paused, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        await dialect.ExecuteAsync(
            $"INSERT INTO {Companies} (company_id, paused) VALUES (@company, @paused) ON CONFLICT (company_id) DO UPDATE SET paused = excluded.paused;",
            cancellationToken, ("@company", companyId), ("@paused", paused)).ConfigureAwait(false);
    }

    public async ValueTask<bool> IsCompanyPausedAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var paused = await dialect.QueryAsync($"SELECT paused FROM {Companies} WHERE company_id = @company;", r => r.GetBoolean(0), cancellationToken, ("@company", companyId)).ConfigureAwait(false);
        return paused is [true];
    }

    public async ValueTask<WorkItem?> GetAsync(long itemId, CancellationToken cancellationToken)
    {
        var items = await dialect.QueryAsync($"SELECT {Columns} FROM {Items} WHERE id = @id;", ReadItem, cancellationToken, ("@id", itemId)).ConfigureAwait(false);
        return items.Count == 0 ? null : items[0];
    }

    public async ValueTask<IReadOnlyList<WorkItem>> ListDeadLetteredAsync(string companyId, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await dialect.QueryAsync(
            $"SELECT {Columns} FROM {Items} WHERE company_id = @company AND state = 'DeadLettered' ORDER BY id LIMIT @limit;",
            ReadItem, cancellationToken, ("@company", companyId), ("@limit", limit)).ConfigureAwait(false);
    }

    public async ValueTask<WorkQueueStats> GetStatsAsync(string? companyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stats = await dialect.QueryAsync($"""
            SELECT COALESCE(SUM(CASE WHEN state = 'Pending' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN state = 'Leased' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN state = 'DeadLettered' THEN 1 ELSE 0 END), 0), MIN(CASE WHEN state = 'Pending' THEN enqueued_at END)
            FROM {Items}
            WHERE state <> 'Completed'{(companyId is null ? "" : " AND company_id = @company")};
            """,
            r => new WorkQueueStats(Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt64(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture), now - dialect.ReadNullableTime(r, 3)),
            cancellationToken, ("@company", companyId)).ConfigureAwait(false);
        return stats[0];
    }

    public async ValueTask<int> PurgeCompletedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        await dialect.ExecuteAsync($"DELETE FROM {Items} WHERE state = 'Completed' AND completed_at < @olderThan;", cancellationToken, ("@olderThan", dialect.ToDb(olderThan))).ConfigureAwait(false);

    /// <summary>One work item row, in the order of <see cref="Columns"/>.</summary>
    protected WorkItem ReadItem(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        CompanyId = reader.GetString(1),
        Kind = reader.GetString(2),
        OrderingKey = reader.GetString(3),
        DeduplicationKey = SqlStatements.NullableString(reader, 4),
        Payload = reader.GetString(5),
        Attempts = reader.GetInt32(6),
        ClaimCount = (int)reader.GetInt64(13),
        RunAt = dialect.ReadTime(reader, 7),
        EnqueuedAt = dialect.ReadTime(reader, 8),
        LastError = SqlStatements.NullableString(reader, 9),
        State = SqlStatements.Enum<WorkItemState>(reader, 10),
        LeaseOwner = SqlStatements.NullableString(reader, 11),
        LeaseExpiresAt = dialect.ReadNullableTime(reader, 12),
    };

    private async ValueTask<bool> ExecuteHeldAsync(WorkLease lease, string set, CancellationToken cancellationToken, params (string Name, object? Value)[] extra) =>
        await dialect.ExecuteAsync($"UPDATE {Items} SET {set} WHERE {Held};", cancellationToken, [("@id", lease.ItemId), ("@token", lease.FencingToken), .. extra]).ConfigureAwait(false) == 1;
}
