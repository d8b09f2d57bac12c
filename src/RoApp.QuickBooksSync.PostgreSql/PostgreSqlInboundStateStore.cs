using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>Inbound sync state in PostgreSQL: one row per (company, realm, key), saved by compare-and-swap.</summary>
internal sealed class PostgreSqlInboundStateStore(PostgreSqlDatabase database) : IInboundStateStore
{
    private readonly string _s = database.Schema;

    public async ValueTask<InboundState?> GetAsync(string companyId, string realmId, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var found = await database.QueryAsync(
            $"SELECT value, updated_at, version FROM {_s}.inbound_state WHERE company_id = @company AND realm_id = @realm AND state_key = @key;",
            c => c.Text("company", companyId).Text("realm", realmId).Text("key", key),
            r => new InboundState
            {
                CompanyId = companyId,
                RealmId = realmId,
                Key = key,
                Value = r.GetString(0),
                UpdatedAt = r.GetFieldValue<DateTimeOffset>(1),
                Version = r.GetInt64(2),
            },
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<bool> SaveAsync(InboundState state, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(state.CompanyId, "state.CompanyId");
        ArgumentException.ThrowIfNullOrWhiteSpace(state.RealmId, "state.RealmId");
        ArgumentException.ThrowIfNullOrWhiteSpace(state.Key, "state.Key");
        var sql = expectedVersion == 0
            ? $"INSERT INTO {_s}.inbound_state (company_id, realm_id, state_key, value, updated_at, version) VALUES (@company, @realm, @key, @value, @updated, 1) ON CONFLICT DO NOTHING;"
            : $"UPDATE {_s}.inbound_state SET value = @value, updated_at = @updated, version = version + 1 WHERE company_id = @company AND realm_id = @realm AND state_key = @key AND version = @expected;";
        return await database.ExecuteAsync(sql,
            c => c.Text("company", state.CompanyId).Text("realm", state.RealmId).Text("key", state.Key).Text("value", state.Value)
                .Time("updated", state.UpdatedAt).Bigint("expected", expectedVersion),
            cancellationToken).ConfigureAwait(false) == 1;
    }
}
