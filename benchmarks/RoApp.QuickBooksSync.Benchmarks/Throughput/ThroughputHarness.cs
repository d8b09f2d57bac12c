using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Testing.Inspection;

namespace RoApp.QuickBooksSync.Benchmarks.Throughput;

/// <summary>
/// Invoices a minute on each path, against the simulator enforcing QuickBooks' real per-realm limits (500
/// requests and 40 batch requests a rolling minute, 10 in flight) and answering every call after a latency
/// with jitter, on the real clock. Each path gets a fresh simulator and SQLite file, a generic host with the
/// library's real worker, and a backlog larger than the limits allow in the window; what counts is how many
/// invoices are in QuickBooks when the window (a whole number of minutes, so the rolling limits cannot be beaten
/// by a burst) closes. Paths with linked customers and items are warmed up first with the limits off, by a host
/// that is then stopped (its client-side limiter goes with it), so the warm-up spends none of the window's budget.
/// Run: dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- throughput [--seconds 120]
///      [--latency 300] [--jitter 60] [--paths bulk-new,bulk-linked,...] [--naive on|off] [--margin percent]
/// </summary>
internal static class ThroughputHarness
{
    private const int LinkedClients = 50;
    private const int Products = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = ThroughputSettings.Parse(args);
        var limits = new QuickBooksSimulatorOptions().Limits;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: real clock, window {settings.Window.TotalSeconds:0} s a path, library limits {100 * (1 - settings.Margin):0}% of the simulator's, latency {settings.Latency.TotalMilliseconds:0} ms +/- {settings.Jitter.TotalMilliseconds:0} ms, " +
            $"limits {limits.RequestsPerMinute} requests/min, {limits.BatchRequestsPerMinute} batches/min, {limits.MaxConcurrentRequests} in flight per realm; {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        var results = new Dictionary<string, PathResult>(StringComparer.Ordinal);
        foreach (var path in ThroughputPath.All.Where(p => settings.Paths.Contains(p.Name) && (settings.Naive || !p.Naive)))
        {
            var result = path.Naive
                ? await NaiveLoop.RunAsync(path, settings, limits).ConfigureAwait(false)
                : await RunPathAsync(path, settings).ConfigureAwait(false);
            results[path.Name] = result;
            Console.WriteLine(result.Line);
            foreach (var extra in result.Notes)
            {
                Console.WriteLine("  " + extra);
            }
        }

        foreach (var (path, peer) in new[] { ("bulk-new", "naive-new"), ("one-by-one-new", "naive-new"), ("bulk-linked", "naive-linked"), ("one-by-one-linked", "naive-linked") })
        {
            if (results.TryGetValue(path, out var ours) && results.TryGetValue(peer, out var theirs) && theirs.PerMinute > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {path} / {peer} (node-quickbooks 2.0.50): {ours.PerMinute / theirs.PerMinute:0.0}x"));
            }
        }

