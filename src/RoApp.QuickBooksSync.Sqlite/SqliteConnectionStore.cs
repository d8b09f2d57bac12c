using Microsoft.Data.Sqlite;
using RoApp.QuickBooksSync.Storage;
using static RoApp.QuickBooksSync.Sqlite.SqliteValues;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>Connections and OAuth states in SQLite; compare-and-swap inside a write transaction.</summary>
internal sealed class SqliteConnectionStore(SqliteDatabase database) : IConnectionStore
{
    private const string Columns =
        "company_id, realm_id, health, needs_reconnect_reason, protected_tokens, access_token_expires_at, refresh_token_expires_at, " +
        "refresh_token_hard_expires_at, company_name, country, company_profile_json, connected_at, updated_at, version";

    public async ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var found = await ReadAsync($"SELECT {Columns} FROM qbs_connections WHERE company_id = $value;", companyId, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        var found = await ReadAsync($"SELECT {Columns} FROM qbs_connections WHERE realm_id = $value;", realmId, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async IAsyncEnumerable<StoredConnection> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Read in one go: a reader held open across the caller's awaits would pin a connection and a read snapshot.
        foreach (var connection in await ReadAsync($"SELECT {Columns} FROM qbs_connections ORDER BY company_id;", null, cancellationToken).ConfigureAwait(false))
        {
            yield return connection;
        }
    }

    public async ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(connection);
        var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var transaction = db.BeginTransaction(deferred: false);
            using (var version = db.Command("SELECT version FROM qbs_connections WHERE company_id = $company;", transaction).With("$company", connection.CompanyId))
            {
                if ((await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long? ?? 0) != expectedVersion)
                {
                    return false;
                }
            }

            using (var holder = db.Command("SELECT company_id FROM qbs_connections WHERE realm_id = $realm AND company_id <> $company;", transaction)
                       .With("$realm", connection.RealmId).With("$company", connection.CompanyId))
            {
                if (await holder.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string)
                {
                    throw StoreArguments.RealmTaken(connection.RealmId, connection.CompanyId);
                }
            }

            using var save = db.Command($"""
                INSERT INTO qbs_connections ({Columns})
                VALUES ($company, $realm, $health, $reason, $tokens, $accessExpires, $refreshExpires, $hardExpires,
                        $name, $country, $profile, $connectedAt, $updatedAt, $version)
                ON CONFLICT (company_id) DO UPDATE SET
                    realm_id = excluded.realm_id, health = excluded.health, needs_reconnect_reason = excluded.needs_reconnect_reason,
                    protected_tokens = excluded.protected_tokens, access_token_expires_at = excluded.access_token_expires_at,
                    refresh_token_expires_at = excluded.refresh_token_expires_at,
                    refresh_token_hard_expires_at = excluded.refresh_token_hard_expires_at, company_name = excluded.company_name,
                    country = excluded.country, company_profile_json = excluded.company_profile_json,
                    connected_at = excluded.connected_at, updated_at = excluded.updated_at, version = excluded.version;
                """, transaction)
                .With("$company", connection.CompanyId).With("$realm", connection.RealmId).With("$health", connection.Health.ToString())
                .With("$reason", connection.NeedsReconnectReason).With("$tokens", connection.ProtectedTokens)
                .With("$accessExpires", ToDb(connection.AccessTokenExpiresAt)).With("$refreshExpires", ToDb(connection.RefreshTokenExpiresAt))
                .With("$hardExpires", ToDb(connection.RefreshTokenHardExpiresAt)).With("$name", connection.CompanyName)
                .With("$country", connection.Country).With("$profile", connection.CompanyProfileJson)
                .With("$connectedAt", ToDb(connection.ConnectedAt)).With("$updatedAt", ToDb(connection.UpdatedAt))
                .With("$version", expectedVersion + 1);
            await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var delete = db.Command("DELETE FROM qbs_connections WHERE company_id = $company;").With("$company", companyId);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var save = db.Command(
                "INSERT INTO qbs_authorization_states (state, company_id, expires_at) VALUES ($state, $company, $expiresAt) " +
                "ON CONFLICT (state) DO UPDATE SET company_id = excluded.company_id, expires_at = excluded.expires_at;")
                .With("$state", state).With("$company", companyId).With("$expiresAt", ToDb(expiresAt));
            await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var transaction = db.BeginTransaction(deferred: false);

            // Deleting is what makes a state single-use: only the caller whose DELETE removed the row gets it.
            using var take = db.Command("DELETE FROM qbs_authorization_states WHERE state = $state AND expires_at > $now RETURNING company_id;", transaction)
                .With("$state", state).With("$now", ToDb(now));
            var companyId = await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;

            // Abandoned connects leave expired states behind; sweep them while holding the write lock anyway.
            using var sweep = db.Command("DELETE FROM qbs_authorization_states WHERE expires_at <= $now;", transaction).With("$now", ToDb(now));
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return companyId;
        }
    }

    private async ValueTask<List<StoredConnection>> ReadAsync(string sql, string? value, CancellationToken cancellationToken)
    {
        var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var read = db.Command(sql).With("$value", value);
            using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var found = new List<StoredConnection>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(new StoredConnection
                {
                    CompanyId = reader.GetString(0),
                    RealmId = reader.GetString(1),
                    Health = Enum<ConnectionHealth>(reader, 2),
                    NeedsReconnectReason = NullableString(reader, 3),
                    ProtectedTokens = (byte[])reader.GetValue(4),
                    AccessTokenExpiresAt = Time(reader, 5),
                    RefreshTokenExpiresAt = Time(reader, 6),
                    RefreshTokenHardExpiresAt = NullableTime(reader, 7),
                    CompanyName = NullableString(reader, 8),
                    Country = NullableString(reader, 9),
                    CompanyProfileJson = NullableString(reader, 10),
                    ConnectedAt = Time(reader, 11),
                    UpdatedAt = Time(reader, 12),
                    Version = reader.GetInt64(13),
                });
            }

            return found;
        }
    }
}
