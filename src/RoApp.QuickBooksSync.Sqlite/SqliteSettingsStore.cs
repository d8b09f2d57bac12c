using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>Company settings in SQLite, as one JSON document per company with a version for compare-and-swap.</summary>
internal sealed class SqliteSettingsStore(SqliteDatabase database) : ISettingsStore
{
    public async ValueTask<CompanySettings?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var read = db.Command("SELECT settings_json, version FROM qbs_settings WHERE company_id = $company;").With("$company", companyId);
            using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? SettingsJson.Deserialize(reader.GetString(0), reader.GetInt64(1))
                : null;
        }
    }

    public async ValueTask<bool> SaveAsync(CompanySettings settings, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.CompanyId, "settings.CompanyId");
        var json = SettingsJson.Serialize(settings with { Version = 0 });
        var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // One statement each way, so the version check and the write are one atomic step.
            using var save = expectedVersion == 0
                ? db.Command("INSERT INTO qbs_settings (company_id, settings_json, version) VALUES ($company, $json, 1) ON CONFLICT (company_id) DO NOTHING;")
                : db.Command("UPDATE qbs_settings SET settings_json = $json, version = version + 1 WHERE company_id = $company AND version = $expected;");
            save.With("$company", settings.CompanyId).With("$json", json).With("$expected", expectedVersion);
            return await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }
}
