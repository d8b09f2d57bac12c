using Npgsql;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.Sql;
using static RoApp.QuickBooksSync.PostgreSql.PostgreSqlValues;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>
/// The work queue in PostgreSQL, for several host instances sharing the work. A claim picks fair, ordered
/// candidates, then locks them with <c>FOR UPDATE SKIP LOCKED</c> and re-checks that each is still
/// claimable, so concurrent claimers never wait on each other and never take the same item.
/// </summary>
internal sealed class PostgreSqlWorkQueueStore(PostgreSqlDatabase database) : SqlWorkQueueStore(new PostgreSqlDialect(database))
{
    // Due (or lease expired); the state test first lets the planner use the partial index of open items.
    private const string Due =
        "w.state IN ('Pending', 'Leased') AND ((w.state = 'Pending' AND w.run_at <= @now) OR (w.state = 'Leased' AND w.lease_expires_at <= @now))";

    private readonly string _s = database.Schema;

    public override async ValueTask<EnqueueResult> EnqueueAsync(NewWorkItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(item);

        // ON CONFLICT waits for a concurrent insert of the same key to commit, then adds nothing; the
        // follow-up read then sees the winner's row. A purge between the two steps just means another round.
        while (true)
        {
            var inserted = await database.QueryAsync($"""
                INSERT INTO {_s}.work_items (company_id, kind, ordering_key, deduplication_key, payload, run_at, enqueued_at, state)
                VALUES (@company, @kind, @orderingKey, @key, @payload, @runAt, @now, 'Pending')
                ON CONFLICT (company_id, deduplication_key) WHERE deduplication_key IS NOT NULL DO NOTHING
                RETURNING id;
                """,
                c => c.Text("company", item.CompanyId).Text("kind", item.Kind).Text("orderingKey", item.OrderingKey)
                    .Text("key", item.DeduplicationKey).Text("payload", item.Payload).Time("runAt", item.RunAt ?? now).Time("now", now),
                r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
            if (inserted.Count == 1)
            {
                return new EnqueueResult(inserted[0], IsDuplicate: false);
            }

            var existing = await database.QueryAsync(
                $"SELECT id FROM {_s}.work_items WHERE company_id = @company AND deduplication_key = @key;",
                c => c.Text("company", item.CompanyId).Text("key", item.DeduplicationKey),
                r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
            if (existing.Count == 1)
            {
                return new EnqueueResult(existing[0], IsDuplicate: true);
            }
        }
    }

    public override async ValueTask<IReadOnlyList<ClaimedWorkItem>> ClaimAsync(ClaimRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var perCompany = StoreArguments.Validate(request);
        var expiresAt = now + request.LeaseDuration;
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Candidates: the first due heads of their ordering key (up to the per-company cap) of every company
                // with due work that is not paused, found through the index of open items without ranking the
                // whole backlog, then ranked round-robin across companies (least recently served first). Extra
                // candidates stand in for ones another claimer holds locked. The locking step re-checks that each
                // is still due on the row's latest version.
                using var claim = new NpgsqlCommand($"""
                    WITH due_companies AS (
                        SELECT DISTINCT w.company_id
                        FROM {_s}.work_items w
                        WHERE {Due}
                          AND NOT EXISTS (SELECT 1 FROM {_s}.work_companies p WHERE p.company_id = w.company_id AND p.paused)
                          AND NOT (w.company_id = ANY(@excluded))
                    ),
                    heads AS (
                        SELECT h.id, h.company_id, h.run_at
                        FROM due_companies dc
                        CROSS JOIN LATERAL (
                            SELECT w.id, w.company_id, w.run_at
                            FROM {_s}.work_items w
                            WHERE w.company_id = dc.company_id AND {Due}
                              AND NOT EXISTS (
                                  SELECT 1 FROM {_s}.work_items e
                                  WHERE e.company_id = w.company_id AND e.ordering_key = w.ordering_key AND e.id <> w.id
                                    AND e.state IN ('Pending', 'Leased')
                                    AND (e.id < w.id OR (e.state = 'Leased' AND e.lease_expires_at > @now)))
                            ORDER BY w.run_at, w.id
                            LIMIT @perCompany) h
                    ),
                    ranked AS (
                        SELECT id, company_id, run_at, row_number() OVER (PARTITION BY company_id ORDER BY run_at, id) AS company_rank
                        FROM heads
                    ),
                    candidates AS (
                        SELECT r.id, r.company_rank, COALESCE(c.last_served, 0) AS last_served, r.run_at
                        FROM ranked r LEFT JOIN {_s}.work_companies c ON c.company_id = r.company_id
                        WHERE r.company_rank <= @perCompany
                        ORDER BY r.company_rank, last_served, r.run_at, r.id
                        LIMIT @candidates
                    ),
                    locked AS (
                        SELECT w.id, c.company_rank, c.last_served, c.run_at
                        FROM {_s}.work_items w JOIN candidates c ON c.id = w.id
                        WHERE {Due}
                        ORDER BY c.company_rank, c.last_served, c.run_at, w.id
                        LIMIT @max
                        FOR UPDATE OF w SKIP LOCKED
                    )
                    UPDATE {_s}.work_items w
                    SET state = 'Leased', lease_owner = @owner, lease_expires_at = @expiresAt, fencing_token = w.fencing_token + 1
                    FROM locked
                    WHERE w.id = locked.id
                    RETURNING {string.Join(", ", Columns.Split(", ").Select(c => "w." + c))}, locked.company_rank, locked.last_served;
                    """, connection, transaction);
                claim.Time("now", now).Integer("perCompany", perCompany).Integer("candidates", (request.MaxItems * 2) + 16)
                    .Integer("max", request.MaxItems).Text("owner", request.Owner).Time("expiresAt", expiresAt)
                    .TextArray("excluded", [.. request.ExcludedCompanyIds]);
                var rows = await PostgreSqlDatabase.ReadAllAsync(claim, r => (Item: ReadItem(r), Token: r.GetInt64(13), Rank: r.GetInt64(14), Served: r.GetInt64(15)), cancellationToken)
                    .ConfigureAwait(false);
                var claimed = rows
                    .OrderBy(r => r.Rank).ThenBy(r => r.Served).ThenBy(r => r.Item.RunAt).ThenBy(r => r.Item.Id)
                    .Select(r => new ClaimedWorkItem(r.Item, new WorkLease(r.Item.Id, request.Owner, r.Token, expiresAt)))
                    .ToList();

                if (claimed.Count > 0)
                {
                    // One claim number for every company served by this claim; rows are upserted in company order
                    // so that concurrent claims lock them in the same order and cannot deadlock.
                    using var served = new NpgsqlCommand($"""
                        WITH claim AS (SELECT nextval('{_s}.work_claims') AS number)
                        INSERT INTO {_s}.work_companies (company_id, last_served)
                        SELECT company_id, claim.number FROM unnest(@companies) AS company_id, claim
                        ORDER BY company_id
                        ON CONFLICT (company_id) DO UPDATE SET last_served = excluded.last_served;
                        """, connection, transaction);
                    served.TextArray("companies", claimed.Select(c => c.Item.CompanyId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
                    await served.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return claimed;
            }
        }
    }
}
