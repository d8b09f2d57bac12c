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
        var ids = await database.WriteQueryAsync("""
            INSERT INTO qbs_journal (company_id, realm_id, entity_type, ro_app_entity_id, direction, operation, outcome, quickbooks_id,
                                     request_id, message, fix, details, at, work_item_id, dismissed)
            VALUES ($company, $realm, $type, $entityId, $direction, $operation, $outcome, $quickBooksId,
                    $requestId, $message, $fix, $details, $at, $workItemId, $dismissed)
            RETURNING id;
            """,
            c => c.With("$company", entry.CompanyId).With("$realm", entry.RealmId).With("$type", entry.EntityType?.ToString())
                .With("$entityId", entry.RoAppEntityId).With("$direction", entry.Direction.ToString()).With("$operation", entry.Operation)
                .With("$outcome", entry.Outcome.ToString()).With("$quickBooksId", entry.QuickBooksId).With("$requestId", entry.RequestId)
                .With("$message", entry.Message).With("$fix", entry.Fix).With("$details", entry.Details).With("$at", ToDb(entry.At))
                .With("$workItemId", entry.WorkItemId).With("$dismissed", entry.Dismissed),
            r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return entry with { Id = ids[0] };
    }

    public async ValueTask<JournalPage> QueryAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(query);
        var after = query.ContinuationToken is { } token ? StoreArguments.DecodeJournalToken(token) : ((long, long)?)null;
        var sql = new StringBuilder($"SELECT {Columns} FROM qbs_journal WHERE company_id = $company");
        var outcomes = query.Outcomes is { Count: > 0 } chosen ? chosen.Distinct().ToList() : [];
        if (query.EntityType is not null)
        {
            sql.Append(" AND entity_type = $type");
        }

        if (query.RoAppEntityId is not null)
        {
            sql.Append(" AND ro_app_entity_id = $entityId");
        }

        if (outcomes.Count > 0)
        {
            // One parameter per outcome: the SQL text only ever holds parameter names.
            sql.Append(" AND outcome IN (")
                .AppendJoin(", ", outcomes.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"$outcome{i}")))
                .Append(')');
        }

        if (!query.IncludeDismissed)
        {
            sql.Append(" AND dismissed = 0");
        }

        if (after is not null)
        {
            sql.Append(" AND (at < $afterAt OR (at = $afterAt AND id < $afterId))");
        }

        sql.Append(" ORDER BY at DESC, id DESC LIMIT $limit;");
        var entries = await database.QueryAsync(sql.ToString(), c =>
        {
            c.With("$company", query.CompanyId).With("$type", query.EntityType?.ToString()).With("$entityId", query.RoAppEntityId)
                .With("$afterAt", after?.Item1).With("$afterId", after?.Item2).With("$limit", query.Limit + 1);
            for (var i = 0; i < outcomes.Count; i++)
            {
                c.With(string.Create(CultureInfo.InvariantCulture, $"$outcome{i}"), outcomes[i].ToString());
            }
        }, ReadEntry, cancellationToken).ConfigureAwait(false);

        if (entries.Count <= query.Limit)
        {
            return new JournalPage(entries, null);
        }

        entries.RemoveAt(entries.Count - 1);
        return new JournalPage(entries, StoreArguments.EncodeJournalToken(entries[^1].At, entries[^1].Id));
    }

    public async ValueTask<bool> DismissAsync(string companyId, long entryId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        return await database.ExecuteAsync("UPDATE qbs_journal SET dismissed = 1 WHERE id = $id AND company_id = $company;",
            c => c.With("$id", entryId).With("$company", companyId), cancellationToken).ConfigureAwait(false) == 1;
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
