using System.Diagnostics;
using System.Globalization;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Testing.Limits;

namespace RoApp.QuickBooksSync.Benchmarks.Throughput;

/// <summary>
/// The peer: node-quickbooks 2.0.50 (pinned and installed by npm in tests/Fidelity) running naive-loop.js against
/// a fresh simulator with the same limits, latency and window as the library's paths.
/// </summary>
internal static class NaiveLoop
{
    public static async Task<PathResult> RunAsync(ThroughputPath path, ThroughputSettings settings, RateLimitOptions limits)
    {
        var root = RepositoryRoot();
        var fidelity = Path.Combine(root, "tests", "Fidelity");
        if (!Directory.Exists(Path.Combine(fidelity, "node_modules", "node-quickbooks")))
        {
            await RunToEndAsync("npm", "ci --no-audit --no-fund", fidelity).ConfigureAwait(false);
        }

        var simulatorOptions = new QuickBooksSimulatorOptions { Seed = settings.Seed, RequestLogCapacity = 500_000, Latency = settings.Latency, LatencyJitter = settings.Jitter };
        await using var simulator = QuickBooksSimulator.Start(simulatorOptions);
        var company = simulator.AddCompany(new CompanyOptions { Profile = CompanyProfile.UnitedStates });
        var customers = path.NewCustomers
            ? []
            : Enumerable.Range(0, 50).Select(n => simulator.Bookkeeper.CreateCustomer(company.RealmId, "Linked client " + n.ToString(CultureInfo.InvariantCulture))["Id"]!.GetValue<string>()).ToList();
        var start = new ProcessStartInfo("node", Path.Combine(root, "benchmarks", "RoApp.QuickBooksSync.Benchmarks", "Throughput", "naive-loop.js"))
        {
            WorkingDirectory = fidelity,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["NODE_PATH"] = Path.Combine(fidelity, "node_modules");
        start.Environment["SIM_BASE_URL"] = simulator.BaseUrl.ToString();
        start.Environment["SIM_REALM"] = company.RealmId;
        start.Environment["SIM_TOKEN"] = simulator.IssueTokens(company.RealmId).AccessToken;
        start.Environment["NAIVE_MODE"] = path.NewCustomers ? "new" : "linked";
        start.Environment["NAIVE_CUSTOMERS"] = string.Join(',', customers);
        start.Environment["NAIVE_ITEM"] = company.ServiceItemId;

        var before = simulator.Inspect(company.RealmId).Count("Invoice");
        var begin = DateTimeOffset.UtcNow;
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node could not be started; install Node.js 18 or later.");
        var errors = node.StandardError.ReadToEndAsync();
        _ = node.StandardOutput.ReadToEndAsync();
        await Task.Delay(settings.Window).ConfigureAwait(false);
        var end = DateTimeOffset.UtcNow;
        var sent = simulator.Inspect(company.RealmId).Count("Invoice") - before;
        var exited = node.HasExited;
        node.Kill(entireProcessTree: true);
        await node.WaitForExitAsync().ConfigureAwait(false);
        var stderr = await errors.ConfigureAwait(false);

        var result = PathResult.From(path.Name + " (node-quickbooks 2.0.50)", sent, path.Ceiling(limits.RequestsPerMinute, limits.BatchRequestsPerMinute), simulator.RequestLog, begin, end);
        var retries = stderr.Split('\n').Count(l => l.Contains("trying again", StringComparison.Ordinal));
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"naive loop: {retries} failed calls waited out and retried{(exited ? "; the loop ENDED early: " + stderr[..Math.Min(400, stderr.Length)] : "")}"));
        return result;
    }

    private static async Task RunToEndAsync(string file, string arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{file} could not be started.");
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed in {directory} (exit code {process.ExitCode}).");
        }
    }

    private static string RepositoryRoot()
    {
        foreach (var from in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(from); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "RoApp.QuickBooksSync.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the harness from inside the repository (RoApp.QuickBooksSync.sln not found above the build output or the current directory).");
    }
}
