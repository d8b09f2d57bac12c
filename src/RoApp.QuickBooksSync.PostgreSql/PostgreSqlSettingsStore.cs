using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>Company settings in PostgreSQL as one <c>jsonb</c> document per company, saved by compare-and-swap.</summary>
internal sealed class PostgreSqlSettingsStore(PostgreSqlDatabase database) : ISettingsStore
{
    private readonly string _s = database.Schema;

    public async ValueTask<CompanySettings?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var found = await database.QueryAsync(
            $"SELECT settings_json::text, version FROM {_s}.settings WHERE company_id = @company;",
            c => c.Text("company", companyId), r => SettingsJson.Deserialize(r.GetString(0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<bool> SaveAsync(CompanySettings settings, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.CompanyId, "settings.CompanyId");
        var json = SettingsJson.Serialize(settings with { Version = 0 });
        var sql = expectedVersion == 0
            ? $"INSERT INTO {_s}.settings (company_id, settings_json, version) VALUES (@company, @json, 1) ON CONFLICT (company_id) DO NOTHING;"
            : $"UPDATE {_s}.settings SET settings_json = @json, version = version + 1 WHERE company_id = @company AND version = @expected;";
        return await database.ExecuteAsync(sql,
            c => c.Text("company", settings.CompanyId).Json("json", json).Bigint("expected", expectedVersion), cancellationToken).ConfigureAwait(false) == 1;
    }
}
