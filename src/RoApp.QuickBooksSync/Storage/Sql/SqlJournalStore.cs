using System.Data.Common;
using System.Globalization;
using System.Text;

namespace RoApp.QuickBooksSync.Storage.Sql;

/// <summary><see cref="IJournalStore"/> for every SQL store, read newest first by keyset (time, id).</summary>
internal sealed class SqlJournalStore(SqlDialect dialect) : IJournalStore
{
    private const string Columns =
        "id, company_id, realm_id, entity_type, ro_app_entity_id, direction, operation, outcome, quickbooks_id, request_id, message, fix, details, at, work_item_id, dismissed";

    private readonly string _table = dialect.Table("journal");

    public async ValueTask<JournalEntry> AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(entry);
        var rows = await dialect.WriteQueryAsync($"""
            INSERT INTO {_table} (company_id, realm_id, entity_type, ro_app_entity_id, direction, operation, outcome, quickbooks_id,
                                  request_id, message, fix, details, at, work_item_id, dismissed)
            VALUES (@company, @realm, @type, @entityId, @direction, @operation, @outcome, @quickBooksId,
                    @requestId, @message, @fix, @details, @at, @workItemId, @dismissed)
            RETURNING id, at;
            """,
            r => (Id: r.GetInt64(0), At: dialect.ReadTime(r, 1)), cancellationToken,
            ("@company", entry.CompanyId), ("@realm", entry.RealmId), ("@type", entry.EntityType?.ToString()), ("@entityId", entry.RoAppEntityId),
            ("@direction", entry.Direction.ToString()), ("@operation", entry.Operation), ("@outcome", entry.Outcome.ToString()),
            ("@quickBooksId", entry.QuickBooksId), ("@requestId", entry.RequestId), ("@message", entry.Message), ("@fix", entry.Fix),
            ("@details", entry.Details), ("@at", dialect.ToDb(entry.At)), ("@workItemId", entry.WorkItemId), ("@dismissed", entry.Dismissed)).ConfigureAwait(false);

        // The stored time (a database may keep less precision) is what queries and continuation tokens compare against.
        return entry with { Id = rows[0].Id, At = rows[0].At };
    }

    public async ValueTask<JournalPage> QueryAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(query);
        var after = query.ContinuationToken is { } token ? StoreArguments.DecodeJournalToken(token) : ((long, long)?)null;
        var sql = new StringBuilder($"SELECT {Columns} FROM {_table} WHERE company_id = @company");
        var parameters = new List<(string, object?)> { ("@company", query.CompanyId), ("@limit", query.Limit + 1) };
        if (query.EntityType is { } type)
        {
            sql.Append(" AND entity_type = @type");
            parameters.Add(("@type", type.ToString()));
        }

        if (query.RoAppEntityId is { } entityId)
        {
            sql.Append(" AND ro_app_entity_id = @entityId");
            parameters.Add(("@entityId", entityId));
        }

        var outcomes = query.Outcomes is { Count: > 0 } chosen ? chosen.Distinct().ToList() : [];
        if (outcomes.Count > 0)
        {
            // One parameter per outcome: the SQL text only ever holds parameter names.
            var names = outcomes.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"@outcome{i}")).ToList();
            sql.Append(" AND outcome IN (").AppendJoin(", ", names).Append(')');
            parameters.AddRange(names.Zip(outcomes, (name, outcome) => (name, (object?)outcome.ToString())));
        }

        if (!query.IncludeDismissed)
        {
            sql.Append(" AND dismissed = @no");
            parameters.Add(("@no", false));
        }

        if (after is var (afterTicks, afterId))
        {
            sql.Append(" AND (at < @afterAt OR (at = @afterAt AND id < @afterId))");
            parameters.Add(("@afterAt", dialect.ToDb(new DateTimeOffset(afterTicks, TimeSpan.Zero))));
            parameters.Add(("@afterId", afterId));
        }

        sql.Append(" ORDER BY at DESC, id DESC LIMIT @limit;");
        var entries = await dialect.QueryAsync(sql.ToString(), ReadEntry, cancellationToken, [.. parameters]).ConfigureAwait(false);
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
        return await dialect.ExecuteAsync($"UPDATE {_table} SET dismissed = @yes WHERE id = @id AND company_id = @company;",
            cancellationToken, ("@yes", true), ("@id", entryId), ("@company", companyId)).ConfigureAwait(false) == 1;
    }

    private JournalEntry ReadEntry(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        CompanyId = reader.GetString(1),
        RealmId = SqlStatements.NullableString(reader, 2),
        EntityType = reader.IsDBNull(3) ? null : SqlStatements.Enum<SyncedEntityType>(reader, 3),
        RoAppEntityId = SqlStatements.NullableString(reader, 4),
        Direction = SqlStatements.Enum<JournalDirection>(reader, 5),
        Operation = reader.GetString(6),
        Outcome = SqlStatements.Enum<JournalOutcome>(reader, 7),
        QuickBooksId = SqlStatements.NullableString(reader, 8),
        RequestId = SqlStatements.NullableString(reader, 9),
        Message = reader.GetString(10),
        Fix = SqlStatements.NullableString(reader, 11),
        Details = SqlStatements.NullableString(reader, 12),
        At = dialect.ReadTime(reader, 13),
        WorkItemId = reader.IsDBNull(14) ? null : reader.GetInt64(14),
        Dismissed = reader.GetBoolean(15),
    };
}
