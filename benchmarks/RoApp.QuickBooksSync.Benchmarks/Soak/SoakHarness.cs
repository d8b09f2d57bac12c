using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Testing.Faults;

namespace RoApp.QuickBooksSync.Benchmarks.Soak;

/// <summary>
/// The "under injected faults" target of the design: N invoices triggered, some edited and re-sent, RO App
/// payments on some, the bookkeeper paying and voiding others in QuickBooks, while the simulator fails writes
/// (503, commit-then-500, commit-then-lost-answer, commit-then-timeout), throttles (low per-second limit)
/// and drops, duplicates and reorders webhooks, and the host process is killed mid-run and started again on
/// the same SQLite file. Then drain, reconcile (CDC) and count: see <see cref="SoakChecks"/>. Exit code 1 on
/// any violation. Real clock throughout, with short leases and back-offs.
/// </summary>
internal static class SoakHarness
{
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromMinutes(3);

    // Between processes nobody answers webhooks: Intuit's retries (shortened here) must bring them later.
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(int invoices, int seed)
    {
        var total = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("roapp-soak-");
        var databasePath = Path.Combine(folder.FullName, "sync.db");
        using var metrics = new SoakMetrics();
        var random = new Random(seed);
        var roApp = new SoakRoApp();

        var simulatorOptions = new QuickBooksSimulatorOptions { Seed = seed };
        simulatorOptions.Limits.RequestsPerSecond = 8; // below the library's 10/s: some 429s, which it must ride out
        simulatorOptions.Limits.RetryAfterSeconds = 1;
        SoakTiming.WebhookChaos(simulatorOptions.Webhooks, Environment.GetEnvironmentVariable("SOAK_WEBHOOK_DROP"));

        await using var simulator = QuickBooksSimulator.Start(simulatorOptions);
        // QuickBooks' default is custom transaction numbers off, where nothing in QuickBooks refuses a twin:
        // the harder case, so the default here too (SOAK_CUSTOM_NUMBERS=on for the other).
        var customNumbers = Environment.GetEnvironmentVariable("SOAK_CUSTOM_NUMBERS") == "on";
        var company = simulator.AddCompany(new CompanyOptions { Profile = CompanyProfile.UnitedStates, CustomTransactionNumbers = customNumbers });
        var realmId = company.RealmId;
        foreach (var operation in new[] { FaultOperation.Create, FaultOperation.Update })
        {
            simulator.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Operation = operation, Probability = 0.10 });
            simulator.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenServerError, Operation = operation, Probability = 0.05 });
            simulator.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenLostAnswer, Operation = operation, Probability = 0.03 });
            simulator.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenTimeout, Operation = operation, Probability = 0.01, Latency = TimeSpan.FromSeconds(3) });
        }

        simulator.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Operation = FaultOperation.Batch, Probability = 0.10 });
        simulator.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenLostAnswer, Operation = FaultOperation.Batch, Probability = 0.05 });

        // Webhooks go to whichever host process is up; between processes nobody answers and Intuit retries.
        SoakHost? current = null;
        var webhookAnswers = new WebhookAnswers();
        simulator.Webhooks.SetTarget(async (delivery, cancellationToken) =>
        {
            var host = Volatile.Read(ref current);
            if (host is null)
            {
                webhookAnswers.Unanswered();
                return 503;
            }

            try
            {
                var result = await host.Services.GetRequiredService<IQuickBooksWebhookHandler>().HandleAsync(delivery.Body, delivery.Signature, cancellationToken).ConfigureAwait(false);
                return result.StatusCode;
            }
            catch (Exception exception) when (exception is ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                webhookAnswers.Unanswered(); // the process died under the delivery
                return 500;
            }
        });

        var accessToken = simulator.IssueTokens(realmId).AccessToken;
        var first = await SoakHost.StartAsync(databasePath, simulator, roApp, accessToken, CancellationToken.None).ConfigureAwait(false);
        await ConnectAsync(first.Services, realmId).ConfigureAwait(false);
        Volatile.Write(ref current, first);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: {invoices} invoices, seed {seed}, SQLite {databasePath}"));

        // 1. Invoices go to QuickBooks on every entry path at once: the trigger status, a bulk send (overlapping
        // the status sends of a third of them), and the manual "Sync with QuickBooks" racing the queued sends.
        var ids = Enumerable.Range(1, invoices).Select(n => roApp.AddInvoice(n, n % 17, n % 7)).ToList();
        var sync = first.Services.GetRequiredService<IQuickBooksSync>();
        var bulk = ids.Where((_, i) => i % 3 == 1).ToList();
        var manual = ids.Where((_, i) => i % 3 == 2).ToList();
        await sync.SyncManyAsync(SoakRoApp.CompanyId, bulk, CancellationToken.None).ConfigureAwait(false);
        foreach (var id in ids)
        {
            roApp.SetStatus(id, SoakRoApp.Ready);
            if (!manual.Contains(id) && (!bulk.Contains(id) || bulk.IndexOf(id) % 3 == 0))
            {
                await sync.InvoiceStatusChangedAsync(SoakRoApp.CompanyId, id, SoakRoApp.Ready, CancellationToken.None).ConfigureAwait(false);
            }
        }

        var manualSends = Task.Run(async () =>
        {
            var failures = 0;
            foreach (var id in manual)
            {
                try
                {
                    await sync.SyncInvoiceNowAsync(SoakRoApp.CompanyId, id, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is ObjectDisposedException or OperationCanceledException or InvalidOperationException)
                {
                    failures++; // the host is killed under it: the send below picks the invoice up
                }
            }

            return failures;
        });

        // 2. Kill the process while it is busy: a third of the invoices in QuickBooks, the rest queued or leased.
        var killWatch = Stopwatch.StartNew();
        while (simulator.Inspect(realmId).Count("Invoice") < invoices / 3 && killWatch.Elapsed < DrainDeadline)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }

        var atKill = await StatsAsync(first.Services).ConfigureAwait(false);
        Volatile.Write(ref current, null);
        await first.KillAsync().ConfigureAwait(false);
        var manualCut = await manualSends.ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"killed host 1 after {killWatch.Elapsed.TotalSeconds:0.0} s: {simulator.Inspect(realmId).Count("Invoice")} invoices in QuickBooks, {atKill.PendingCount} jobs pending, {atKill.LeasedCount} leased (left to expire)"));

        // 3. A new process on the same file; leased jobs come back when their leases run out.
        await Task.Delay(Downtime).ConfigureAwait(false);
        var second = await SoakHost.StartAsync(databasePath, simulator, roApp, accessToken, CancellationToken.None).ConfigureAwait(false);
        Volatile.Write(ref current, second);
        sync = second.Services.GetRequiredService<IQuickBooksSync>();

        // Manual syncs cut off by the kill are what a user would retry: "Sync with QuickBooks" again.
        foreach (var id in manual)
        {
            await sync.SyncInvoiceNowAsync(SoakRoApp.CompanyId, id, CancellationToken.None).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paths: {invoices - bulk.Count - manual.Count} by status, {bulk.Count} bulk ({bulk.Count(b => bulk.IndexOf(b) % 3 == 0)} also by status), {manual.Count} manual ({manualCut} cut off by the kill); custom numbers {(customNumbers ? "on" : "off")}"));

        // 4. RO App edits a few invoices and they are sent again (same trigger status).
        var edited = ids.OrderBy(_ => random.Next()).Take(Math.Max(1, invoices / 10)).ToList();
        foreach (var id in edited)
        {
            roApp.Reprice(id, 99.99m);
            await sync.InvoiceStatusChangedAsync(SoakRoApp.CompanyId, id, SoakRoApp.Ready, CancellationToken.None).ConfigureAwait(false);
        }

        await DrainAsync(second.Services, simulator, "sending invoices").ConfigureAwait(false);

        // 5. Payments: some in RO App (sent to QuickBooks), some by the bookkeeper in QuickBooks (full, partial), some voids.
        var shuffled = ids.Except(edited).OrderBy(_ => random.Next()).ToList();
        var slice = Math.Max(1, invoices / 10);
        var roAppPaid = shuffled.Take(slice).ToList();
        var fullyPaid = shuffled.Skip(slice).Take(slice).ToList();
        var partlyPaid = shuffled.Skip(2 * slice).Take(slice).ToList();
        var voided = shuffled.Skip(3 * slice).Take(Math.Max(1, slice / 2)).ToList();
        foreach (var id in roAppPaid)
        {
            var payment = roApp.AddRoAppPayment(id, 10m);
            await sync.PaymentRecordedAsync(SoakRoApp.CompanyId, payment.Id, id, CancellationToken.None).ConfigureAwait(false);
        }

        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var state = await sync.GetInvoiceStateAsync(SoakRoApp.CompanyId, id, CancellationToken.None).ConfigureAwait(false);
            if (state.QuickBooksId is { } quickBooksId)
            {
                links[id] = quickBooksId;
            }
        }

        // 6. A second kill while RO App payments are being sent, then the last process.
        await Task.Delay(300).ConfigureAwait(false);
        var atSecondKill = await StatsAsync(second.Services).ConfigureAwait(false);
        Volatile.Write(ref current, null);
        await second.KillAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"killed host 2: {atSecondKill.PendingCount} jobs pending, {atSecondKill.LeasedCount} leased"));

        // While no process runs, the bookkeeper works in QuickBooks: those webhooks fail and come again later.
        var bookkeeper = simulator.Bookkeeper;
        var bookkeeperFailures = 0;
        void AsBookkeeper(Action action)
        {
            try
            {
                action();
            }
            catch (InvalidOperationException exception)
            {
                bookkeeperFailures++;
                Console.WriteLine("bookkeeper refused: " + exception.Message);
            }
        }

        foreach (var id in fullyPaid.Where(links.ContainsKey))
        {
            var balance = simulator.Inspect(realmId).Find("Invoice", links[id])!["Balance"]!.GetValue<decimal>();
            AsBookkeeper(() => bookkeeper.RecordPayment(realmId, balance, [new PaymentApplication(links[id], balance)]));
        }

        foreach (var id in partlyPaid.Where(links.ContainsKey))
        {
            AsBookkeeper(() => bookkeeper.RecordPayment(realmId, 5m, [new PaymentApplication(links[id], 5m)]));
        }

        foreach (var id in voided.Where(links.ContainsKey))
        {
            AsBookkeeper(() => bookkeeper.VoidInvoice(realmId, links[id]));
        }

        await Task.Delay(Downtime).ConfigureAwait(false);
        var third = await SoakHost.StartAsync(databasePath, simulator, roApp, accessToken, CancellationToken.None).ConfigureAwait(false);
        Volatile.Write(ref current, third);
        try
        {
            await DrainAsync(third.Services, simulator, "after the second restart").ConfigureAwait(false);

            // 7. Reconciliation (CDC) finds what the dropped webhooks did not bring.
            var reconciled = Environment.GetEnvironmentVariable("SOAK_SKIP_RECONCILE") == "1" ? -1 : await third.Services.GetRequiredService<InboundReconciler>().RunOnceAsync(CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reconciliation queued {reconciled} events"));
            var final = await DrainAsync(third.Services, simulator, "after reconciliation").ConfigureAwait(false);

            var facts = new SoakFacts(ids, edited, roAppPaid, fullyPaid, partlyPaid, voided, links, final, bookkeeperFailures, webhookAnswers.Count);
            var checks = new SoakChecks(roApp, simulator, realmId, metrics);
            var violations = await checks.RunAsync(third.Services, facts, total.Elapsed).ConfigureAwait(false);
            return violations == 0 ? 0 : 1;
        }
        finally
        {
            Volatile.Write(ref current, null);
            await third.StopAsync().ConfigureAwait(false);
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a SQLite file still held by a killed process's pool: the temp folder is left behind
            }
        }
    }

    private static async Task ConnectAsync(IServiceProvider services, string realmId)
    {
        var now = DateTimeOffset.UtcNow;
        await services.GetRequiredService<IConnectionStore>().SaveAsync(
            new StoredConnection { CompanyId = SoakRoApp.CompanyId, RealmId = realmId, ProtectedTokens = [1], AccessTokenExpiresAt = now.AddHours(1), RefreshTokenExpiresAt = now.AddDays(100), ConnectedAt = now, UpdatedAt = now },
            0,
            CancellationToken.None).ConfigureAwait(false);
        await services.GetRequiredService<ISettingsStore>().SaveAsync(
            new CompanySettings
            {
                CompanyId = SoakRoApp.CompanyId,
                Enabled = true,
                TriggerStatusIds = [SoakRoApp.Ready],
                PaymentCashboxId = SoakRoApp.QuickBooksCashbox,
                TaxMappings = [new("sales-tax", "California")],
                InvoiceUpdatedStatusId = SoakRoApp.UpdatedInQuickBooks,
                PaymentCreatedStatusId = SoakRoApp.Paid,
                InvoiceVoidedStatusId = SoakRoApp.Voided,
            },
            0,
            CancellationToken.None).ConfigureAwait(false);
    }

    private static Task<WorkQueueStats> StatsAsync(IServiceProvider services) =>
        services.GetRequiredService<IWorkQueueStore>().GetStatsAsync(SoakRoApp.CompanyId, DateTimeOffset.UtcNow, CancellationToken.None).AsTask();

    /// <summary>Waits, within a real-time deadline, until no webhook is undelivered and no job pending or leased, twice in a row.</summary>
    private static async Task<WorkQueueStats> DrainAsync(IServiceProvider services, QuickBooksSimulator simulator, string what)
    {
        var watch = Stopwatch.StartNew();
        var quietInARow = 0;
        while (true)
        {
            var stats = await StatsAsync(services).ConfigureAwait(false);
            var quiet = stats.PendingCount == 0 && stats.LeasedCount == 0 && simulator.Webhooks.PendingCount == 0;
            quietInARow = quiet ? quietInARow + 1 : 0;
            if (quietInARow == 3)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drained {what} in {watch.Elapsed.TotalSeconds:0.0} s ({stats.DeadLetteredCount} dead letters so far)"));
                return stats;
            }

            if (watch.Elapsed > DrainDeadline)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"NOT drained {what} within {DrainDeadline.TotalSeconds:0} s: {stats.PendingCount} pending, {stats.LeasedCount} leased, {simulator.Webhooks.PendingCount} webhooks undelivered"));
                return stats;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private sealed class WebhookAnswers
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Unanswered() => Interlocked.Increment(ref _count);
    }
}

internal sealed record SoakFacts(
    IReadOnlyList<string> Triggered,
    IReadOnlyList<string> Edited,
    IReadOnlyList<string> RoAppPaid,
    IReadOnlyList<string> FullyPaid,
    IReadOnlyList<string> PartlyPaid,
    IReadOnlyList<string> Voided,
    IReadOnlyDictionary<string, string> Links,
    WorkQueueStats FinalQueue,
    int BookkeeperFailures,
    int WebhooksUnanswered);
