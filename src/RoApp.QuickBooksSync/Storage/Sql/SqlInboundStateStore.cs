namespace RoApp.QuickBooksSync.Storage.Sql;

/// <summary><see cref="IInboundStateStore"/> for every SQL store: one row per (company, realm, key), saved by compare-and-swap.</summary>
internal sealed class SqlInboundStateStore(SqlDialect dialect) : IInboundStateStore
{
    private readonly string _table = dialect.Table("inbound_state");

    public async ValueTask<InboundState?> GetAsync(string companyId, string realmId, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var found = await dialect.QueryAsync(
            $"SELECT value, updated_at, version FROM {_table} WHERE company_id = @company AND realm_id = @realm AND state_key = @key;",
            r => new InboundState
            {
                CompanyId = companyId,
                RealmId = realmId,
                Key = key,
                Value = r.GetString(0),
                UpdatedAt = dialect.ReadTime(r, 1),
                Version = r.GetInt64(2),
            },
            cancellationToken, ("@company", companyId), ("@realm", realmId), ("@key", key)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<bool> SaveAsync(InboundState state, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(state.CompanyId, "state.CompanyId");
        ArgumentException.ThrowIfNullOrWhiteSpace(state.RealmId, "state.RealmId");
        ArgumentException.ThrowIfNullOrWhiteSpace(state.Key, "state.Key");
        var sql = expectedVersion == 0
            ? $"INSERT INTO {_table} (company_id, realm_id, state_key, value, updated_at, version) VALUES (@company, @realm, @key, @value, @updated, 1) ON CONFLICT (company_id, realm_id, state_key) DO NOTHING;"
            : $"UPDATE {_table} SET value = @value, updated_at = @updated, version = version + 1 WHERE company_id = @company AND realm_id = @realm AND state_key = @key AND version = @expected;";
        return await dialect.ExecuteAsync(sql, cancellationToken,
            ("@company", state.CompanyId), ("@realm", state.RealmId), ("@key", state.Key), ("@value", state.Value),
            ("@updated", dialect.ToDb(state.UpdatedAt)), ("@expected", expectedVersion)).ConfigureAwait(false) == 1;
    }
}
