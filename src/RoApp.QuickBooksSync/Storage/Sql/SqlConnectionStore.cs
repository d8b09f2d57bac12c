using System.Data.Common;
using System.Runtime.CompilerServices;

namespace RoApp.QuickBooksSync.Storage.Sql;

/// <summary><see cref="IConnectionStore"/> for every SQL store: connections saved by compare-and-swap, OAuth states taken once.</summary>
internal sealed class SqlConnectionStore(SqlDialect dialect) : IConnectionStore
{
    private const string Columns =
        "company_id, realm_id, health, needs_reconnect_reason, protected_tokens, access_token_expires_at, refresh_token_expires_at, " +
        "refresh_token_hard_expires_at, company_name, country, company_profile_json, connected_at, updated_at, version, refresh_claim_expires_at";

    private readonly string _table = dialect.Table("connections");
    private readonly string _states = dialect.Table("authorization_states");

    public async ValueTask<StoredConnection?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var found = await dialect.QueryAsync($"SELECT {Columns} FROM {_table} WHERE company_id = @value;", Read, cancellationToken, ("@value", companyId)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<StoredConnection?> FindByRealmAsync(string realmId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        var found = await dialect.QueryAsync($"SELECT {Columns} FROM {_table} WHERE realm_id = @value;", Read, cancellationToken, ("@value", realmId)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async IAsyncEnumerable<StoredConnection> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Read in one go: a reader held open across the caller's awaits would pin a pooled connection and a read snapshot.
        var all = await dialect.QueryAsync($"SELECT {Columns} FROM {_table} ORDER BY {dialect.Ordinal("company_id")};", Read, cancellationToken).ConfigureAwait(false);
        foreach (var connection in all)
        {
            yield return connection;
        }
    }

    public async ValueTask<bool> SaveAsync(StoredConnection connection, long expectedVersion, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(connection);

        // One statement each way: the version check and the write are one atomic step, and the realm's uniqueness
        // (one company per QuickBooks company) is the database's own rule, not a read before the write.
        var sql = expectedVersion == 0
            ? $"""
               INSERT INTO {_table} ({Columns})
               VALUES (@company, @realm, @health, @reason, @tokens, @accessExpires, @refreshExpires, @hardExpires,
                       @name, @country, @profile, @connectedAt, @updatedAt, 1, @claim)
               ON CONFLICT (company_id) DO NOTHING;
               """
            : $"""
               UPDATE {_table} SET
                   realm_id = @realm, health = @health, needs_reconnect_reason = @reason, protected_tokens = @tokens,
                   access_token_expires_at = @accessExpires, refresh_token_expires_at = @refreshExpires,
                   refresh_token_hard_expires_at = @hardExpires, company_name = @name, country = @country,
                   company_profile_json = @profile, connected_at = @connectedAt, updated_at = @updatedAt, version = version + 1,
                   refresh_claim_expires_at = @claim
               WHERE company_id = @company AND version = @expected;
               """;
        try
        {
            return await dialect.ExecuteAsync(sql, cancellationToken,
                ("@company", connection.CompanyId), ("@realm", connection.RealmId), ("@health", connection.Health.ToString()),
                ("@reason", connection.NeedsReconnectReason), ("@tokens", connection.ProtectedTokens),
                ("@accessExpires", dialect.ToDb(connection.AccessTokenExpiresAt)), ("@refreshExpires", dialect.ToDb(connection.RefreshTokenExpiresAt)),
                ("@hardExpires", dialect.ToDb(connection.RefreshTokenHardExpiresAt)), ("@name", connection.CompanyName),
                ("@country", connection.Country), ("@profile", connection.CompanyProfileJson),
                ("@connectedAt", dialect.ToDb(connection.ConnectedAt)), ("@updatedAt", dialect.ToDb(connection.UpdatedAt)),
                ("@claim", dialect.ToDb(connection.RefreshClaimExpiresAt)), ("@expected", expectedVersion)).ConfigureAwait(false) == 1;
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception, "connections.realm_id"))
        {
            throw StoreArguments.RealmTaken(connection.RealmId, connection.CompanyId);
        }
    }

    public async ValueTask DeleteAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        await dialect.ExecuteAsync($"DELETE FROM {_table} WHERE company_id = @company;", cancellationToken, ("@company", companyId)).ConfigureAwait(false);
    }

    public async ValueTask SaveAuthorizationStateAsync(string state, string companyId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        await dialect.ExecuteAsync(
            $"INSERT INTO {_states} (state, company_id, expires_at) VALUES (@state, @company, @expiresAt) " +
            "ON CONFLICT (state) DO UPDATE SET company_id = excluded.company_id, expires_at = excluded.expires_at;",
            cancellationToken, ("@state", state), ("@company", companyId), ("@expiresAt", dialect.ToDb(expiresAt))).ConfigureAwait(false);
    }

    public async ValueTask<string?> TryTakeAuthorizationStateAsync(string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        return await dialect.WriteAsync(async (db, transaction) =>
        {
            // Deleting is what makes a state single-use: only the caller whose DELETE removed the row gets it (a
            // racing DELETE waits for the row, then finds it gone).
            var taken = await SqlStatements.QueryAsync(db, transaction,
                $"DELETE FROM {_states} WHERE state = @state AND expires_at > @now RETURNING company_id;",
                r => r.GetString(0), cancellationToken, ("@state", state), ("@now", dialect.ToDb(now))).ConfigureAwait(false);

            // Abandoned connects leave expired states behind; sweep them in the same transaction.
            await SqlStatements.ExecuteAsync(db, transaction, $"DELETE FROM {_states} WHERE expires_at <= @now;", cancellationToken, ("@now", dialect.ToDb(now))).ConfigureAwait(false);
            return taken.Count == 0 ? null : taken[0];
        }, cancellationToken).ConfigureAwait(false);
    }

    private StoredConnection Read(DbDataReader reader) => new()
    {
        CompanyId = reader.GetString(0),
        RealmId = reader.GetString(1),
        Health = SqlStatements.Enum<ConnectionHealth>(reader, 2),
        NeedsReconnectReason = SqlStatements.NullableString(reader, 3),
        ProtectedTokens = (byte[])reader.GetValue(4),
        AccessTokenExpiresAt = dialect.ReadTime(reader, 5),
        RefreshTokenExpiresAt = dialect.ReadTime(reader, 6),
        RefreshTokenHardExpiresAt = dialect.ReadNullableTime(reader, 7),
        CompanyName = SqlStatements.NullableString(reader, 8),
        Country = SqlStatements.NullableString(reader, 9),
        CompanyProfileJson = SqlStatements.NullableString(reader, 10),
        ConnectedAt = dialect.ReadTime(reader, 11),
        UpdatedAt = dialect.ReadTime(reader, 12),
        Version = reader.GetInt64(13),
        RefreshClaimExpiresAt = dialect.ReadNullableTime(reader, 14),
    };
}
