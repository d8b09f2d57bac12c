using System.Data.Common;

namespace RoApp.QuickBooksSync.Storage.Sql;

/// <summary><see cref="IEntityLinkStore"/> for every SQL store; every save is one compare-and-swap statement.</summary>
internal sealed class SqlEntityLinkStore(SqlDialect dialect) : IEntityLinkStore
{
    private const string Columns =
        "company_id, realm_id, entity_type, ro_app_id, quickbooks_id, sync_token, content_hash, origin, last_synced_at, quickbooks_last_updated_at, state, version";

    private readonly string _table = dialect.Table("entity_links");

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
               INSERT INTO {_table} ({Columns})
               VALUES (@company, @realm, @type, @roAppId, @quickBooksId, @syncToken, @hash, @origin, @syncedAt, @updatedAt, @state, 1)
               ON CONFLICT (company_id, realm_id, entity_type, ro_app_id) DO NOTHING;
               """
            : $"""
               UPDATE {_table}
               SET quickbooks_id = @quickBooksId, sync_token = @syncToken, content_hash = @hash, origin = @origin,
                   last_synced_at = @syncedAt, quickbooks_last_updated_at = @updatedAt, state = @state, version = version + 1
               WHERE company_id = @company AND realm_id = @realm AND entity_type = @type AND ro_app_id = @roAppId AND version = @expected;
               """;
        return await dialect.ExecuteAsync(sql, cancellationToken,
            ("@company", link.CompanyId), ("@realm", link.RealmId), ("@type", link.EntityType.ToString()), ("@roAppId", link.RoAppId),
            ("@quickBooksId", link.QuickBooksId), ("@syncToken", link.SyncToken), ("@hash", link.ContentHash), ("@origin", link.Origin.ToString()),
            ("@syncedAt", dialect.ToDb(link.LastSyncedAt)), ("@updatedAt", dialect.ToDb(link.QuickBooksLastUpdatedAt)),
            ("@state", link.State.ToString()), ("@expected", expectedVersion)).ConfigureAwait(false) == 1;
    }

    public async ValueTask<int> DetachRealmAsync(string companyId, string realmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        return await dialect.ExecuteAsync(
            $"UPDATE {_table} SET state = 'Detached', version = version + 1 WHERE company_id = @company AND realm_id = @realm AND state = 'Active';",
            cancellationToken, ("@company", companyId), ("@realm", realmId)).ConfigureAwait(false);
    }

    private async ValueTask<List<EntityLink>> ReadAsync(string idColumn, string companyId, string realmId, SyncedEntityType entityType, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);

        // idColumn is one of two constants chosen above, never caller input.
        return await dialect.QueryAsync(
            $"SELECT {Columns} FROM {_table} WHERE company_id = @company AND realm_id = @realm AND entity_type = @type AND {idColumn} = @id ORDER BY {dialect.InsertionOrder("entity_links")};",
            ReadLink, cancellationToken, ("@company", companyId), ("@realm", realmId), ("@type", entityType.ToString()), ("@id", id)).ConfigureAwait(false);
    }

    private EntityLink ReadLink(DbDataReader reader) => new()
    {
        CompanyId = reader.GetString(0),
        RealmId = reader.GetString(1),
        EntityType = SqlStatements.Enum<SyncedEntityType>(reader, 2),
        RoAppId = reader.GetString(3),
        QuickBooksId = reader.GetString(4),
        SyncToken = SqlStatements.NullableString(reader, 5),
        ContentHash = SqlStatements.NullableString(reader, 6),
        Origin = SqlStatements.Enum<LinkOrigin>(reader, 7),
        LastSyncedAt = dialect.ReadTime(reader, 8),
        QuickBooksLastUpdatedAt = dialect.ReadNullableTime(reader, 9),
        State = SqlStatements.Enum<LinkState>(reader, 10),
        Version = reader.GetInt64(11),
    };
}
