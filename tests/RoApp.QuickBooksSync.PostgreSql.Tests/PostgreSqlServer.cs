using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RoApp.QuickBooksSync.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server the tests run against: the one named by <c>ROAPP_QBS_POSTGRES</c> (CI starts a
/// throwaway server and sets it), otherwise a throwaway cluster started here from the PostgreSQL binaries
/// on the PATH and removed when the test process ends. When neither works the tests fail and say why.
/// </summary>
public static class PostgreSqlServer
{
    public const string EnvironmentVariable = "ROAPP_QBS_POSTGRES";

    private const string FolderPrefix = "roapp-qbs-pg-";

    private static readonly Lazy<Task<string>> AdminConnectionString = new(StartAsync);

    /// <summary>A connection string for a superuser on the server's <c>postgres</c> database.</summary>
    public static Task<string> GetAdminConnectionStringAsync() => AdminConnectionString.Value;

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        SweepAbandonedClusters();
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12])).FullName;
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
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
                "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"], asRoot);
        }
        catch (Exception e)
        {
            TryDelete(folder);
            throw new InvalidOperationException(
                $"No PostgreSQL server for the store tests: {EnvironmentVariable} is not set, and starting a throwaway cluster " +
                $"with initdb/pg_ctl failed ({e.Message}). Install the PostgreSQL server binaries (e.g. apt-get install postgresql " +
                $"and put /usr/lib/postgresql/<version>/bin on the PATH) or set {EnvironmentVariable} to a superuser connection string.", e);
        }

        // The test host may be stopped abruptly once the tests are done, so the clean-up does not run in it:
        // a detached watcher (it outlives the test host and its process tree) waits for this process to end,
        // then stops the server and deletes the folder. The exit handler only stops the server sooner.
        var data = Path.Combine(folder, "data");
        var stop = $"{(asRoot ? "runuser -u postgres -- " : "")}pg_ctl -D '{data}' -m immediate -w stop";
        await RunAsync("sh", ["-c",
            $"( while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop}; rm -rf '{folder}' ) >/dev/null 2>&1 &"], asPostgres: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAsync("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], asRoot).GetAwaiter().GetResult();

        var connectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres" }.ToString();
        return connectionString;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    /// <summary>
    /// The test host may be stopped before its exit handler has deleted the cluster; a later run removes
    /// clusters that no server runs on (no postmaster.pid) and that nobody touched for a while.
    /// </summary>
    private static void SweepAbandonedClusters()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid"))
                && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-10))
            {
                TryDelete(folder);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
