using Microsoft.Data.Sqlite;
using RoApp.QuickBooksSync.Storage;
using static RoApp.QuickBooksSync.Sqlite.SqliteValues;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>Entity links in SQLite; every save is one compare-and-swap statement.</summary>
internal sealed class SqliteEntityLinkStore(SqliteDatabase database) : IEntityLinkStore
{
    private const string Columns =
        "company_id, realm_id, entity_type, ro_app_id, quickbooks_id, sync_token, content_hash, origin, last_synced_at, quickbooks_last_updated_at, state, version";

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
               INSERT INTO qbs_entity_links ({Columns})
               VALUES ($company, $realm, $type, $roAppId, $quickBooksId, $syncToken, $hash, $origin, $syncedAt, $updatedAt, $state, 1)
               ON CONFLICT DO NOTHING;
               """
            : """
               UPDATE qbs_entity_links
               SET quickbooks_id = $quickBooksId, sync_token = $syncToken, content_hash = $hash, origin = $origin,
                   last_synced_at = $syncedAt, quickbooks_last_updated_at = $updatedAt, state = $state, version = version + 1
               WHERE company_id = $company AND realm_id = $realm AND entity_type = $type AND ro_app_id = $roAppId AND version = $expected;
               """;
        return await database.ExecuteAsync(sql, c => c
            .With("$company", link.CompanyId).With("$realm", link.RealmId).With("$type", link.EntityType.ToString())
            .With("$roAppId", link.RoAppId).With("$quickBooksId", link.QuickBooksId).With("$syncToken", link.SyncToken)
            .With("$hash", link.ContentHash).With("$origin", link.Origin.ToString()).With("$syncedAt", ToDb(link.LastSyncedAt))
            .With("$updatedAt", ToDb(link.QuickBooksLastUpdatedAt)).With("$state", link.State.ToString()).With("$expected", expectedVersion),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<int> DetachRealmAsync(string companyId, string realmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        return await database.ExecuteAsync(
            "UPDATE qbs_entity_links SET state = 'Detached', version = version + 1 WHERE company_id = $company AND realm_id = $realm AND state = 'Active';",
            c => c.With("$company", companyId).With("$realm", realmId), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<List<EntityLink>> ReadAsync(string idColumn, string companyId, string realmId, SyncedEntityType entityType, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);

        // idColumn is one of two constants chosen above, never caller input; rowid is insertion order.
        return await database.QueryAsync(
            $"SELECT {Columns} FROM qbs_entity_links WHERE company_id = $company AND realm_id = $realm AND entity_type = $type AND {idColumn} = $id ORDER BY rowid;",
            c => c.With("$company", companyId).With("$realm", realmId).With("$type", entityType.ToString()).With("$id", id),
            ReadLink, cancellationToken).ConfigureAwait(false);
    }

    private static EntityLink ReadLink(SqliteDataReader reader) => new()
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
