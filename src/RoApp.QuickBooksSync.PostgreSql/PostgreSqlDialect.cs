using System.Data.Common;
using RoApp.QuickBooksSync.Storage.Sql;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>PostgreSQL's side of the shared SQL stores: tables in the configured schema, times as <c>timestamptz</c>.</summary>
internal sealed class PostgreSqlDialect(PostgreSqlDatabase database) : SqlDialect
{
    public override string Table(string name) => database.Schema + "." + name;

    public override object ToDb(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

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
