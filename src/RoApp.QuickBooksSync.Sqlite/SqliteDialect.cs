using System.Data.Common;
using Microsoft.Data.Sqlite;
using RoApp.QuickBooksSync.Storage.Sql;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>SQLite's side of the shared SQL stores: <c>qbs_</c> tables, times as UTC ticks, writes behind the file's write gate.</summary>
internal sealed class SqliteDialect(SqliteDatabase database) : SqlDialect
{
    public override string Table(string name) => "qbs_" + name;

    public override object ToDb(DateTimeOffset value) => SqliteValues.ToDb(value);

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    // Every table has a rowid, which grows with insertion.
    public override string InsertionOrder(string table) => "rowid";

    // SQLite's default collation (BINARY) already compares by code point.
    public override string Ordinal(string column) => column;

    public override string JsonValue(string parameter) => parameter;

    public override bool IsUniqueViolation(Exception exception, string tableAndColumn) =>
        exception is SqliteException { SqliteErrorCode: 19 } sqlite
        && sqlite.Message.Contains("UNIQUE constraint failed: qbs_" + tableAndColumn, StringComparison.Ordinal);

    public override ValueTask<T> WriteAsync<T>(Func<DbConnection, DbTransaction, ValueTask<T>> write, CancellationToken cancellationToken) =>
        database.WriteAsync<T>((connection, transaction) => write(connection, transaction), cancellationToken);

    public override ValueTask<T> ReadAsync<T>(Func<DbConnection, ValueTask<T>> read, CancellationToken cancellationToken) =>
        database.ReadAsync<T>(connection => read(connection), cancellationToken);
}
