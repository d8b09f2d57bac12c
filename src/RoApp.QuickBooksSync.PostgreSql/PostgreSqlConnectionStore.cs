using System.Runtime.CompilerServices;
using Npgsql;
using RoApp.QuickBooksSync.Storage;
using static RoApp.QuickBooksSync.PostgreSql.PostgreSqlValues;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>Connections and OAuth states in PostgreSQL; every write is one atomic statement.</summary>
internal sealed class PostgreSqlConnectionStore(PostgreSqlDatabase database) : IConnectionStore
{
    private const string Columns =
        "company_id, realm_id, health, needs_reconnect_reason, protected_tokens, access_token_expires_at, refresh_token_expires_at, " +
        "refresh_token_hard_expires_at, company_name, country, company_profile_json, connected_at, updated_at, version, refresh_claim_expires_at";

    private readonly string _s = database.Schema;

    public async ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var found = await database.QueryAsync($"SELECT {Columns} FROM {_s}.connections WHERE company_id = @value;",
            c => c.Text("value", companyId), Read, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        var found = await database.QueryAsync($"SELECT {Columns} FROM {_s}.connections WHERE realm_id = @value;",
            c => c.Text("value", realmId), Read, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async IAsyncEnumerable<StoredConnection> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Read in one go: a reader held open across the caller's awaits would pin a pooled connection.
        var all = await database.QueryAsync($"SELECT {Columns} FROM {_s}.connections ORDER BY company_id COLLATE \"C\";",
            _ => { }, Read, cancellationToken).ConfigureAwait(false);
        foreach (var connection in all)
        {
            yield return connection;
        }
    }

    public async ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(connection);
        var sql = expectedVersion == 0
            ? $"""
               INSERT INTO {_s}.connections ({Columns})
               VALUES (@company, @realm, @health, @reason, @tokens, @accessExpires, @refreshExpires, @hardExpires,
                       @name, @country, @profile, @connectedAt, @updatedAt, 1, @claim)
               ON CONFLICT (company_id) DO NOTHING;
               """
            : $"""
               UPDATE {_s}.connections SET
                   realm_id = @realm, health = @health, needs_reconnect_reason = @reason, protected_tokens = @tokens,
                   access_token_expires_at = @accessExpires, refresh_token_expires_at = @refreshExpires,
                   refresh_token_hard_expires_at = @hardExpires, company_name = @name, country = @country,
                   company_profile_json = @profile, connected_at = @connectedAt, updated_at = @updatedAt, version = version + 1,
                   refresh_claim_expires_at = @claim
               WHERE company_id = @company AND version = @expected;
               """;
        try
        {
            return await database.ExecuteAsync(sql, c => c
                .Text("company", connection.CompanyId).Text("realm", connection.RealmId).Text("health", connection.Health.ToString())
                .Text("reason", connection.NeedsReconnectReason).Bytes("tokens", connection.ProtectedTokens)
                .Time("accessExpires", connection.AccessTokenExpiresAt).Time("refreshExpires", connection.RefreshTokenExpiresAt)
                .Time("hardExpires", connection.RefreshTokenHardExpiresAt).Text("name", connection.CompanyName)
                .Text("country", connection.Country).Text("profile", connection.CompanyProfileJson)
                .Time("connectedAt", connection.ConnectedAt).Time("updatedAt", connection.UpdatedAt)
                .Time("claim", connection.RefreshClaimExpiresAt).Bigint("expected", expectedVersion), cancellationToken).ConfigureAwait(false) == 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "connections_realm_unique")
        {
            throw StoreArguments.RealmTaken(connection.RealmId, connection.CompanyId);
        }
    }

    public async ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        await database.ExecuteAsync($"DELETE FROM {_s}.connections WHERE company_id = @company;",
            c => c.Text("company", companyId), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        await database.ExecuteAsync(
            $"INSERT INTO {_s}.authorization_states (state, company_id, expires_at) VALUES (@state, @company, @expiresAt) " +
            "ON CONFLICT (state) DO UPDATE SET company_id = excluded.company_id, expires_at = excluded.expires_at;",
            c => c.Text("state", state).Text("company", companyId).Time("expiresAt", expiresAt), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);

        // Deleting is what makes a state single-use: a racing DELETE waits for the row lock, then finds
        // the row gone. Expired states are swept in the same statement.
        var taken = await database.QueryAsync($"""
            WITH taken AS (
                DELETE FROM {_s}.authorization_states WHERE state = @state AND expires_at > @now RETURNING company_id
            ), swept AS (
                DELETE FROM {_s}.authorization_states WHERE expires_at <= @now
            )
            SELECT company_id FROM taken;
            """,
            c => c.Text("state", state).Time("now", now), r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        return taken.Count == 0 ? null : taken[0];
    }

    private static StoredConnection Read(NpgsqlDataReader reader) => new()
    {
        CompanyId = reader.GetString(0),
        RealmId = reader.GetString(1),
        Health = Enum<ConnectionHealth>(reader, 2),
        NeedsReconnectReason = NullableString(reader, 3),
        ProtectedTokens = reader.GetFieldValue<byte[]>(4),
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
