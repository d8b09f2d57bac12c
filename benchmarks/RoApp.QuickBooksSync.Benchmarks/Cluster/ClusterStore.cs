using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace RoApp.QuickBooksSync.Benchmarks.Cluster;

/// <summary>
/// The store all processes of a run share: a fresh PostgreSQL database (in the server named by
/// <c>ROAPP_QBS_POSTGRES</c>, or in a throwaway cluster started here with initdb/pg_ctl, as the PostgreSQL
/// store tests do), or a fresh SQLite file. Removed at the end.
/// </summary>
internal sealed class ClusterStore : IAsyncDisposable
{
    public const string PostgresVariable = "ROAPP_QBS_POSTGRES";

    private readonly string? _adminConnectionString;
    private readonly string? _database;
    private readonly string? _clusterFolder;
    private readonly bool _asRoot;

    private ClusterStore(ClusterStoreKind kind, string location, string? admin, string? database, string? clusterFolder, bool asRoot, string folder)
    {
        Kind = kind;
        Location = location;
        _adminConnectionString = admin;
        _database = database;
        _clusterFolder = clusterFolder;
        _asRoot = asRoot;
        Folder = folder;
    }

    public ClusterStoreKind Kind { get; }

    /// <summary>Npgsql connection string, or the SQLite file path.</summary>
    public string Location { get; }

    /// <summary>The run's temporary folder (host logs, the SQLite file, the host configuration).</summary>
    public string Folder { get; }

    public string Describe() => Kind == ClusterStoreKind.PostgreSql
        ? $"PostgreSQL database {_database}{(_clusterFolder is null ? $" (server from {PostgresVariable})" : " (throwaway cluster)")}"
        : $"SQLite file {Location}";

    public static async Task<ClusterStore> CreateAsync(ClusterStoreKind kind, string folder)
    {
        if (kind == ClusterStoreKind.Sqlite)
        {
            return new ClusterStore(kind, Path.Combine(folder, "sync.db"), null, null, null, false, folder);
        }

        string? clusterFolder = null;
        var asRoot = Environment.UserName == "root";
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(admin))
        {
            (admin, clusterFolder) = await StartClusterAsync(asRoot);
        }

        var database = "roapp_cluster_" + Guid.NewGuid().ToString("N")[..10];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var location = new NpgsqlConnectionStringBuilder(admin) { Database = database, MaxPoolSize = 20, Timeout = 15 }.ToString();
        return new ClusterStore(kind, location, admin, database, clusterFolder, asRoot, folder);
    }

    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("CLUSTER_KEEP") == "1" && _clusterFolder is null && _database is not null)
        {
            Console.WriteLine($"cluster: database {_database} kept for inspection");
            return;
        }

        if (_adminConnectionString is not null && _database is not null)
        {
            try
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(_adminConnectionString);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException e)
            {
                Console.WriteLine($"cluster: could not drop database {_database}: {e.Message}");
            }
        }

        if (_clusterFolder is not null)
        {
            try
            {
                await RunAsync("pg_ctl", ["-D", Path.Combine(_clusterFolder, "data"), "-m", "immediate", "-w", "stop"], _asRoot);
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine($"cluster: pg_ctl stop failed: {e.Message}");
            }

            TryDelete(_clusterFolder);
        }
    }

    private static async Task<(string Admin, string Folder)> StartClusterAsync(bool asRoot)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "roapp-cluster-pg-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        var port = ClusterWire.FreePort();
        try
        {
            if (asRoot)
            {
                // The server refuses to run as root: the cluster belongs to the postgres user.
                await RunAsync("chown", ["postgres", folder], asPostgres: false);
            }

            await RunAsync("initdb", ["-D", Path.Combine(folder, "data"), "-U", "postgres", "-A", "trust", "--no-sync"], asRoot);
            await RunAsync("pg_ctl", [
                "-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "log"), "-w", "start",
                "-o", string.Create(CultureInfo.InvariantCulture, $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200")], asRoot);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            TryDelete(folder);
            throw new InvalidOperationException(
                $"No PostgreSQL server for the cluster soak: {PostgresVariable} is not set and starting a throwaway cluster with initdb/pg_ctl failed ({e.Message}). " +
                $"Install the PostgreSQL server binaries or set {PostgresVariable} to a superuser connection string.", e);
        }

        var admin = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres" }.ToString();
        return (admin, folder);
    }

    private static async Task RunAsync(string program, string[] arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", "postgres", "--", program } }
            : new ProcessStartInfo(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await error} {await output}".Trim());
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // left behind in the temp folder
        }
    }
}
