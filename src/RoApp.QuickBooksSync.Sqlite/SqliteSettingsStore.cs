using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>Company settings in SQLite, as one JSON document per company with a version for compare-and-swap.</summary>
internal sealed class SqliteSettingsStore(SqliteDatabase database) : ISettingsStore
{
    public async ValueTask<CompanySettings?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var found = await database.QueryAsync("SELECT settings_json, version FROM qbs_settings WHERE company_id = $company;",
            c => c.With("$company", companyId), r => SettingsJson.Deserialize(r.GetString(0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<bool> SaveAsync(CompanySettings settings, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.CompanyId, "settings.CompanyId");
        var json = SettingsJson.Serialize(settings with { Version = 0 });

        // One statement each way, so the version check and the write are one atomic step.
        var sql = expectedVersion == 0
            ? "INSERT INTO qbs_settings (company_id, settings_json, version) VALUES ($company, $json, 1) ON CONFLICT (company_id) DO NOTHING;"
            : "UPDATE qbs_settings SET settings_json = $json, version = version + 1 WHERE company_id = $company AND version = $expected;";
        return await database.ExecuteAsync(sql,
            c => c.With("$company", settings.CompanyId).With("$json", json).With("$expected", expectedVersion), cancellationToken).ConfigureAwait(false) == 1;
    }
}
