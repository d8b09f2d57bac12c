using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Benchmarks.Inbound;

/// <summary>
/// Webhook intake end to end on the SQLite store: verify the signature, parse, route the realm to its company
/// and durably enqueue, for a typical delivery (one realm, an invoice update and a payment create, legacy
/// format), one delivery at a time so the percentiles are per delivery. Runs once idle and once while two
/// workers claim and complete the queued work beside it.
/// Run: dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- webhook-intake
/// </summary>
internal static class WebhookIntakeHarness
{
    private const string VerifierToken = "benchmark-verifier-token";
    private const string Realm = "9130350000000001";
    private const int Warmup = 300;
    private const int Deliveries = 3000;

    public static async Task RunAsync()
    {
        Console.WriteLine($"Webhook intake on SQLite: {Deliveries} deliveries of 2 events after {Warmup} warm-up, one at a time.");
        foreach (var workers in new[] { 0, 2 })
        {
            await RunOnceAsync(workers);
        }
    }

    private static async Task RunOnceAsync(int workers)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "roapp-qbs-intake-" + Guid.NewGuid().ToString("N"))).FullName;
        var services = new ServiceCollection();
        services.AddQuickBooksSync(o => o.WebhookVerifierToken = VerifierToken).UseSqlite(Path.Combine(folder, "bench.db"));
        var provider = services.BuildServiceProvider();
        try
        {
            var now = DateTimeOffset.UtcNow;
            await provider.GetRequiredService<IConnectionStore>().SaveAsync(new StoredConnection
            {
                CompanyId = "shop-1",
                RealmId = Realm,
                ProtectedTokens = [1, 2, 3],
                AccessTokenExpiresAt = now.AddHours(1),
                RefreshTokenExpiresAt = now.AddDays(100),
                ConnectedAt = now,
                UpdatedAt = now,
            }, 0, CancellationToken.None);
            await provider.GetRequiredService<ISettingsStore>().SaveAsync(new CompanySettings { CompanyId = "shop-1", Enabled = true }, 0, CancellationToken.None);

            var handler = provider.GetRequiredService<IQuickBooksWebhookHandler>();
            var queue = provider.GetRequiredService<IWorkQueueStore>();
            using var stop = new CancellationTokenSource();
            var drains = Enumerable.Range(0, workers).Select(n => Task.Run(() => DrainAsync(queue, $"worker-{n}", stop.Token))).ToList();

            var key = Encoding.UTF8.GetBytes(VerifierToken);
            var times = new double[Deliveries];
            for (var i = -Warmup; i < Deliveries; i++)
            {
                var body = Encoding.UTF8.GetBytes(Delivery(i + Warmup));
                var signature = Convert.ToBase64String(HMACSHA256.HashData(key, body));
                var started = Stopwatch.GetTimestamp();
                var result = await handler.HandleAsync(body, signature, CancellationToken.None);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (result.Queued != 2)
                {
                    throw new InvalidOperationException($"Delivery {i} was not queued: {result.Refusal} {result.Message}");
                }

                if (i >= 0)
                {
                    times[i] = elapsed;
                }
            }

            await stop.CancelAsync();
            await Task.WhenAll(drains);
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"workers={workers}: p50 {Percentile(times, 50):0.000} ms, p90 {Percentile(times, 90):0.000} ms, p99 {Percentile(times, 99):0.000} ms, max {times[^1]:0.000} ms"));
        }
        finally
        {
            await provider.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Delivery(int n)
    {
        var at = new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero).AddSeconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return $$$"""{"eventNotifications":[{"realmId":"{{{Realm}}}","dataChangeEvent":{"entities":[{"name":"Invoice","id":"{{{1000 + n}}}","operation":"Update","lastUpdated":"{{{at}}}"},{"name":"Payment","id":"{{{5000 + n}}}","operation":"Create","lastUpdated":"{{{at}}}"}]}}]}""";
    }

    private static async Task DrainAsync(IWorkQueueStore queue, string owner, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var claimed = await queue.ClaimAsync(new ClaimRequest { Owner = owner, LeaseDuration = TimeSpan.FromMinutes(5), MaxItems = 10 }, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
            foreach (var item in claimed)
            {
                await queue.CompleteAsync(item.Lease, DateTimeOffset.UtcNow, CancellationToken.None);
            }

            if (claimed.Count == 0)
            {
                await Task.Delay(1, CancellationToken.None);
            }
        }
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
