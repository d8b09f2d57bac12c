using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Benchmarks.Throughput;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Benchmarks.Companies;

/// <summary>
/// One host process serving many connected companies, on the real clock, SQLite and the simulator:
/// <list type="bullet">
/// <item>idle: managed memory and CPU the library costs per connected company, 10 against N companies, and the
/// host's start-up time (reconciliation off, so the engine's own idle cost is what shows);</item>
/// <item>reconcile: how long the first reconciliation pass takes to reach every one of N realms at the simulator's
/// latency (each pass is a change-data-capture call per realm);</item>
/// <item>fairness: one company with a large one-by-one backlog while 50 others each get one invoice, with
/// QuickBooks' real limits and latency: how long each of the 50 waits for its invoice to be in QuickBooks.</item>
/// </list>
/// Run: dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- companies [--companies 1000]
///      [--idle-seconds 60] [--latency 300] [--backlog 5000] [--others 50] [--parallelism 16] [--parts idle,reconcile,fairness]
/// </summary>
internal static class ManyCompaniesHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = ManyCompaniesSettings.Parse(args);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"companies: real clock, {Environment.ProcessorCount} cores, latency {settings.Latency.TotalMilliseconds:0} ms, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        if (settings.Parts.Contains("idle"))
        {
            // A first, discarded run pays for JIT compilation and the process's one-time caches.
            await IdleAsync(10, settings with { IdleWindow = TimeSpan.FromSeconds(5) }).ConfigureAwait(false);
            var few = await IdleAsync(10, settings).ConfigureAwait(false);
            var many = await IdleAsync(settings.Companies, settings).ConfigureAwait(false);
            Console.WriteLine(few.Line);
            Console.WriteLine(many.Line);
            var bytesPerCompany = (many.Bytes - few.Bytes) / (double)(settings.Companies - 10);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle cost per added company: {bytesPerCompany / 1024:0.0} KB managed memory, CPU {(many.Cpu - few.Cpu).TotalMilliseconds / (settings.Companies - 10) / settings.IdleWindow.TotalMinutes:0.00} ms a minute " +
                $"(10 companies {few.Cpu.TotalMilliseconds / settings.IdleWindow.TotalMinutes:0} ms/min, {settings.Companies} companies {many.Cpu.TotalMilliseconds / settings.IdleWindow.TotalMinutes:0} ms/min)"));
        }

        if (settings.Parts.Contains("reconcile"))
        {
            Console.WriteLine(await ReconcileAsync(settings).ConfigureAwait(false));
        }

        if (settings.Parts.Contains("fairness"))
        {
            Console.WriteLine(await FairnessAsync(settings).ConfigureAwait(false));
        }

        return 0;
    }

    private static async Task<IdleResult> IdleAsync(int companies, ManyCompaniesSettings settings)
    {
        await using var fleet = await Fleet.StartAsync(companies, latency: TimeSpan.Zero, limits: false).ConfigureAwait(false);

        // Memory is taken before the host exists, so what connecting and serving each company keeps is counted;
        // the host's fixed cost is the same for 10 and N companies and falls out of the per-company difference.
        var before = Settle();
        using var host = fleet.BuildHost(o => o.Inbound.RunReconciliation = false);
        await fleet.ConnectAllAsync(host).ConfigureAwait(false);

        // The same process without the library running: the simulator's own idle cost, taken away below.
        var baseline = await CpuOverAsync(settings.IdleWindow).ConfigureAwait(false);

        var started = Stopwatch.StartNew();
        await host.StartAsync().ConfigureAwait(false);
        var startup = started.Elapsed;

        // Let the first polls and any start-up work pass, then take the steady state.
        await Task.Delay(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var after = Settle();
        var cpu = await CpuOverAsync(settings.IdleWindow).ConfigureAwait(false) - baseline;
        await host.StopAsync().ConfigureAwait(false);

        var bytes = after - before;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"idle {companies} companies: start-up {startup.TotalMilliseconds:0} ms, managed memory +{bytes / 1024.0:0} KB ({bytes / (double)companies / 1024:0.0} KB a company), " +
            $"CPU {cpu.TotalMilliseconds:0} ms over {settings.IdleWindow.TotalSeconds:0} s (beyond the idle simulator's {baseline.TotalMilliseconds:0} ms)");
        return new IdleResult(bytes, cpu, line);
    }

    private static async Task<string> ReconcileAsync(ManyCompaniesSettings settings)
    {
        await using var fleet = await Fleet.StartAsync(settings.Companies, settings.Latency, limits: true).ConfigureAwait(false);
        using var host = fleet.BuildHost(_ => { });
        await fleet.ConnectAllAsync(host).ConfigureAwait(false);

        var start = DateTimeOffset.UtcNow;
        await host.StartAsync().ConfigureAwait(false);
        var limit = TimeSpan.FromMinutes(10);
        var reached = 0;
        while (DateTimeOffset.UtcNow - start < limit)
        {
            reached = RealmsReconciled(fleet.Simulator, start);
            if (reached >= settings.Companies)
            {
                break;
            }

            await Task.Delay(250).ConfigureAwait(false);
        }

        var elapsed = DateTimeOffset.UtcNow - start;
        await host.StopAsync().ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture,
            $"reconcile {settings.Companies} companies: first pass reached {reached} of {settings.Companies} realms in {elapsed.TotalSeconds:0.0} s (one change-data-capture call a realm at {settings.Latency.TotalMilliseconds:0} ms)");
    }

    // A realm counts once QuickBooks answered its change-data-capture call.
    private static int RealmsReconciled(QuickBooksSimulator simulator, DateTimeOffset since) =>
        simulator.RequestLog
            .Where(r => r.Time >= since && r.Status == 200 && r.Path.EndsWith("/cdc", StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Path.Split('/')[3])
            .Distinct(StringComparer.Ordinal)
            .Count();

    private static async Task<string> FairnessAsync(ManyCompaniesSettings settings)
    {
        var companies = settings.Others + 1;
        await using var fleet = await Fleet.StartAsync(companies, settings.Latency, limits: true).ConfigureAwait(false);
        using var host = fleet.BuildHost(o =>
        {
            o.Inbound.RunReconciliation = false;
            if (settings.Parallelism is { } parallelism)
            {
                o.Engine.Parallelism = parallelism;
            }
        });
        await fleet.ConnectAllAsync(host).ConfigureAwait(false);
        var sync = host.Services.GetRequiredService<IQuickBooksSync>();
        var busy = fleet.Companies[0];
        var next = 0;
        for (var i = 0; i < settings.Backlog; i++)
        {
            var id = fleet.RoApp.Add(next++, 100_000 + (i % 200), i % 5);
            await sync.InvoiceStatusChangedAsync(busy.CompanyId, id, ThroughputRoApp.Ready, CancellationToken.None).ConfigureAwait(false);
        }

        await host.StartAsync().ConfigureAwait(false);

        // The backlog is running at the realm's ceiling when the others arrive.
        await Task.Delay(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var busyBefore = fleet.Simulator.Inspect(busy.RealmId).Count("Invoice");
        var arrived = Stopwatch.StartNew();
        var arrivedAt = DateTimeOffset.UtcNow;
        foreach (var (other, n) in fleet.Companies.Skip(1).Select((c, n) => (c, n)))
        {
            var id = fleet.RoApp.Add(next++, 200_000 + n, n % 5);
            await sync.InvoiceStatusChangedAsync(other.CompanyId, id, ThroughputRoApp.Ready, CancellationToken.None).ConfigureAwait(false);
        }

        var enqueued = arrived.Elapsed;

        var waits = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        while (waits.Count < settings.Others && arrived.Elapsed < TimeSpan.FromMinutes(5))
        {
            foreach (var other in fleet.Companies.Skip(1).Where(c => !waits.ContainsKey(c.RealmId)))
            {
                if (fleet.Simulator.Inspect(other.RealmId).Count("Invoice") > 0)
                {
                    waits[other.RealmId] = arrived.Elapsed;
                }
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        var busySent = fleet.Simulator.Inspect(busy.RealmId).Count("Invoice") - busyBefore;
        var window = arrived.Elapsed;
        var started = StartDelays(fleet, arrivedAt);
        var parallelismUsed = host.Services.GetRequiredService<IOptions<QuickBooksSyncOptions>>().Value.Engine.Parallelism;
        await host.StopAsync().ConfigureAwait(false);
        var sorted = waits.Values.Order().ToArray();
        string At(double q) => sorted.Length == 0 ? "-" : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)].TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"fairness: {waits.Count} of {settings.Others} single invoices sent beside a {settings.Backlog}-invoice backlog; wait p50 {At(0.5)} s, p95 {At(0.95)} s, max {At(1.0)} s; " +
            $"the backlog company sent {busySent} meanwhile ({busySent / window.TotalMinutes:0}/min); " +
            $"first call of each single invoice after p50 {Quantile(started, 0.5)} s, max {Quantile(started, 1.0)} s (engine parallelism {parallelismUsed}); the 50 were enqueued in {enqueued.TotalSeconds:0.0} s");
    }

    // How long each of the others waited before its first QuickBooks call: the time its item sat unclaimed.
    private static double[] StartDelays(Fleet fleet, DateTimeOffset arrivedAt)
    {
        var realms = fleet.Companies.Skip(1).Select(c => c.RealmId).ToHashSet(StringComparer.Ordinal);
        return fleet.Simulator.RequestLog
            .Where(r => r.Time - r.Duration >= arrivedAt && r.Path.StartsWith("/v3/company/", StringComparison.OrdinalIgnoreCase))
            .Select(r => (Realm: r.Path.Split('/')[3], Start: r.Time - r.Duration))
            .Where(r => realms.Contains(r.Realm))
            .GroupBy(r => r.Realm, StringComparer.Ordinal)
            .Select(g => (g.Min(r => r.Start) - arrivedAt).TotalSeconds)
            .Order()
            .ToArray();
    }

    private static string Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? "-" : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)].ToString("0.0", CultureInfo.InvariantCulture);

    private sealed record IdleResult(long Bytes, TimeSpan Cpu, string Line);

    private static async Task<TimeSpan> CpuOverAsync(TimeSpan window)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(window).ConfigureAwait(false);
        return Process.GetCurrentProcess().TotalProcessorTime - before;
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>N simulated QuickBooks companies, each an RO App company of its own, and a SQLite file for the host.</summary>
    private sealed class Fleet : IAsyncDisposable
    {
        private readonly DirectoryInfo _folder;

        private Fleet(QuickBooksSimulator simulator, IReadOnlyList<(string CompanyId, string RealmId)> companies, DirectoryInfo folder)
        {
            Simulator = simulator;
            Companies = companies;
            _folder = folder;
        }

        public QuickBooksSimulator Simulator { get; }

        public IReadOnlyList<(string CompanyId, string RealmId)> Companies { get; }

        public ThroughputRoApp RoApp { get; } = new();

        public static Task<Fleet> StartAsync(int count, TimeSpan latency, bool limits)
        {
            var options = new QuickBooksSimulatorOptions { RequestLogCapacity = 500_000, Latency = latency, LatencyJitter = latency / 5 };
            options.Limits.Enabled = limits;
            var simulator = QuickBooksSimulator.Start(options);
            var companies = Enumerable.Range(0, count)
                .Select(i => ("shop-" + i.ToString("D4", CultureInfo.InvariantCulture), simulator.AddCompany(new CompanyOptions { Profile = CompanyProfile.UnitedStates }).RealmId))
                .ToList();
            return Task.FromResult(new Fleet(simulator, companies, Directory.CreateTempSubdirectory("roapp-companies-")));
        }

        public IHost BuildHost(Action<QuickBooksSyncOptions> configure) =>
            HarnessHost.Build(Path.Combine(_folder.FullName, "sync.db"), Simulator, RoApp, new RealmTokens(Simulator), configure);

        public async Task ConnectAllAsync(IHost host)
        {
            foreach (var (companyId, realmId) in Companies)
            {
                await HarnessHost.ConnectAsync(host.Services, companyId, realmId, ThroughputRoApp.Ready).ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Simulator.DisposeAsync().ConfigureAwait(false);
            try
            {
                _folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file the host still held: the temp folder is the OS's to clean.
            }
        }
    }
}

/// <summary>The many-companies harness's command line.</summary>
internal sealed record ManyCompaniesSettings(int Companies, TimeSpan IdleWindow, TimeSpan Latency, int Backlog, int Others, IReadOnlySet<string> Parts, int? Parallelism)
{
    public static ManyCompaniesSettings Parse(string[] args)
    {
        var companies = 1000;
        var idleSeconds = 60;
        var latency = 300;
        var backlog = 5000;
        var others = 50;
        int? parallelism = null;
        var parts = new HashSet<string>(["idle", "reconcile", "fairness"], StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--companies": companies = Math.Max(11, int.Parse(Value(), CultureInfo.InvariantCulture)); break;
                case "--idle-seconds": idleSeconds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--latency": latency = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--backlog": backlog = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--others": others = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--parallelism": parallelism = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--parts": parts = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; see the comment on ManyCompaniesHarness.");
            }
        }

        return new ManyCompaniesSettings(companies, TimeSpan.FromSeconds(idleSeconds), TimeSpan.FromMilliseconds(latency), backlog, others, parts, parallelism);
    }
}
