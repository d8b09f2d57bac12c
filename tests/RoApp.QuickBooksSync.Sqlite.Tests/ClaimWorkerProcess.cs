using System.Diagnostics;
using System.Globalization;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sqlite.Tests;

/// <summary>
/// A second OS process on one database file: the test assembly started with <c>claim-worker</c> opens the
/// file, says "ready", waits for "go", claims once, says "first-round-done" and waits for "continue", then claims and
/// completes until nothing is left, printing every item id.
/// </summary>
public static class ClaimWorkerProcess
{
    /// <summary>Printed after the first claim; the worker then waits for "continue".</summary>
    public const string FirstRoundDone = "first-round-done";

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["claim-worker", var path, var owner, var ticks])
        {
            Console.Error.WriteLine("usage: claim-worker <database> <owner> <now-utc-ticks>");
            return 64;
        }

        var now = new DateTimeOffset(long.Parse(ticks, CultureInfo.InvariantCulture), TimeSpan.Zero);
        var (provider, stores) = SqliteStoreProvider.Open(path);
        await using (provider)
        {
            await stores.WorkQueue.GetStatsAsync(null, now, CancellationToken.None);
            Console.WriteLine("ready");
            if (Console.ReadLine() != "go")
            {
                return 65;
            }

            for (var round = 0; ; round++)
            {
                if (round == 1)
                {
                    // The start barrier: every claimer has claimed once before anyone claims again, so the
                    // claims of all processes overlap however loaded the machine is.
                    Console.WriteLine(FirstRoundDone);
                    if (Console.ReadLine() != "continue")
                    {
                        return 66;
                    }
                }

                var claimed = await stores.WorkQueue.ClaimAsync(
                    new ClaimRequest { Owner = owner, LeaseDuration = TimeSpan.FromMinutes(5), MaxItems = 3 }, now, CancellationToken.None);
                if (claimed.Count == 0)
                {
                    return 0;
                }

                foreach (var item in claimed)
                {
                    if (!await stores.WorkQueue.CompleteAsync(item.Lease, now, CancellationToken.None))
                    {
                        Console.Error.WriteLine($"lease lost on item {item.Item.Id}");
                        return 2;
                    }

                    Console.WriteLine(item.Item.Id.ToString(CultureInfo.InvariantCulture));
                }
            }
        }
    }

    /// <summary>Starts the worker on a database file and waits until it has opened the file.</summary>
    public static async Task<Process> StartAsync(string databasePath, string owner, DateTimeOffset now)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(ClaimWorkerProcess).Assembly.Location, "claim-worker", databasePath, owner, now.UtcTicks.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("The claim worker process did not start.");
        var first = await process.StandardOutput.ReadLineAsync();
        if (first != "ready")
        {
            var error = await process.StandardError.ReadToEndAsync();
            throw new InvalidOperationException($"The claim worker process did not get ready: {first} {error}");
        }

        return process;
    }
}
