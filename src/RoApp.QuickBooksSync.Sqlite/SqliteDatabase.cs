using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>
/// The one SQLite file behind all five stores: opens configured connections, brings the schema up to date
/// once before the first use, and runs every write in a <c>BEGIN IMMEDIATE</c> transaction.
/// </summary>
/// <remarks>
/// SQLite admits one writer per file. Writers of this process queue on an in-process gate, in arrival order,
/// before they ask SQLite for the lock; only writers of other processes meet SQLite's busy handler, whose
/// back-off sleeps would otherwise make a webhook enqueue wait tens of milliseconds behind busy workers.
/// Reads need neither: WAL gives them a snapshot while a write goes on.
/// </remarks>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _migrated;

    public SqliteDatabase(SqliteStoreOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                "SqliteStoreOptions.ConnectionString is empty. Set it to a file path such as \"data/quickbooks-sync.db\" " +
                "or a connection string such as \"Data Source=data/quickbooks-sync.db\".");
        }

        if (options.BusyTimeout < TimeSpan.Zero)
        {
            throw new InvalidOperationException("SqliteStoreOptions.BusyTimeout must not be negative; the default is 30 seconds.");
        }

        _connectionString = BuildConnectionString(options);
        _busyTimeoutMilliseconds = (int)Math.Min(int.MaxValue, options.BusyTimeout.TotalMilliseconds);
        _timeProvider = timeProvider;
    }

    /// <summary>Runs reads on a connection of their own (a WAL snapshot per statement).</summary>
    public async ValueTask<T> ReadAsync<T>(Func<SqliteConnection, ValueTask<T>> read, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a unit of work in one write transaction: what it reads still holds when it writes, and all of its
    /// writes land together or not at all (an exception rolls back). The work must not start another write:
    /// the gate is not re-entrant.
    /// </summary>
    public async ValueTask<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, ValueTask<T>> write, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var result = await write(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            finally
            {
                _writeGate.Release();
            }
        }
    }

    /// <summary>Runs one writing statement in its own write transaction; returns the affected row count.</summary>
    public ValueTask<int> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            using var command = connection.Command(sql, transaction);
            bind(command);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Runs one query and maps every row; <paramref name="transaction"/> when it belongs to a write.</summary>
    public static async ValueTask<List<T>> QueryAsync<T>(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        using var command = connection.Command(sql, transaction);
        bind(command);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Runs one read-only query on its own connection and maps every row.</summary>
    public ValueTask<List<T>> QueryAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> map, CancellationToken cancellationToken) =>
        ReadAsync(connection => QueryAsync(connection, null, sql, bind, map, cancellationToken), cancellationToken);

    /// <summary>Runs one writing statement with <c>RETURNING</c> in its own write transaction and maps the returned rows.</summary>
    public ValueTask<List<T>> WriteQueryAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> map, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => QueryAsync(connection, transaction, sql, bind, map, cancellationToken), cancellationToken);

    public void Dispose()
    {
        _migrationGate.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>Opens a connection with the pragmas every store relies on; migrates the schema first if needed.</summary>
    private async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string BuildConnectionString(SqliteStoreOptions options)
    {
        var text = options.ConnectionString.Trim();
        var builder = text.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(text)
            : new SqliteConnectionStringBuilder { DataSource = text };
        builder.Pooling = true;
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        if (builder.Mode == SqliteOpenMode.Memory || string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal) || builder.DataSource.Length == 0)
        {
            // Every pooled connection to such a database would see its own empty copy.
            throw new InvalidOperationException(
                "SqliteStoreOptions.ConnectionString names an in-memory or temporary SQLite database; the stores need a file " +
                "that every connection and process shares. Give a file path such as \"data/quickbooks-sync.db\", or use UseInMemoryStores() for tests.");
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            throw new InvalidOperationException("SqliteStoreOptions.ConnectionString opens the file read-only; the stores must write. Remove \"Mode=ReadOnly\".");
        }

        return builder.ToString();
    }

    private async ValueTask<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Per connection: wait for other writers instead of failing, and trade the last transaction
            // on power loss (never on a process crash) for far fewer fsyncs, as WAL allows.
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask MigrateAsync(CancellationToken cancellationToken)
    {
        await _migrationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated)
            {
                return;
            }

            var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // WAL lets readers and one writer work at once, across processes too; it is a property of
                // the file, so setting it once per process is enough.
                using (var wal = connection.CreateCommand())
                {
                    wal.CommandText = "PRAGMA journal_mode = WAL;";
                    await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await SqliteMigrations.ApplyAsync(connection, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            _migrated = true;
        }
        finally
        {
            _migrationGate.Release();
        }
    }
}
