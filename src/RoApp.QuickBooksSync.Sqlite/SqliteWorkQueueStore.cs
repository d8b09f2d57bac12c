using System.Text.Json;
using Microsoft.Data.Sqlite;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.Sql;
using static RoApp.QuickBooksSync.Sqlite.SqliteValues;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>
/// The work queue in SQLite. Every change runs in a write transaction (see <see cref="SqliteDatabase"/>):
/// SQLite admits one writer at a time per file, across processes, so what a change checks still holds when
/// it writes.
/// </summary>
internal sealed class SqliteWorkQueueStore(SqliteDatabase database) : SqlWorkQueueStore(new SqliteDialect(database))
{
    // An item is claimable when it is due (or its lease expired), no earlier item of its ordering key is
    // unfinished, no other item of its key holds a live lease, and its company is not paused. The state
    // test comes first so that SQLite can use the partial index of open items.
    private const string Claimable = """
        w.state IN ('Pending', 'Leased')
        AND ((w.state = 'Pending' AND w.run_at <= $now) OR (w.state = 'Leased' AND w.lease_expires_at <= $now))
        AND NOT EXISTS (
            SELECT 1 FROM qbs_work_items e
            WHERE e.company_id = w.company_id AND e.ordering_key = w.ordering_key AND e.id <> w.id
              AND e.state IN ('Pending', 'Leased')
              AND (e.id < w.id OR (e.state = 'Leased' AND e.lease_expires_at > $now)))
        AND NOT EXISTS (SELECT 1 FROM qbs_work_companies p WHERE p.company_id = w.company_id AND p.paused = 1)
        """;

    // The first claimable items of each company with due work (at most the per-company cap, found through
    // the index of open items without ranking the whole backlog), ranked within their company; a claim takes
    // rank 1 of every company first (least recently served first), then rank 2, and so on.
    private const string ClaimCandidatesSql = $$"""
        WITH due_companies AS (
            SELECT DISTINCT d.company_id
            FROM qbs_work_items d
            WHERE d.state IN ('Pending', 'Leased')
              AND ((d.state = 'Pending' AND d.run_at <= $now) OR (d.state = 'Leased' AND d.lease_expires_at <= $now))
              AND NOT EXISTS (SELECT 1 FROM qbs_work_companies p WHERE p.company_id = d.company_id AND p.paused = 1)
              AND d.company_id NOT IN (SELECT value FROM json_each($excluded))
        ),
        heads AS (
            SELECT o.id, o.company_id, o.run_at
            FROM due_companies dc
            JOIN qbs_work_items o ON o.id IN (
                SELECT w.id FROM qbs_work_items w
                WHERE w.company_id = dc.company_id AND {{Claimable}}
                ORDER BY w.run_at, w.id
                LIMIT $perCompany)
        ),
        ranked AS (
            SELECT id, company_id, run_at, ROW_NUMBER() OVER (PARTITION BY company_id ORDER BY run_at, id) AS company_rank
            FROM heads
        )
        SELECT r.id, r.company_id
        FROM ranked r LEFT JOIN qbs_work_companies c ON c.company_id = r.company_id
        ORDER BY r.company_rank, COALESCE(c.last_served, 0), r.run_at, r.id
        LIMIT $candidates;
        """;

    public override async ValueTask<EnqueueResult> EnqueueAsync(NewWorkItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(item);
        return await database.WriteAsync(async (connection, transaction) =>
        {
            if (item.DeduplicationKey is { } key)
            {
                var existing = await SqliteDatabase.QueryAsync(connection, transaction,
                    "SELECT id FROM qbs_work_items WHERE company_id = $company AND deduplication_key = $key;",
                    c => c.With("$company", item.CompanyId).With("$key", key), r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
                if (existing.Count == 1)
                {
                    return new EnqueueResult(existing[0], IsDuplicate: true);
                }
            }

            var id = await SqliteDatabase.QueryAsync(connection, transaction, """
                INSERT INTO qbs_work_items (company_id, kind, ordering_key, deduplication_key, payload, run_at, enqueued_at, state)
                VALUES ($company, $kind, $orderingKey, $key, $payload, $runAt, $now, 'Pending')
                RETURNING id;
                """,
                c => c.With("$company", item.CompanyId).With("$kind", item.Kind).With("$orderingKey", item.OrderingKey)
                    .With("$key", item.DeduplicationKey).With("$payload", item.Payload)
                    .With("$runAt", ToDb(item.RunAt ?? now)).With("$now", ToDb(now)),
                r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
            return new EnqueueResult(id[0], IsDuplicate: false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<IReadOnlyList<ClaimedWorkItem>> ClaimAsync(ClaimRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var perCompany = StoreArguments.Validate(request);
        var expiresAt = now + request.LeaseDuration;

        // Choosing candidates is the expensive part, so it runs on a WAL read snapshot, outside the write
        // lock: enqueues (webhook intake) never wait for it, and an idle poll takes no lock at all. Extra
        // candidates stand in for ones a concurrent claimer takes first.
        var candidates = await database.QueryAsync(ClaimCandidatesSql,
            c => c.With("$now", ToDb(now)).With("$perCompany", perCompany).With("$candidates", (request.MaxItems * 2) + 8)
                .With("$excluded", JsonSerializer.Serialize([.. request.ExcludedCompanyIds], SqliteJsonContext.Default.StringArray)),
            r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return [];
        }

        // Under the write lock each candidate is leased only if it is still claimable now: that re-check,
        // not the snapshot, is what keeps an item from two owners and a key's items in order.
        return await database.WriteAsync<IReadOnlyList<ClaimedWorkItem>>(async (connection, transaction) =>
        {
            var claimed = new List<ClaimedWorkItem>(request.MaxItems);
            foreach (var id in candidates)
            {
                var leased = await SqliteDatabase.QueryAsync(connection, transaction, $"""
                    UPDATE qbs_work_items AS w
                    SET state = 'Leased', lease_owner = $owner, lease_expires_at = $expiresAt, fencing_token = fencing_token + 1
                    WHERE w.id = $id AND {Claimable}
                    RETURNING {Columns};
                    """,
                    c => c.With("$owner", request.Owner).With("$expiresAt", ToDb(expiresAt)).With("$id", id).With("$now", ToDb(now)),
                    r => new ClaimedWorkItem(ReadItem(r), new WorkLease(id, request.Owner, r.GetInt64(13), expiresAt)), cancellationToken).ConfigureAwait(false);
                claimed.AddRange(leased);
                if (claimed.Count == request.MaxItems)
                {
                    break;
                }
            }

            foreach (var company in claimed.Select(c => c.Item.CompanyId).Distinct(StringComparer.Ordinal))
            {
                using var served = connection.Command("""
                    INSERT INTO qbs_work_companies (company_id, last_served)
                    VALUES ($company, (SELECT COALESCE(MAX(last_served), 0) + 1 FROM qbs_work_companies))
                    ON CONFLICT (company_id) DO UPDATE SET last_served = excluded.last_served;
                    """, transaction).With("$company", company);
                await served.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return claimed;
        }, cancellationToken).ConfigureAwait(false);
    }
}
