using Npgsql;
using RoApp.QuickBooksSync.Storage;
using static RoApp.QuickBooksSync.PostgreSql.PostgreSqlValues;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>Entity links in PostgreSQL; every save is one compare-and-swap statement.</summary>
internal sealed class PostgreSqlEntityLinkStore(PostgreSqlDatabase database) : IEntityLinkStore
{
    private const string Columns =
        "company_id, realm_id, entity_type, ro_app_id, quickbooks_id, sync_token, content_hash, origin, last_synced_at, quickbooks_last_updated_at, state, version";

    private readonly string _s = database.Schema;

    public async ValueTask<EntityLink?> GetByRoAppIdAsync(string companyId, string realmId, SyncedEntityType entityType, string roAppId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roAppId);
        var found = await ReadAsync("ro_app_id", companyId, realmId, entityType, roAppId, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<IReadOnlyList<EntityLink>> FindByQuickBooksIdAsync(string companyId, string realmId, SyncedEntityType entityType, string quickBooksId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(quickBooksId);
        return await ReadAsync("quickbooks_id", companyId, realmId, entityType, quickBooksId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> SaveAsync(EntityLink link, long expectedVersion, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(link);
        var sql = expectedVersion == 0
            ? $"""
               INSERT INTO {_s}.entity_links ({Columns})
               VALUES (@company, @realm, @type, @roAppId, @quickBooksId, @syncToken, @hash, @origin, @syncedAt, @updatedAt, @state, 1)
               ON CONFLICT DO NOTHING;
               """
            : $"""
               UPDATE {_s}.entity_links
               SET quickbooks_id = @quickBooksId, sync_token = @syncToken, content_hash = @hash, origin = @origin,
                   last_synced_at = @syncedAt, quickbooks_last_updated_at = @updatedAt, state = @state, version = version + 1
               WHERE company_id = @company AND realm_id = @realm AND entity_type = @type AND ro_app_id = @roAppId AND version = @expected;
               """;
        return await database.ExecuteAsync(sql, c => c
            .Text("company", link.CompanyId).Text("realm", link.RealmId).Text("type", link.EntityType.ToString())
            .Text("roAppId", link.RoAppId).Text("quickBooksId", link.QuickBooksId).Text("syncToken", link.SyncToken)
            .Text("hash", link.ContentHash).Text("origin", link.Origin.ToString()).Time("syncedAt", link.LastSyncedAt)
            .Time("updatedAt", link.QuickBooksLastUpdatedAt).Text("state", link.State.ToString()).Bigint("expected", expectedVersion),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<int> DetachRealmAsync(string companyId, string realmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        return await database.ExecuteAsync(
            $"UPDATE {_s}.entity_links SET state = 'Detached', version = version + 1 WHERE company_id = @company AND realm_id = @realm AND state = 'Active';",
            c => c.Text("company", companyId).Text("realm", realmId), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<List<EntityLink>> ReadAsync(string idColumn, string companyId, string realmId, SyncedEntityType entityType, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);

        // idColumn is one of two constants chosen above, never caller input.
        return await database.QueryAsync(
            $"SELECT {Columns} FROM {_s}.entity_links WHERE company_id = @company AND realm_id = @realm AND entity_type = @type AND {idColumn} = @id ORDER BY created_order;",
            c => c.Text("company", companyId).Text("realm", realmId).Text("type", entityType.ToString()).Text("id", id),
            ReadLink, cancellationToken).ConfigureAwait(false);
    }

    private static EntityLink ReadLink(NpgsqlDataReader reader) => new()
    {
        CompanyId = reader.GetString(0),
        RealmId = reader.GetString(1),
        EntityType = Enum<SyncedEntityType>(reader, 2),
        RoAppId = reader.GetString(3),
        QuickBooksId = reader.GetString(4),
        SyncToken = NullableString(reader, 5),
        ContentHash = NullableString(reader, 6),
        Origin = Enum<LinkOrigin>(reader, 7),
        LastSyncedAt = Time(reader, 8),
        QuickBooksLastUpdatedAt = NullableTime(reader, 9),
        State = Enum<LinkState>(reader, 10),
        Version = reader.GetInt64(11),
    };
}
