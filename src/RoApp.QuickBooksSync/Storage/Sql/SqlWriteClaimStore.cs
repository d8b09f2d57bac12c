using System.Data.Common;

namespace RoApp.QuickBooksSync.Storage.Sql;

/// <summary>
/// <see cref="IWriteClaimStore"/> for every SQL store: one row per object, claimed by a single
/// <c>INSERT ... ON CONFLICT DO UPDATE ... WHERE</c> (atomic in SQLite and PostgreSQL alike, across processes),
/// every later step fenced by the row's token. The table is created by each package's migrations.
/// </summary>
internal sealed class SqlWriteClaimStore(SqlDialect dialect) : IWriteClaimStore
{
    private const char Separator = '\n';
    private readonly string _table = dialect.Table("write_claims");

    private const string Key = "company_id = @company AND realm_id = @realm AND entity_type = @type AND entity_id = @id";

    /// <inheritdoc />
    public async ValueTask<WriteClaim?> TryClaimAsync(WriteClaimKey key, string owner, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        StoreArguments.ValidateLease(leaseDuration);
        var expiresAt = now + leaseDuration;
        var sql = $"""
            INSERT INTO {_table} AS c (company_id, realm_id, entity_type, entity_id, owner, fencing_token, lease_expires_at, pending_writes)
            VALUES (@company, @realm, @type, @id, @owner, 1, @expires, NULL)
            ON CONFLICT (company_id, realm_id, entity_type, entity_id) DO UPDATE
            SET owner = excluded.owner, fencing_token = c.fencing_token + 1, lease_expires_at = excluded.lease_expires_at
            WHERE c.owner IS NULL OR c.lease_expires_at <= @now
            RETURNING fencing_token, pending_writes;
            """;
        var rows = await dialect.WriteAsync(
            (connection, transaction) => SqlStatements.QueryAsync(connection, transaction, sql, r => (Token: r.GetInt64(0), Pending: SqlStatements.NullableString(r, 1)), cancellationToken,
                [.. KeyParameters(key), ("@owner", owner), ("@expires", dialect.ToDb(expiresAt)), ("@now", dialect.ToDb(now))]),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : new WriteClaim(key, owner, rows[0].Token, expiresAt, Split(rows[0].Pending));
    }

    /// <inheritdoc />
    public async ValueTask<WriteClaim?> RenewAsync(WriteClaim claim, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(claim);
        StoreArguments.ValidateLease(leaseDuration);
        var expiresAt = now + leaseDuration;
        var changed = await ExecuteHeldAsync(claim, "lease_expires_at = @expires", cancellationToken, ("@expires", dialect.ToDb(expiresAt))).ConfigureAwait(false);
        return changed ? claim with { ExpiresAt = expiresAt } : null;
    }

    /// <inheritdoc />
    public async ValueTask<WriteClaim?> SetPendingWritesAsync(WriteClaim claim, IReadOnlyList<string> pendingWrites, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(claim);
        StoreArguments.Validate(pendingWrites);
        var changed = await ExecuteHeldAsync(claim, "pending_writes = @pending", cancellationToken, ("@pending", Join(pendingWrites))).ConfigureAwait(false);
        return changed ? claim with { PendingWrites = [.. pendingWrites] } : null;
    }

    /// <inheritdoc />
    public ValueTask<bool> ReleaseAsync(WriteClaim claim, bool settled, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(claim);
        return ExecuteHeldAsync(claim, settled ? "owner = NULL, pending_writes = NULL" : "owner = NULL", cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<WriteClaimState?> GetAsync(WriteClaimKey key, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(key);
        var sql = $"SELECT owner, fencing_token, lease_expires_at, pending_writes FROM {_table} WHERE {Key};";
        var rows = await dialect.ReadAsync(
            connection => SqlStatements.QueryAsync(connection, null, sql,
                r => new WriteClaimState(SqlStatements.NullableString(r, 0), r.GetInt64(1), dialect.ReadTime(r, 2), Split(SqlStatements.NullableString(r, 3))),
                cancellationToken, KeyParameters(key)),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private async ValueTask<bool> ExecuteHeldAsync(WriteClaim claim, string set, CancellationToken cancellationToken, params (string Name, object? Value)[] extra)
    {
        var sql = $"UPDATE {_table} SET {set} WHERE {Key} AND fencing_token = @token AND owner IS NOT NULL;";
        var changed = await dialect.WriteAsync(
            (connection, transaction) => SqlStatements.ExecuteAsync(connection, transaction, sql, cancellationToken, [.. KeyParameters(claim.Key), ("@token", claim.FencingToken), .. extra]),
            cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    private static (string, object?)[] KeyParameters(WriteClaimKey key) =>
        [("@company", key.CompanyId), ("@realm", key.RealmId), ("@type", key.EntityType.ToString()), ("@id", key.RoAppId)];

    private static string? Join(IReadOnlyList<string> pending) => pending.Count == 0 ? null : string.Join(Separator, pending);

    private static string[] Split(string? stored) => string.IsNullOrEmpty(stored) ? [] : stored.Split(Separator);
}
