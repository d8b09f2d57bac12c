using System.Data.Common;
using Npgsql;
using RoApp.QuickBooksSync.Storage.Sql;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>PostgreSQL's side of the shared SQL stores: tables in the configured schema, times as <c>timestamptz</c>.</summary>
internal sealed class PostgreSqlDialect(PostgreSqlDatabase database) : SqlDialect
{
    public override string Table(string name) => database.Schema + "." + name;

    public override object ToDb(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    // Tables whose insertion order matters carry an identity column for it (PostgreSQL rows have no stable order).
    public override string InsertionOrder(string table) => "created_order";

    // The database's collation may sort by language rules; the contract orders by code point.
    public override string Ordinal(string column) => column + " COLLATE \"C\"";

    public override string JsonValue(string parameter) => "CAST(" + parameter + " AS jsonb)";

    // Unique constraints are named <table>_<column without _id>_unique, e.g. connections_realm_unique.
    public override bool IsUniqueViolation(Exception exception, string tableAndColumn) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres
        && postgres.ConstraintName == ConstraintName(tableAndColumn);

    private static string ConstraintName(string tableAndColumn)
    {
        var (table, column) = (tableAndColumn[..tableAndColumn.IndexOf('.', StringComparison.Ordinal)], tableAndColumn[(tableAndColumn.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        return $"{table}_{(column.EndsWith("_id", StringComparison.Ordinal) ? column[..^3] : column)}_unique";
    }

    public override async ValueTask<T> WriteAsync<T>(Func<DbConnection, DbTransaction, ValueTask<T>> write, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await write(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    public override async ValueTask<T> ReadAsync<T>(Func<DbConnection, ValueTask<T>> read, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection).ConfigureAwait(false);
        }
    }
}
