using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>
/// The one SQLite file behind all five stores: opens configured connections and brings the schema up to
/// date once, before the first use.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
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

    /// <summary>Opens a connection with the pragmas every store relies on; migrates the schema first if needed.</summary>
    public async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _migrationGate.Dispose();

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