        return 0;
    }

    private static async Task<PathResult> RunPathAsync(ThroughputPath path, ThroughputSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("roapp-throughput-");
        var databasePath = Path.Combine(folder.FullName, "sync.db");
        var simulatorOptions = new QuickBooksSimulatorOptions { Seed = settings.Seed, RequestLogCapacity = 500_000 };
        simulatorOptions.Limits.Enabled = false;
        await using var simulator = QuickBooksSimulator.Start(simulatorOptions);
        var company = simulator.AddCompany(new CompanyOptions { Profile = CompanyProfile.UnitedStates });
        var realmId = company.RealmId;
        var token = simulator.IssueTokens(realmId).AccessToken;
        var roApp = new ThroughputRoApp();
        var next = 0;

        if (!path.NewCustomers)
        {
            // Warm-up, limits off, no latency: every client and product linked, the company profile and tax codes known.
            var warm = BuildHost(databasePath, simulator, roApp, token, 0, reconcile: false);
            await ConnectAsync(warm.Services, realmId).ConfigureAwait(false);
            await warm.StartAsync().ConfigureAwait(false);
            var warmIds = Enumerable.Range(0, LinkedClients).Select(n => roApp.Add(next++, n, n % Products)).ToList();
            await warm.Services.GetRequiredService<IQuickBooksSync>().SyncManyAsync(ThroughputRoApp.CompanyId, warmIds, CancellationToken.None).ConfigureAwait(false);
            // Until the work is done, not only written: stopped earlier, the warm-up leaves writes pending on their
            // claims, which the measured host then looks up (two calls each) inside its window.
            var watch = Stopwatch.StartNew();
            var queue = warm.Services.GetRequiredService<IWorkQueueStore>();
            while (watch.Elapsed < TimeSpan.FromMinutes(2)
                && (simulator.Inspect(realmId).Count("Invoice") < LinkedClients
                    || await queue.GetStatsAsync(ThroughputRoApp.CompanyId, DateTimeOffset.UtcNow, CancellationToken.None).ConfigureAwait(false) is { PendingCount: > 0 } or { LeasedCount: > 0 }))
            {
                await Task.Delay(100).ConfigureAwait(false);
            }

            await warm.StopAsync().ConfigureAwait(false);
            warm.Dispose();
        }

        simulatorOptions.Limits.Enabled = true;
        simulatorOptions.Latency = settings.Latency;
        simulatorOptions.LatencyJitter = settings.Jitter;
        var limits = simulatorOptions.Limits;
        var ceiling = path.Ceiling(limits.RequestsPerMinute, limits.BatchRequestsPerMinute);

        var host = BuildHost(databasePath, simulator, roApp, token, settings.Margin, reconcile: true, reconciliationInterval: path.Webhooks ? TimeSpan.FromMinutes(1) : null);
        if (path.NewCustomers)
        {
            await ConnectAsync(host.Services, realmId).ConfigureAwait(false);
        }

        // More than the limits allow in the window, so the window, not the backlog, ends the run.
        var backlog = (int)Math.Ceiling(ceiling * settings.Window.TotalMinutes * 1.15) + 30;
        var ids = Enumerable.Range(0, backlog).Select(_ =>
        {
            var n = next++;
            return roApp.Add(n, path.NewCustomers ? 100_000 + n : n % LinkedClients, n % Products);
        }).ToList();
        var sync = host.Services.GetRequiredService<IQuickBooksSync>();
        if (path.Bulk)
        {
            await sync.SyncManyAsync(ThroughputRoApp.CompanyId, ids, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            foreach (var id in ids)
            {
                await sync.InvoiceStatusChangedAsync(ThroughputRoApp.CompanyId, id, ThroughputRoApp.Ready, CancellationToken.None).ConfigureAwait(false);
            }
        }

        var intake = new ConcurrentBag<double>();
        if (path.Webhooks)
        {
            var handler = host.Services.GetRequiredService<IQuickBooksWebhookHandler>();
            simulator.Webhooks.SetTarget(async (delivery, cancellationToken) =>
            {
                var started = Stopwatch.GetTimestamp();
                var answer = await handler.HandleAsync(delivery.Body, delivery.Signature, cancellationToken).ConfigureAwait(false);
                intake.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return answer.StatusCode;
            });
        }

        var before = simulator.Inspect(realmId).Count("Invoice");
        var start = DateTimeOffset.UtcNow;
        await host.StartAsync().ConfigureAwait(false);
        await Task.Delay(settings.Window).ConfigureAwait(false);
        var end = DateTimeOffset.UtcNow;
        var sent = simulator.Inspect(realmId).Count("Invoice") - before;
        var stats = await host.Services.GetRequiredService<IWorkQueueStore>().GetStatsAsync(ThroughputRoApp.CompanyId, end, CancellationToken.None).ConfigureAwait(false);
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await host.StopAsync(stopping.Token).ConfigureAwait(false);
        }

        host.Dispose();
        var result = PathResult.From(path.Name, sent, ceiling, simulator.RequestLog, start, end);
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"queue at the end: {stats.PendingCount} pending, {stats.LeasedCount} leased; backlog {backlog}"));
        result.Notes.Add("calls by kind: " + CallKinds(simulator.RequestLog, start, end));
        if (path.Webhooks)
        {
            result.Notes.Add(Percentiles("webhook intake (verify, parse, enqueue on SQLite, workers busy)", intake));
        }

        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file the host still held: the temp folder is the OS's to clean.
        }

        return result;
    }

    /// <summary>Where the window's calls went, most first: method, endpoint and, for queries, the entity and its filter field.</summary>
    private static string CallKinds(IEnumerable<RecordedRequest> log, DateTimeOffset start, DateTimeOffset end)
    {
        static string Kind(RecordedRequest r)
        {
            var endpoint = r.Path[(r.Path.LastIndexOf('/') + 1)..];
            if (!endpoint.Equals("query", StringComparison.OrdinalIgnoreCase))
            {
                return $"{r.Method} {endpoint}";
            }

            var text = Uri.UnescapeDataString(r.Query);
            var words = text[(text.IndexOf("FROM ", StringComparison.OrdinalIgnoreCase) + 5)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var entity = words.Length > 0 ? words[0] : "?";
            var filter = words.Length > 2 && words[1].Equals("WHERE", StringComparison.OrdinalIgnoreCase) ? " " + words[2] : string.Empty;
            return text.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase) ? $"count {entity}" : $"query {entity}{filter}";
        }

        var kinds = log.Where(r => r.Time >= start && r.Time < end).GroupBy(Kind).OrderByDescending(g => g.Count()).Take(8)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"));
        return string.Join(", ", kinds);
    }

    private static string Percentiles(string what, ConcurrentBag<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return what + ": no deliveries";
        }

        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"{what}: {sorted.Length} deliveries, p50 {At(0.50):0.0} ms, p99 {At(0.99):0.0} ms, max {sorted[^1]:0.0} ms");
    }

    private static IHost BuildHost(string databasePath, QuickBooksSimulator simulator, IRoAppGateway roApp, string token, double margin, bool reconcile, TimeSpan? reconciliationInterval = null) =>
        HarnessHost.Build(databasePath, simulator, roApp, new StaticToken(token), o =>
        {
            o.Inbound.RunReconciliation = reconcile;
            if (margin > 0)
            {
                // The library's limits a share below QuickBooks' own (--margin).
                o.RateLimits.RequestsPerMinute = (int)Math.Floor(o.RateLimits.RequestsPerMinute * (1 - margin));
                o.RateLimits.BatchRequestsPerMinute = (int)Math.Floor(o.RateLimits.BatchRequestsPerMinute * (1 - margin));
            }

            if (reconciliationInterval is { } interval)
            {
                o.Inbound.ReconciliationInterval = interval;
                o.Inbound.ReconciliationOverlap = TimeSpan.FromSeconds(10);
            }
        });

    private static Task ConnectAsync(IServiceProvider services, string realmId) =>
        HarnessHost.ConnectAsync(services, ThroughputRoApp.CompanyId, realmId, ThroughputRoApp.Ready);

    private sealed class StaticToken(string token) : IQuickBooksAccessTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(string realmId, CancellationToken cancellationToken) => new(token);

        public ValueTask<string> RefreshAccessTokenAsync(string realmId, string rejectedAccessToken, CancellationToken cancellationToken) => new(token);
    }
}

