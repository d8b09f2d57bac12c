using System.Text.RegularExpressions;
using Npgsql;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>
/// The PostgreSQL database behind all five stores: one connection pool (an <see cref="NpgsqlDataSource"/>),
/// the schema name every statement is qualified with, and the schema brought up to date once before first use.
/// </summary>
internal sealed partial class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private volatile bool _migrated;

    public PostgreSqlDatabase(PostgreSqlStoreOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                "PostgreSqlStoreOptions.ConnectionString is empty. Set it to an Npgsql connection string such as " +
                "\"Host=localhost;Database=roapp;Username=sync;Password=...\".");
        }

        if (!SchemaName().IsMatch(options.Schema ?? ""))
        {
            throw new InvalidOperationException(
                $"PostgreSqlStoreOptions.Schema \"{options.Schema}\" is not a plain schema name. Use lower-case letters, digits " +
                "and underscores, starting with a letter or underscore, at most 63 characters, e.g. \"quickbooks_sync\".");
        }

        // The schema name goes into SQL text (identifiers cannot be parameters); the pattern above admits
        // only characters that need no quoting, and it is quoted anyway.
        Schema = $"\"{options.Schema}\"";
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _timeProvider = timeProvider;
    }

    /// <summary>The quoted schema name, for qualifying table names.</summary>
    public string Schema { get; }

    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one statement on its own connection; returns the affected row count.</summary>
    public async ValueTask<int> ExecuteAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(sql, connection);
            bind(command);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one query on its own connection and maps every row.</summary>
    public async ValueTask<List<T>> QueryAsync<T>(string sql, Action<NpgsqlCommand> bind, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(sql, connection);
            bind(command);
            return await ReadAllAsync(command, map, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads every row of a command, disposing the reader asynchronously.</summary>
    public static async ValueTask<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _migrationGate.Dispose();
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _migrationGate.Dispose();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();

    private async ValueTask MigrateAsync(CancellationToken cancellationToken)
    {
        await _migrationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated)
            {
                return;
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await PostgreSqlMigrations.ApplyAsync(connection, Schema, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            _migrated = true;
        }
        finally
        {
            _migrationGate.Release();
        }
    }
}
