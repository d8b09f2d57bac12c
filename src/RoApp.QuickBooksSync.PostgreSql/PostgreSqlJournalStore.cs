using System.Text;
using Npgsql;
using RoApp.QuickBooksSync.Storage;
using static RoApp.QuickBooksSync.PostgreSql.PostgreSqlValues;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>The journal in PostgreSQL, read newest first by keyset (time, id).</summary>
internal sealed class PostgreSqlJournalStore(PostgreSqlDatabase database) : IJournalStore
{
    private const string Columns =
        "id, company_id, realm_id, entity_type, ro_app_entity_id, direction, operation, outcome, quickbooks_id, request_id, message, fix, details, at, work_item_id, dismissed";

    private readonly string _s = database.Schema;

    public async ValueTask<JournalEntry> AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(entry);
        var ids = await database.QueryAsync($"""
            INSERT INTO {_s}.journal (company_id, realm_id, entity_type, ro_app_entity_id, direction, operation, outcome, quickbooks_id,
                                      request_id, message, fix, details, at, work_item_id, dismissed)
            VALUES (@company, @realm, @type, @entityId, @direction, @operation, @outcome, @quickBooksId,
                    @requestId, @message, @fix, @details, @at, @workItemId, @dismissed)
            RETURNING id, at;
            """,
            c => c.Text("company", entry.CompanyId).Text("realm", entry.RealmId).Text("type", entry.EntityType?.ToString())
                .Text("entityId", entry.RoAppEntityId).Text("direction", entry.Direction.ToString()).Text("operation", entry.Operation)
                .Text("outcome", entry.Outcome.ToString()).Text("quickBooksId", entry.QuickBooksId).Text("requestId", entry.RequestId)
                .Text("message", entry.Message).Text("fix", entry.Fix).Text("details", entry.Details).Time("at", entry.At)
                .Bigint("workItemId", entry.WorkItemId).Boolean("dismissed", entry.Dismissed),
            r => (Id: r.GetInt64(0), At: Time(r, 1)), cancellationToken).ConfigureAwait(false);

        // The stored time (microseconds) is what queries and continuation tokens compare against.
        return entry with { Id = ids[0].Id, At = ids[0].At };
    }

    public async ValueTask<JournalPage> QueryAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(query);
        var after = query.ContinuationToken is { } token ? StoreArguments.DecodeJournalToken(token) : ((long, long)?)null;
        var sql = new StringBuilder($"SELECT {Columns} FROM {_s}.journal WHERE company_id = @company");
        if (query.EntityType is not null)
        {
            sql.Append(" AND entity_type = @type");
        }

        if (query.RoAppEntityId is not null)
        {
            sql.Append(" AND ro_app_entity_id = @entityId");
        }

        if (query.Outcomes is { Count: > 0 })
        {
            sql.Append(" AND outcome = ANY(@outcomes)");
        }

        if (!query.IncludeDismissed)
        {
            sql.Append(" AND NOT dismissed");
        }

        if (after is not null)
        {
            sql.Append(" AND (at, id) < (@afterAt, @afterId)");
        }

        sql.Append(" ORDER BY at DESC, id DESC LIMIT @limit;");
        var entries = await database.QueryAsync(sql.ToString(), c =>
        {
            c.Text("company", query.CompanyId).Text("type", query.EntityType?.ToString()).Text("entityId", query.RoAppEntityId)
                .TextArray("outcomes", query.Outcomes?.Select(o => o.ToString()).ToArray() ?? [])
                .Time("afterAt", after is var (ticks, _) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null)
                .Bigint("afterId", after?.Item2).Integer("limit", query.Limit + 1);
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
        return await database.ExecuteAsync(
            $"UPDATE {_s}.journal SET dismissed = true WHERE id = @id AND company_id = @company;",
            c => c.Bigint("id", entryId).Text("company", companyId), cancellationToken).ConfigureAwait(false) == 1;
    }

    private static JournalEntry ReadEntry(NpgsqlDataReader reader) => new()
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
