using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>Inbound sync state in SQLite: one row per (company, realm, key), saved by compare-and-swap.</summary>
internal sealed class SqliteInboundStateStore(SqliteDatabase database) : IInboundStateStore
{
    public async ValueTask<InboundState?> GetAsync(string companyId, string realmId, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var found = await database.QueryAsync(
            "SELECT value, updated_at, version FROM qbs_inbound_state WHERE company_id = $company AND realm_id = $realm AND state_key = $key;",
            c => c.With("$company", companyId).With("$realm", realmId).With("$key", key),
            r => new InboundState
            {
                CompanyId = companyId,
                RealmId = realmId,
                Key = key,
                Value = r.GetString(0),
                UpdatedAt = SqliteValues.Time(r, 1),
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

        // One statement each way, so the version check and the write are one atomic step.
        var sql = expectedVersion == 0
            ? "INSERT INTO qbs_inbound_state (company_id, realm_id, state_key, value, updated_at, version) VALUES ($company, $realm, $key, $value, $updated, 1) ON CONFLICT DO NOTHING;"
            : "UPDATE qbs_inbound_state SET value = $value, updated_at = $updated, version = version + 1 WHERE company_id = $company AND realm_id = $realm AND state_key = $key AND version = $expected;";
        return await database.ExecuteAsync(sql,
            c => c.With("$company", state.CompanyId).With("$realm", state.RealmId).With("$key", state.Key).With("$value", state.Value)
                .With("$updated", SqliteValues.ToDb(state.UpdatedAt)).With("$expected", expectedVersion),
            cancellationToken).ConfigureAwait(false) == 1;
    }
}
