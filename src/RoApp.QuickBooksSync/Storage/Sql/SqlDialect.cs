using System.Data.Common;

namespace RoApp.QuickBooksSync.Storage.Sql;

/// <summary>
/// What one SQL database does its own way, for the store logic that the SQLite and PostgreSQL packages share:
/// table names, how time is stored, and how a statement gets a connection (and, for writers, a transaction).
/// Statements themselves are written once, in the dialect both databases understand (<c>@name</c> parameters,
/// <c>INSERT ... ON CONFLICT ... RETURNING</c>).
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The table's name as it goes into SQL text (prefixed or schema-qualified).</summary>
    /// <param name="name">The table's plain name, e.g. <c>write_claims</c>.</param>
    public abstract string Table(string name);

    /// <summary>A time as the database stores it.</summary>
    /// <param name="value">The time.</param>
    public abstract object ToDb(DateTimeOffset value);

    /// <summary>A stored time, read back.</summary>
    /// <param name="reader">The row.</param>
    /// <param name="ordinal">The column.</param>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>A nullable time as the database stores it.</summary>
    /// <param name="value">The time, or none.</param>
    public object ToDb(DateTimeOffset? value) => value is { } v ? ToDb(v) : DBNull.Value;

    /// <summary>A stored nullable time, read back.</summary>
    /// <param name="reader">The row.</param>
    /// <param name="ordinal">The column.</param>
    public DateTimeOffset? ReadNullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    /// <summary>The column (or expression) that orders a table's rows by insertion.</summary>
    /// <param name="table">The table's plain name.</param>
    public abstract string InsertionOrder(string table);

    /// <summary>A column ordered by code point (ordinal), whatever the database's default collation.</summary>
    /// <param name="column">The column.</param>
    public abstract string Ordinal(string column);

    /// <summary>A parameter written into a JSON column (cast where the database needs it).</summary>
    /// <param name="parameter">The parameter name, with its prefix.</param>
    public abstract string JsonValue(string parameter);

    /// <summary>Whether an exception is the violation of a uniqueness rule, named <c>table.column</c>.</summary>
    /// <param name="exception">What the statement threw.</param>
    /// <param name="tableAndColumn">The rule, e.g. <c>connections.realm_id</c>.</param>
    public abstract bool IsUniqueViolation(Exception exception, string tableAndColumn);

    /// <summary>Runs a write on a connection inside a transaction that commits when <paramref name="write"/> returns.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="write">The work.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public abstract ValueTask<T> WriteAsync<T>(Func<DbConnection, DbTransaction, ValueTask<T>> write, CancellationToken cancellationToken);

    /// <summary>Runs one write statement in its own transaction and says how many rows it changed.</summary>
    public ValueTask<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WriteAsync((connection, transaction) => SqlStatements.ExecuteAsync(connection, transaction, sql, cancellationToken, parameters), cancellationToken);

    /// <summary>Runs one write statement that returns rows, in its own transaction.</summary>
    public ValueTask<List<T>> WriteQueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WriteAsync((connection, transaction) => SqlStatements.QueryAsync(connection, transaction, sql, map, cancellationToken, parameters), cancellationToken);

    /// <summary>Runs one read statement.</summary>
    public ValueTask<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadAsync(connection => SqlStatements.QueryAsync(connection, null, sql, map, cancellationToken, parameters), cancellationToken);

    /// <summary>Runs a read on a connection.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="read">The work.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public abstract ValueTask<T> ReadAsync<T>(Func<DbConnection, ValueTask<T>> read, CancellationToken cancellationToken);
}

/// <summary>Statement helpers over plain ADO.NET, shared by every SQL store.</summary>
internal static class SqlStatements
{
    /// <summary>A command with its parameters bound by name (<see langword="null"/> becomes SQL NULL).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs a statement and maps every row it returns.</summary>
    public static async ValueTask<List<T>> QueryAsync<T>(
        DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }

                return rows;
            }
        }
    }

    /// <summary>Runs a statement and says how many rows it changed.</summary>
    public static async ValueTask<int> ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A nullable text column.</summary>
    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>An enum stored by name.</summary>
    public static TEnum Enum<TEnum>(DbDataReader reader, int ordinal)
        where TEnum : struct, Enum => System.Enum.Parse<TEnum>(reader.GetString(ordinal));
}