/// <summary>The harness's command line.</summary>
internal sealed record ThroughputSettings(TimeSpan Window, TimeSpan Latency, TimeSpan Jitter, IReadOnlySet<string> Paths, bool Naive, int Seed, double Margin)
{
    public static ThroughputSettings Parse(string[] args)
    {
        var seconds = 120;
        var latency = 300;
        int? jitter = null;
        var paths = ThroughputPath.All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var naive = true;
        var seed = 1;
        var margin = 0.0;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--seconds": seconds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--latency": latency = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--jitter": jitter = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--paths": paths = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal); break;
                case "--naive": naive = Value() != "off"; break;
                case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--margin": margin = double.Parse(Value(), CultureInfo.InvariantCulture) / 100; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; see the comment on ThroughputHarness.");
            }
        }

        return new ThroughputSettings(TimeSpan.FromSeconds(seconds), TimeSpan.FromMilliseconds(latency), TimeSpan.FromMilliseconds(jitter ?? latency / 5), paths, naive, seed, margin);
    }
}

/// <summary>One path's figures, from the simulator's request log over the window.</summary>
internal sealed record PathResult(string Name, int Sent, double PerMinute, string Line)
{
    public List<string> Notes { get; } = [];

    public static PathResult From(string name, int sent, int ceiling, IReadOnlyList<RecordedRequest> log, DateTimeOffset start, DateTimeOffset end)
    {
        var window = end - start;
        var api = log.Where(r => r.Path.StartsWith("/v3/company/", StringComparison.OrdinalIgnoreCase) && r.Time >= start && r.Time - r.Duration <= end).ToList();
        var throttled = api.Count(r => r.Status == 429);
        var calls = api.Count(r => r.Status != 429 && r.Time <= end);

        // In flight: admitted calls (429s are answered at once), measured where QuickBooks measures it.
        var busy = 0.0;
        var edges = new List<(DateTimeOffset At, int Step)>();
        foreach (var r in api.Where(r => r.Status != 429))
        {
            var from = r.Time - r.Duration < start ? start : r.Time - r.Duration;
            var to = r.Time > end ? end : r.Time;
            busy += Math.Max(0, (to - from).TotalSeconds);
            edges.Add((r.Time - r.Duration, 1));
            edges.Add((r.Time, -1));
        }

        var inFlight = 0;
        var max = 0;
        foreach (var (_, step) in edges.OrderBy(e => e.At).ThenBy(e => e.Step))
        {
            inFlight += step;
            max = Math.Max(max, inFlight);
        }

        var perMinute = sent / window.TotalMinutes;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"throughput {name}: {perMinute:0} invoices/min, {100 * perMinute / ceiling:0}% of the ceiling {ceiling}, 429s {throttled}, calls/invoice {(sent == 0 ? 0 : (double)calls / sent):0.00}, in flight avg {busy / window.TotalSeconds:0.0} max {max}");
        return new PathResult(name, sent, perMinute, line);
    }
}
