using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using RoApp.QuickBooksSync.Storage;
using static RoApp.QuickBooksSync.Sqlite.SqliteValues;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>The journal in SQLite, read newest first by keyset (time, id).</summary>
internal sealed class SqliteJournalStore(SqliteDatabase database) : IJournalStore
{
    private const string Columns =
        "id, company_id, realm_id, entity_type, ro_app_entity_id, direction, operation, outcome, quickbooks_id, request_id, message, fix, details, at, work_item_id, dismissed";

    public async ValueTask<JournalEntry> AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(entry);
        var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var insert = db.Command("""
                INSERT INTO qbs_journal (company_id, realm_id, entity_type, ro_app_entity_id, direction, operation, outcome, quickbooks_id,
                                         request_id, message, fix, details, at, work_item_id, dismissed)
                VALUES ($company, $realm, $type, $entityId, $direction, $operation, $outcome, $quickBooksId,
                        $requestId, $message, $fix, $details, $at, $workItemId, $dismissed)
                RETURNING id;
                """)
                .With("$company", entry.CompanyId).With("$realm", entry.RealmId).With("$type", entry.EntityType?.ToString())
                .With("$entityId", entry.RoAppEntityId).With("$direction", entry.Direction.ToString()).With("$operation", entry.Operation)
                .With("$outcome", entry.Outcome.ToString()).With("$quickBooksId", entry.QuickBooksId).With("$requestId", entry.RequestId)
                .With("$message", entry.Message).With("$fix", entry.Fix).With("$details", entry.Details).With("$at", ToDb(entry.At))
                .With("$workItemId", entry.WorkItemId).With("$dismissed", entry.Dismissed);
            var id = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return entry with { Id = id };
        }
    }

    public async ValueTask<JournalPage> QueryAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(query);
        var after = query.ContinuationToken is { } token ? StoreArguments.DecodeJournalToken(token) : ((long, long)?)null;
        var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var read = db.CreateCommand();
            var sql = new StringBuilder($"SELECT {Columns} FROM qbs_journal WHERE company_id = $company");
            read.With("$company", query.CompanyId);
            if (query.EntityType is { } type)
            {
                sql.Append(" AND entity_type = $type");
                read.With("$type", type.ToString());
            }

            if (query.RoAppEntityId is { } entityId)
            {
                sql.Append(" AND ro_app_entity_id = $entityId");
                read.With("$entityId", entityId);
            }

            if (query.Outcomes is { Count: > 0 } outcomes)
            {
                // One parameter per outcome: the SQL text only ever holds parameter names.
                var names = outcomes.Distinct().Select((outcome, i) =>
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"$outcome{i}");
                    read.With(name, outcome.ToString());
                    return name;
                });
                sql.Append(" AND outcome IN (").AppendJoin(", ", names).Append(')');
            }

            if (!query.IncludeDismissed)
            {
                sql.Append(" AND dismissed = 0");
            }

            if (after is var (afterTicks, afterId))
            {
                sql.Append(" AND (at < $afterAt OR (at = $afterAt AND id < $afterId))");
                read.With("$afterAt", afterTicks).With("$afterId", afterId);
            }

            sql.Append(" ORDER BY at DESC, id DESC LIMIT $limit;");
            read.With("$limit", query.Limit + 1);
            read.CommandText = sql.ToString();

            var entries = new List<JournalEntry>();
            using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(ReadEntry(reader));
            }

            if (entries.Count <= query.Limit)
            {
                return new JournalPage(entries, null);
            }

            entries.RemoveAt(entries.Count - 1);
            return new JournalPage(entries, StoreArguments.EncodeJournalToken(entries[^1].At, entries[^1].Id));
        }
    }

    public async ValueTask<bool> DismissAsync(string companyId, long entryId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var dismiss = db.Command("UPDATE qbs_journal SET dismissed = 1 WHERE id = $id AND company_id = $company;")
                .With("$id", entryId).With("$company", companyId);
            return await dismiss.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    private static JournalEntry ReadEntry(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        CompanyId = reader.GetString(1),
        RealmId = NullableString(reader, 2),
        EntityType = reader.IsDBNull(3) ? null : Enum<SyncedEntityType>(reader, 3),
        RoAppEntityId = NullableString(reader, 4),
        Direction = Enum<JournalDirection>(reader, 5),
        Operation = reader.GetString(6),
        Outcome = Enum<JournalOutcome>(reader, 7),
        QuickBooksId = NullableString(reader, 8),
        RequestId = NullableString(reader, 9),
        Message = reader.GetString(10),
        Fix = NullableString(reader, 11),
        Details = NullableString(reader, 12),
        At = Time(reader, 13),
        WorkItemId = reader.IsDBNull(14) ? null : reader.GetInt64(14),
        Dismissed = reader.GetBoolean(15),
    };
}
