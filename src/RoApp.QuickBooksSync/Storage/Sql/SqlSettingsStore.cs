using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Storage.Sql;

/// <summary><see cref="ISettingsStore"/> for every SQL store: one JSON document per company, saved by compare-and-swap.</summary>
internal sealed class SqlSettingsStore(SqlDialect dialect) : ISettingsStore
{
    private readonly string _table = dialect.Table("settings");

    public async ValueTask<CompanySettings?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var found = await dialect.QueryAsync($"SELECT settings_json, version FROM {_table} WHERE company_id = @company;",
            r => SettingsJson.Deserialize(r.GetString(0), r.GetInt64(1)), cancellationToken, ("@company", companyId)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<bool> SaveAsync(CompanySettings settings, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.CompanyId, "settings.CompanyId");
        var json = SettingsJson.Serialize(settings with { Version = 0 });

        // One statement each way, so the version check and the write are one atomic step.
        var sql = expectedVersion == 0
            ? $"INSERT INTO {_table} (company_id, settings_json, version) VALUES (@company, {dialect.JsonValue("@json")}, 1) ON CONFLICT (company_id) DO NOTHING;"
            : $"UPDATE {_table} SET settings_json = {dialect.JsonValue("@json")}, version = version + 1 WHERE company_id = @company AND version = @expected;";
        return await dialect.ExecuteAsync(sql, cancellationToken, ("@company", settings.CompanyId), ("@json", json), ("@expected", expectedVersion)).ConfigureAwait(false) == 1;
    }
}
