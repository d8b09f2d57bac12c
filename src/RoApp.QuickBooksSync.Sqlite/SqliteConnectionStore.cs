using Microsoft.Data.Sqlite;
using RoApp.QuickBooksSync.Storage;
using static RoApp.QuickBooksSync.Sqlite.SqliteValues;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>Connections and OAuth states in SQLite; compare-and-swap and single-use takes inside a write transaction.</summary>
internal sealed class SqliteConnectionStore(SqliteDatabase database) : IConnectionStore
{
    private const string Columns =
        "company_id, realm_id, health, needs_reconnect_reason, protected_tokens, access_token_expires_at, refresh_token_expires_at, " +
        "refresh_token_hard_expires_at, company_name, country, company_profile_json, connected_at, updated_at, version, refresh_claim_expires_at";

    public async ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var found = await database.QueryAsync($"SELECT {Columns} FROM qbs_connections WHERE company_id = $value;",
            c => c.With("$value", companyId), Read, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        var found = await database.QueryAsync($"SELECT {Columns} FROM qbs_connections WHERE realm_id = $value;",
            c => c.With("$value", realmId), Read, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async IAsyncEnumerable<StoredConnection> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Read in one go: a reader held open across the caller's awaits would pin a connection and a read snapshot.
        foreach (var connection in await database.QueryAsync($"SELECT {Columns} FROM qbs_connections ORDER BY company_id;", _ => { }, Read, cancellationToken).ConfigureAwait(false))
        {
            yield return connection;
        }
    }

    public async ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(connection);
        return await database.WriteAsync(async (db, transaction) =>
        {
            var version = await SqliteDatabase.QueryAsync(db, transaction, "SELECT version FROM qbs_connections WHERE company_id = $company;",
                c => c.With("$company", connection.CompanyId), r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
            if ((version.Count == 0 ? 0 : version[0]) != expectedVersion)
            {
                return false;
            }

            var holder = await SqliteDatabase.QueryAsync(db, transaction, "SELECT company_id FROM qbs_connections WHERE realm_id = $realm AND company_id <> $company;",
                c => c.With("$realm", connection.RealmId).With("$company", connection.CompanyId), r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            if (holder.Count > 0)
            {
                throw StoreArguments.RealmTaken(connection.RealmId, connection.CompanyId);
            }

            using var save = db.Command($"""
                INSERT INTO qbs_connections ({Columns})
                VALUES ($company, $realm, $health, $reason, $tokens, $accessExpires, $refreshExpires, $hardExpires,
                        $name, $country, $profile, $connectedAt, $updatedAt, $version, $claim)
                ON CONFLICT (company_id) DO UPDATE SET
                    realm_id = excluded.realm_id, health = excluded.health, needs_reconnect_reason = excluded.needs_reconnect_reason,
                    protected_tokens = excluded.protected_tokens, access_token_expires_at = excluded.access_token_expires_at,
                    refresh_token_expires_at = excluded.refresh_token_expires_at,
                    refresh_token_hard_expires_at = excluded.refresh_token_hard_expires_at, company_name = excluded.company_name,
                    country = excluded.country, company_profile_json = excluded.company_profile_json,
                    connected_at = excluded.connected_at, updated_at = excluded.updated_at, version = excluded.version,
                    refresh_claim_expires_at = excluded.refresh_claim_expires_at;
                """, transaction)
                .With("$company", connection.CompanyId).With("$realm", connection.RealmId).With("$health", connection.Health.ToString())
                .With("$reason", connection.NeedsReconnectReason).With("$tokens", connection.ProtectedTokens)
                .With("$accessExpires", ToDb(connection.AccessTokenExpiresAt)).With("$refreshExpires", ToDb(connection.RefreshTokenExpiresAt))
                .With("$hardExpires", ToDb(connection.RefreshTokenHardExpiresAt)).With("$name", connection.CompanyName)
                .With("$country", connection.Country).With("$profile", connection.CompanyProfileJson)
                .With("$connectedAt", ToDb(connection.ConnectedAt)).With("$updatedAt", ToDb(connection.UpdatedAt))
                .With("$version", expectedVersion + 1).With("$claim", ToDb(connection.RefreshClaimExpiresAt));
            await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        await database.ExecuteAsync("DELETE FROM qbs_connections WHERE company_id = $company;",
            c => c.With("$company", companyId), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        await database.ExecuteAsync(
            "INSERT INTO qbs_authorization_states (state, company_id, expires_at) VALUES ($state, $company, $expiresAt) " +
            "ON CONFLICT (state) DO UPDATE SET company_id = excluded.company_id, expires_at = excluded.expires_at;",
            c => c.With("$state", state).With("$company", companyId).With("$expiresAt", ToDb(expiresAt)), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        return await database.WriteAsync(async (db, transaction) =>
        {
            // Deleting is what makes a state single-use: only the caller whose DELETE removed the row gets it.
            var taken = await SqliteDatabase.QueryAsync(db, transaction,
                "DELETE FROM qbs_authorization_states WHERE state = $state AND expires_at > $now RETURNING company_id;",
                c => c.With("$state", state).With("$now", ToDb(now)), r => r.GetString(0), cancellationToken).ConfigureAwait(false);

            // Abandoned connects leave expired states behind; sweep them while holding the write lock anyway.
            using var sweep = db.Command("DELETE FROM qbs_authorization_states WHERE expires_at <= $now;", transaction).With("$now", ToDb(now));
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return taken.Count == 0 ? null : taken[0];
        }, cancellationToken).ConfigureAwait(false);
    }

    private static StoredConnection Read(SqliteDataReader reader) => new()
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
        RefreshClaimExpiresAt = NullableTime(reader, 14),
    };
}
