using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Benchmarks.Soak;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Testing.Faults;

namespace RoApp.QuickBooksSync.Benchmarks.Cluster;

/// <summary>
/// The cluster soak (verb <c>cluster</c>): exactly-once across OS processes. The coordinator runs ONE
/// QuickBooks simulator (an HTTP server on a localhost port, with write faults, 429s and misbehaving
/// webhooks), holds RO App for everyone (served over HTTP), connects through the simulator's OAuth redirect,
/// and starts N host processes on one store (PostgreSQL database or SQLite file). It drives every entry path
/// through the hosts (status-triggered sends, manual syncs, overlapping bulk sends from two hosts, edits and
/// re-sends, RO App payments) while the bookkeeper pays and voids in QuickBooks and a random host is killed
/// with SIGKILL every few seconds and started again at once. Then it stops killing, drains, reconciles once,
/// and counts both sides (<see cref="SoakChecks"/>). Exit code 1 on any duplicate, lost or echoed record.
/// </summary>
internal sealed class ClusterCoordinator : IAsyncDisposable
{
    private const string TokenPath = "/oauth2/v1/tokens/bearer";

    private static readonly TimeSpan CommandDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan HostReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly ClusterOptions _options;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly SoakRoApp _roApp = new();
    private readonly SoakMetrics _metrics = new();
    private readonly HostProcess?[] _hosts;
    private readonly List<HostProcess> _retired = [];
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, long>> _hostMetrics = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _problems = [];
    private readonly ConcurrentDictionary<string, int> _manualOutcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _manualFailures = [];
    private readonly ConcurrentQueue<string> _commandLog = new();
    private readonly ConcurrentDictionary<string, bool> _triggered = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Stopwatch _total = Stopwatch.StartNew();

    // Started when every driver but the bookkeeper is done: the bookkeeper then waits only a little longer for invoices to be synced.
    private readonly Stopwatch _othersDone = new();
    private readonly string _folder;

    private QuickBooksSimulator _simulator = null!;
    private ClusterStore _store = null!;
    private ClusterRoAppServer _roAppServer = null!;
    private ServiceProvider _services = null!;
    private string _realmId = "";
    private string _configPath = "";
    private string _dotnet = "";
    private string _assembly = "";
    private int _kills;
    private int _commands;
    private int _commandRetries;
    private int _webhooksForwarded;
    private int _webhooksUnanswered;
    private int _generation;

    private ClusterCoordinator(ClusterOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        _hosts = new HostProcess?[options.Hosts];
        _folder = Directory.CreateTempSubdirectory("roapp-cluster-").FullName;
    }

    /// <summary>Runs <c>cluster ...</c>; with <c>--short</c> the CI version: 3 hosts on PostgreSQL, then 2 on one SQLite file.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = ClusterOptions.Parse(args);
        if (!options.Short)
        {
            return await RunOneAsync(options);
        }

        var variants = new[]
        {
            options with { Hosts = 3, Store = ClusterStoreKind.PostgreSql, Invoices = 120, KillEvery = 3, MaxKills = 4 },
            options with { Hosts = 2, Store = ClusterStoreKind.Sqlite, Invoices = 100, KillEvery = 3, MaxKills = 3 },
        };
        var passed = 0;
        var failed = 0;
        foreach (var variant in variants)
        {
            var code = await RunOneAsync(variant);
            Console.WriteLine($"cluster variant ({variant.Name}): {(code == 0 ? "passed" : "FAILED")}");
            if (code == 0)
            {
                passed++;
            }
            else
            {
                failed++;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{passed} passed, {failed} failed"));
        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> RunOneAsync(ClusterOptions options)
    {
        await using var run = new ClusterCoordinator(options);
        try
        {
            return await run.RunAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or QuickBooksException)
        {
            Console.WriteLine($"CLUSTER FAILED: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Concat(_retired))
        {
            host?.Dispose();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _roAppServer?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _http.Dispose();
        _metrics.Dispose();
        if (Environment.GetEnvironmentVariable("CLUSTER_KEEP") != "1")
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // a SQLite file still held: the temp folder is left behind
            }
        }
    }

    private async Task<int> RunAsync()
    {
        Console.WriteLine($"cluster: {_options.Name}; folder {_folder}");
        StartSimulator();
        _store = await ClusterStore.CreateAsync(_options.Store, _folder);
        _roAppServer = new ClusterRoAppServer(_roApp);
        var config = new ClusterHostConfig
        {
            Store = _options.Store,
            StoreLocation = _store.Location,
            Schema = null,
            SimulatorBaseUrl = _simulator.BaseUrl,
            ClientId = _simulator.ClientId,
            ClientSecret = _simulator.ClientSecret,
            VerifierToken = _simulator.VerifierToken,
            TokenEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            RoAppUrl = _roAppServer.Url,
            Hosts = _options.Hosts,
            RefreshMargin = TimeSpan.FromSeconds(15),
        };
        _configPath = Path.Combine(_folder, "host-config.json");
        await File.WriteAllTextAsync(_configPath, JsonSerializer.Serialize(config, ClusterWire.Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_configPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        (_dotnet, _assembly) = HostCommand();
        Console.WriteLine($"cluster: simulator {_simulator.BaseUrl}, {_store.Describe()}, RO App at {_roAppServer.Url}");

        // The coordinator's own library services on the shared store (no worker): connect, queue stats, reconciliation, links.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IRoAppGateway>(_roApp);
        ClusterHost.Configure(services.AddQuickBooksSync(o => ClusterHost.ConfigureOptions(o, config, runWorker: false)), config);
        _services = services.BuildServiceProvider();
        await ConnectAsync();

        // The hosts.
        var starting = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, _options.Hosts).Select(StartHostAsync));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster: {_options.Hosts} host processes ready in {starting.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", _hosts.Select(h => h!.Name))}"));

        // RO App's invoices.
        var ids = Enumerable.Range(1, _options.Invoices).Select(n => _roApp.AddInvoice(n, n % 17, n % 7)).ToList();

        using var stopKilling = new CancellationTokenSource();
        using var stopPolling = new CancellationTokenSource();
        var killer = KillLoopAsync(stopKilling.Token);
        var poller = PollMetricsLoopAsync(stopPolling.Token);
        var driveDeadline = Stopwatch.StartNew();
        var driveLimit = _options.Seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(_options.Short ? 2 : 20);

        var plan = new ClusterPlan(ids, _options.Seed);
        var triggers = TriggerAsync(plan);
        var edits = EditAsync(plan, driveDeadline, driveLimit);
        var payments = PayInRoAppAsync(plan, driveDeadline, driveLimit);
        var bookkeeper = BookkeeperAsync(plan, driveDeadline, driveLimit);
        await Task.WhenAll(triggers, edits, payments);
        _othersDone.Start();
        var (fullyPaid, partlyPaid, voided, refused) = await bookkeeper;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster: every entry path driven in {driveDeadline.Elapsed.TotalSeconds:0.0} s ({_commands} commands to hosts, {_commandRetries} sent again after a dead host); QuickBooks holds {_simulator.Inspect(_realmId).Count("Invoice")} invoices"));

        // The last kill must land while work is in flight: the killer keeps going until it has killed at least twice.
        await stopKilling.CancelAsync();
        await killer;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster: killing stopped after {_kills} kills (SIGKILL), every host restarted at once"));

        var drained = (await DrainAsync("after the run")).Drained;
        // CLUSTER_SKIP_RECONCILE=1 CLUSTER_WEBHOOK_DROP=0.5 is the control: the dropped webhooks are never found, and the checks must fail.
        var reconciled = Environment.GetEnvironmentVariable("CLUSTER_SKIP_RECONCILE") == "1"
            ? -1
            : await _services.GetRequiredService<InboundReconciler>().RunOnceAsync(CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster: reconciliation queued {reconciled} events"));
        var final = await DrainAsync("after reconciliation");
        drained = drained && final.Drained;
        await stopPolling.CancelAsync();
        await poller;
        await PollMetricsAsync();

        // Links as the store has them (for the checks of bookkeeper payments).
        var sync = _services.GetRequiredService<IQuickBooksSync>();
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var notSynced = new List<string>();
        foreach (var id in ids)
        {
            var state = await sync.GetInvoiceStateAsync(SoakRoApp.CompanyId, id, CancellationToken.None);
            if (state.QuickBooksId is { } quickBooksId)
            {
                links[id] = quickBooksId;
            }

            // Lost is also a write nobody finished: after the drain every triggered invoice is linked and synced.
            if (state.QuickBooksId is null || state.Status is not (InvoiceSyncStatus.Synced or InvoiceSyncStatus.SyncedWithWarnings))
            {
                notSynced.Add(id);
                _problems.Add($"RO App invoice {id} ({plan.PathOf(id)}) is {state.Status} in the store after the drain (QuickBooks id {state.QuickBooksId ?? "none"}): '{state.LastMessage}'");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster: {ids.Count - notSynced.Count} of {ids.Count} invoices linked and synced in the store after the drain"));

        foreach (var (_, totals) in _hostMetrics)
        {
            foreach (var (key, value) in totals)
            {
                _metrics.Add(key, value);
            }
        }

        var facts = new SoakFacts(ids, plan.Edited, plan.RoAppPaid, fullyPaid, partlyPaid, voided, links, final.Stats, refused, _webhooksUnanswered);
        PrintClusterFigures();
        foreach (var problem in _problems)
        {
            Console.WriteLine("VIOLATION: " + problem);
        }

        if (!drained)
        {
            Console.WriteLine("VIOLATION: the store or the webhooks did not drain (see above)");
        }

        var violations = await new SoakChecks(_roApp, _simulator, _realmId, _metrics).RunAsync(_services, facts, _total.Elapsed);
        if (violations > 0 || notSynced.Count > 0)
        {
            await DiagnoseAsync(plan, ids, notSynced);
        }
        var failed = violations > 0 || !_problems.IsEmpty || !drained;
        Console.WriteLine(failed
            ? string.Create(CultureInfo.InvariantCulture, $"CLUSTER FAILED: {violations} soak violations, {_problems.Count} cluster violations{(drained ? "" : ", not drained")} ({_options.Name})")
            : $"CLUSTER PASSED ({_options.Name})");
        if (failed)
        {
            Console.WriteLine($"cluster: host logs kept in {_folder} (set CLUSTER_KEEP=1 to keep them after a pass too)");
            Environment.SetEnvironmentVariable("CLUSTER_KEEP", "1");
        }

        return failed ? 1 : 0;
    }

    private void StartSimulator()
    {
        var simulatorOptions = new QuickBooksSimulatorOptions
        {
            Seed = _options.Seed,
            RequestLogCapacity = 1_000_000,

            // Tokens that expire during the run: refresh and rotation happen in whichever process needs a token.
            AccessTokenLifetime = TimeSpan.FromSeconds(_options.Short ? 40 : 90),
        };
        // The realm's limits scaled by the number of host processes (each as much as one app gets from Intuit,
        // so a run of 1,000 invoices takes minutes, not a quarter of an hour), and the per-second limit below what
        // the processes ask together (8/s each): 429s, which they must ride out.
        simulatorOptions.Limits.Scale = _options.Hosts;
        simulatorOptions.Limits.MaxConcurrentRequests = 10 * _options.Hosts;
        simulatorOptions.Limits.RequestsPerSecond = 6 * _options.Hosts;
        simulatorOptions.Limits.RetryAfterSeconds = 1;
        SoakTiming.WebhookChaos(simulatorOptions.Webhooks, Environment.GetEnvironmentVariable("CLUSTER_WEBHOOK_DROP"));

        _simulator = QuickBooksSimulator.Start(simulatorOptions);
        var company = _simulator.AddCompany(new CompanyOptions { Profile = CompanyProfile.UnitedStates, CustomTransactionNumbers = _options.CustomNumbers });
        _realmId = company.RealmId;

        // Faults on single and batch writes: refused, committed then failed, committed then the answer lost,
        // committed then answered only after the client's attempt timeout (1.5 s).
        foreach (var operation in new[] { FaultOperation.Create, FaultOperation.Update, FaultOperation.Batch })
        {
            _simulator.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Operation = operation, Probability = 0.08 });
            _simulator.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenServerError, Operation = operation, Probability = 0.04 });
            _simulator.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenLostAnswer, Operation = operation, Probability = 0.03 });
            _simulator.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenTimeout, Operation = operation, Probability = 0.02, Latency = TimeSpan.FromSeconds(3) });
        }

        // Some latency on every call, as the real service has.
        _simulator.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Probability = 0.25, Latency = TimeSpan.FromMilliseconds(150) });

        // Webhooks go to a live host process; a dead one (or none) means 503/500 and Intuit-style redelivery.
        _simulator.Webhooks.SetTarget(async (delivery, cancellationToken) =>
        {
            Interlocked.Increment(ref _webhooksForwarded);
            var host = PickLive(null);
            if (host is null)
            {
                Interlocked.Increment(ref _webhooksUnanswered);
                return 503;
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Url!, "webhook")) { Content = new ByteArrayContent(delivery.Body.ToArray()) };
                request.Headers.TryAddWithoutValidation(ClusterWire.SignatureHeader, delivery.Signature);
                using var response = await _http.SendAsync(request, timeout.Token);
                if ((int)response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref _webhooksUnanswered);
                }

                return (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                Interlocked.Increment(ref _webhooksUnanswered); // the process died under the delivery
                return 500;
            }
        });
    }

    /// <summary>Connects through the simulator's authorisation redirect (real OAuth), saves the settings and enables the integration.</summary>
    private async Task ConnectAsync()
    {
        var connector = _services.GetRequiredService<IQuickBooksConnector>();
        var begin = await connector.BeginConnectAsync(SoakRoApp.CompanyId, CancellationToken.None);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var answer = await browser.GetAsync(new Uri($"{begin.AuthorizationUrl}&realmId={Uri.EscapeDataString(_realmId)}"));
        var callback = answer.Headers.Location ?? throw new InvalidOperationException($"The simulator's authorisation page answered {(int)answer.StatusCode} without a redirect.");
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        var state = await connector.CompleteConnectAsync(SoakRoApp.CompanyId, query["code"]!, query["realmId"]!, query["state"]!, CancellationToken.None);

        var settings = _services.GetRequiredService<IQuickBooksSettingsService>();
        var current = await settings.GetAsync(SoakRoApp.CompanyId, CancellationToken.None);
        var saved = await settings.SaveAsync(current with
        {
            TriggerStatusIds = [SoakRoApp.Ready],
            PaymentCashboxId = SoakRoApp.QuickBooksCashbox,
            TaxMappings = [new("sales-tax", "California")],
            InvoiceUpdatedStatusId = SoakRoApp.UpdatedInQuickBooks,
            PaymentCreatedStatusId = SoakRoApp.Paid,
            InvoiceVoidedStatusId = SoakRoApp.Voided,
        }, CancellationToken.None);
        if (saved.Outcome != SettingsSaveOutcome.Saved)
        {
            throw new InvalidOperationException($"The settings were not saved ({saved.Outcome}): {string.Join("; ", saved.Validation.Errors)}");
        }

        if (!(await connector.GetStateAsync(SoakRoApp.CompanyId, CancellationToken.None)).Enabled)
        {
            state = await connector.EnableAsync(SoakRoApp.CompanyId, CancellationToken.None);
        }

        Console.WriteLine($"cluster: connected through the OAuth redirect to '{state.CompanyName}' (realm {state.RealmId}); access token expires at {state.AccessTokenExpiresAt:HH:mm:ss} and is refreshed {15} s before");
    }

    private static (string Dotnet, string Assembly) HostCommand()
    {
        var assembly = typeof(ClusterCoordinator).Assembly.Location;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath
            ? hostPath
            : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        return (dotnet, assembly);
    }

    private async Task StartHostAsync(int slot)
    {
        var generation = Interlocked.Increment(ref _generation);
        _hosts[slot] = await HostProcess.StartAsync(_dotnet, _assembly, _configPath, slot, generation, _folder, HostReadyTimeout);
    }

    private HostProcess? PickLive(HostProcess? avoid)
    {
        var live = _hosts.Where(h => h is { Live: true }).Select(h => h!).ToList();
        if (live.Count == 0)
        {
            return null;
        }

        var others = live.Where(h => h != avoid).ToList();
        var from = others.Count > 0 ? others : live;
        lock (_randomGate)
        {
            return from[_random.Next(from.Count)];
        }
    }

    private double NextDouble()
    {
        lock (_randomGate)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>SIGKILL of a random host every few seconds, restarted at once; also restarts a host that died on its own (and reports it).</summary>
    private async Task KillLoopAsync(CancellationToken stop)
    {
        while (true)
        {
            var wait = TimeSpan.FromSeconds(_options.KillEvery * (1 + NextDouble()));
            var stopping = false;
            try
            {
                await Task.Delay(wait, stop);
            }
            catch (OperationCanceledException)
            {
                stopping = true;
            }

            // Crashes are problems; the host is started again so the run can finish.
            for (var slot = 0; slot < _hosts.Length; slot++)
            {
                if (_hosts[slot] is { ExitedOnItsOwn: true } crashed)
                {
                    _problems.Add($"{crashed.Name} exited on its own with code {crashed.ExitCode}; see {crashed.LogPath}");
                    _retired.Add(crashed);
                    await StartHostAsync(slot);
                }
            }

            if (stopping)
            {
                return;
            }

            if (_options.MaxKills is { } max && _kills >= max)
            {
                continue;
            }

            int victim;
            lock (_randomGate)
            {
                victim = _random.Next(_hosts.Length);
            }

            var host = _hosts[victim]!;
            host.Kill();
            _retired.Add(host);
            var kills = Interlocked.Increment(ref _kills);
            var restart = Stopwatch.StartNew();
            await StartHostAsync(victim);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cluster: kill {kills}: SIGKILL {host.Name} at {_total.Elapsed.TotalSeconds:0.0} s ({_simulator.Inspect(_realmId).Count("Invoice")} invoices in QuickBooks); {_hosts[victim]!.Name} ready in {restart.Elapsed.TotalSeconds:0.0} s"));
        }
    }

    private async Task PollMetricsLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await PollMetricsAsync();
            try
            {
                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Each live host's library counters; a killed host's last report stands (it loses at most its last second).</summary>
    private async Task PollMetricsAsync()
    {
        foreach (var host in _hosts.Where(h => h is { Live: true }).Select(h => h!))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                var totals = await _http.GetFromJsonAsync<Dictionary<string, long>>(new Uri(host.Url!, "metrics"), ClusterWire.Json, timeout.Token);
                if (totals is not null)
                {
                    _hostMetrics[host.Name] = totals;
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
            {
                // killed meanwhile
            }
        }
    }

    /// <summary>
    /// Sends a command to a live host (first <paramref name="prefer"/> when it is up); when the host dies
    /// under it, the command goes to another one, as RO App would deliver its event again. Bounded in count and time.
    /// </summary>
    private async Task<ClusterCommandAnswer?> SendAsync(ClusterCommand command, HostProcess? prefer = null)
    {
        Interlocked.Increment(ref _commands);
        var watch = Stopwatch.StartNew();
        for (var attempt = 1; attempt <= 60 && watch.Elapsed < CommandDeadline; attempt++)
        {
            var host = attempt == 1 && prefer is { Live: true } ? prefer : PickLive(null);
            if (host is null)
            {
                await Task.Delay(200);
                continue;
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
                using var response = await _http.PostAsJsonAsync(new Uri(host.Url!, "cmd"), command, ClusterWire.Json, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    var answer = await response.Content.ReadFromJsonAsync<ClusterCommandAnswer>(ClusterWire.Json, timeout.Token);
                    _commandLog.Enqueue(string.Create(CultureInfo.InvariantCulture,
                        $"{_total.Elapsed.TotalSeconds:0.0} s {host.Name} accepted {command.Kind} [{string.Join(",", command.Ids)}] -> [{string.Join("; ", answer?.Results ?? [])}]"));
                    return answer;
                }

                host.Log($"coordinator: command {command.Kind} [{string.Join(",", command.Ids)}] answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(timeout.Token)}");
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                // the host died under the command
            }

            Interlocked.Increment(ref _commandRetries);
            await Task.Delay(200);
        }

        _problems.Add($"command {command.Kind} [{string.Join(",", command.Ids)}] was not accepted by any host within {CommandDeadline.TotalSeconds:0} s");
        return null;
    }

    private void RecordManual(string id, ClusterCommandAnswer? answer)
    {
        foreach (var result in answer?.Results ?? [])
        {
            var kind = result.Split('|', 2)[0];
            _manualOutcomes.AddOrUpdate(kind, 1, (_, n) => n + 1);
            if (kind == nameof(InvoiceSyncResult.Failed))
            {
                _manualFailures.Add($"{id}: {result}");
            }
        }
    }

    /// <summary>
    /// Every invoice gets at least one durable trigger; many get two paths at once: status trigger plus a manual
    /// sync from another host, bulk sends of the same ids from two hosts (one in reverse order), bulk plus status,
    /// manual first then status.
    /// </summary>
    private async Task TriggerAsync(ClusterPlan plan)
    {
        using var parallel = new SemaphoreSlim(3);
        var chunks = plan.Order.Chunk(30).ToList();
        var tasks = new List<Task>();
        foreach (var chunk in chunks)
        {
            await parallel.WaitAsync();
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await TriggerChunkAsync(plan, chunk);
                }
                finally
                {
                    parallel.Release();
                }
            }));
            await Task.Delay(300);
        }

        await Task.WhenAll(tasks);
    }

    private async Task TriggerChunkAsync(ClusterPlan plan, string[] chunk)
    {
        var byPath = chunk.GroupBy(plan.PathOf).ToDictionary(g => g.Key, g => g.ToList());
        List<string> Of(TriggerPath path) => byPath.GetValueOrDefault(path) ?? [];
        var work = new List<Task>();

        var statusOnly = Of(TriggerPath.Status).Concat(Of(TriggerPath.BulkAndStatus)).ToList();
        foreach (var id in statusOnly.Concat(Of(TriggerPath.StatusAndManual)))
        {
            _roApp.SetStatus(id, SoakRoApp.Ready);
        }

        if (statusOnly.Count > 0)
        {
            work.Add(SendAsync(new ClusterCommand("status", statusOnly)));
        }

        // Overlapping bulk sends: the same ids from two hosts, one of them in reverse order.
        var bulk = Of(TriggerPath.Bulk).Concat(Of(TriggerPath.BulkAndStatus)).ToList();
        if (bulk.Count > 0)
        {
            var first = PickLive(null);
            work.Add(SendAsync(new ClusterCommand("bulk", bulk), first));
            work.Add(SendAsync(new ClusterCommand("bulk", [.. Enumerable.Reverse(bulk)]), PickLive(first)));
        }

        // Status trigger and the manual "Sync with QuickBooks" at once, from two hosts.
        foreach (var id in Of(TriggerPath.StatusAndManual))
        {
            var first = PickLive(null);
            work.Add(SendAsync(new ClusterCommand("status", [id]), first));
            work.Add(Task.Run(async () => RecordManual(id, await SendAsync(new ClusterCommand("sync-now", [id]), PickLive(first)))));
        }

        // Manual first (a first send without any earlier attempt on record), then the status trigger.
        foreach (var id in Of(TriggerPath.ManualThenStatus))
        {
            work.Add(Task.Run(async () =>
            {
                RecordManual(id, await SendAsync(new ClusterCommand("sync-now", [id])));
                _roApp.SetStatus(id, SoakRoApp.Ready);
                await SendAsync(new ClusterCommand("status", [id]));
            }));
        }

        await Task.WhenAll(work);
        foreach (var id in chunk)
        {
            _triggered[id] = true;
        }
    }

    private int InQuickBooks() => _simulator.Inspect(_realmId).Count("Invoice");

    private async Task WaitForAsync(Func<bool> condition, Stopwatch since, TimeSpan limit)
    {
        while (!condition() && since.Elapsed < limit)
        {
            await Task.Delay(250);
        }
    }

    /// <summary>RO App edits (a new rate), then the invoice is sent again: by its status or by a manual sync.</summary>
    private async Task EditAsync(ClusterPlan plan, Stopwatch since, TimeSpan limit)
    {
        await WaitForAsync(() => InQuickBooks() >= _options.Invoices / 4, since, limit);
        var work = new List<Task>();
        var n = 0;
        foreach (var id in plan.Edited)
        {
            await WaitForAsync(() => _triggered.ContainsKey(id), since, limit);
            _roApp.Reprice(id, 99.99m);
            _roApp.SetStatus(id, SoakRoApp.Ready);
            var manual = n++ % 3 == 0;
            work.Add(manual
                ? Task.Run(async () => RecordManual(id, await SendAsync(new ClusterCommand("sync-now", [id]))))
                : SendAsync(new ClusterCommand("status", [id])));
            await Task.Delay(100);
        }

        await Task.WhenAll(work);
    }

    /// <summary>Payments taken in RO App; every fourth is announced to two hosts (the event delivered twice).</summary>
    private async Task PayInRoAppAsync(ClusterPlan plan, Stopwatch since, TimeSpan limit)
    {
        await WaitForAsync(() => InQuickBooks() >= _options.Invoices / 3, since, limit);
        var work = new List<Task>();
        var n = 0;
        foreach (var id in plan.RoAppPaid)
        {
            await WaitForAsync(() => _triggered.ContainsKey(id), since, limit);
            var payment = _roApp.AddRoAppPayment(id, 10m);
            var first = PickLive(null);
            work.Add(SendAsync(new ClusterCommand("payment", [id], payment.Id), first));
            if (n++ % 4 == 0)
            {
                work.Add(SendAsync(new ClusterCommand("payment", [id], payment.Id), PickLive(first)));
            }

            await Task.Delay(100);
        }

        await Task.WhenAll(work);
    }

    /// <summary>The bookkeeper pays (in full, in part) and voids invoices in QuickBooks once they are synced, while the hosts work and die.</summary>
    private async Task<(List<string> FullyPaid, List<string> PartlyPaid, List<string> Voided, int Refused)> BookkeeperAsync(ClusterPlan plan, Stopwatch since, TimeSpan limit)
    {
        await WaitForAsync(() => InQuickBooks() >= _options.Invoices / 2, since, limit);
        var sync = _services.GetRequiredService<IQuickBooksSync>();
        var bookkeeper = _simulator.Bookkeeper;
        var fullyPaid = new List<string>();
        var partlyPaid = new List<string>();
        var voided = new List<string>();
        var refused = 0;
        var waiting = plan.FullyPaid.Select(id => (id, kind: 0)).Concat(plan.PartlyPaid.Select(id => (id, kind: 1))).Concat(plan.Voided.Select(id => (id, kind: 2))).ToList();
        var grace = TimeSpan.FromSeconds(_options.Short ? 20 : 45);
        while (waiting.Count > 0 && since.Elapsed < limit && _othersDone.Elapsed < grace)
        {
            var still = new List<(string, int)>();
            foreach (var (id, kind) in waiting)
            {
                var state = await sync.GetInvoiceStateAsync(SoakRoApp.CompanyId, id, CancellationToken.None);
                if (state.QuickBooksId is not { } quickBooksId || state.Status is not (InvoiceSyncStatus.Synced or InvoiceSyncStatus.SyncedWithWarnings))
                {
                    still.Add((id, kind));
                    continue;
                }

                try
                {
                    switch (kind)
                    {
                        case 0:
                            var balance = _simulator.Inspect(_realmId).Find("Invoice", quickBooksId)!["Balance"]!.GetValue<decimal>();
                            bookkeeper.RecordPayment(_realmId, balance, [new PaymentApplication(quickBooksId, balance)]);
                            fullyPaid.Add(id);
                            break;
                        case 1:
                            bookkeeper.RecordPayment(_realmId, 5m, [new PaymentApplication(quickBooksId, 5m)]);
                            partlyPaid.Add(id);
                            break;
                        default:
                            bookkeeper.VoidInvoice(_realmId, quickBooksId);
                            voided.Add(id);
                            break;
                    }
                }
                catch (InvalidOperationException exception)
                {
                    refused++;
                    Console.WriteLine($"cluster: the bookkeeper was refused on {id} ({quickBooksId}): {exception.Message}");
                }

                await Task.Delay(50);
            }

            waiting = still;
            if (waiting.Count > 0)
            {
                await Task.Delay(500);
            }
        }

        if (waiting.Count > 0)
        {
            Console.WriteLine($"cluster: the bookkeeper never saw {waiting.Count} chosen invoices synced before the deadline: {string.Join(", ", waiting.Take(10).Select(w => w.Item1))}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster: the bookkeeper paid {fullyPaid.Count} invoices in full, {partlyPaid.Count} in part and voided {voided.Count} in QuickBooks ({refused} refused)"));
        return (fullyPaid, partlyPaid, voided, refused);
    }

    /// <summary>Until no work is pending or leased anywhere in the store and no webhook is undelivered, three times in a row; bounded.</summary>
    private async Task<(bool Drained, WorkQueueStats Stats)> DrainAsync(string what)
    {
        var queue = _services.GetRequiredService<IWorkQueueStore>();
        var deadline = TimeSpan.FromMinutes(_options.Short ? 2 : 6);
        var watch = Stopwatch.StartNew();
        var quietInARow = 0;
        while (true)
        {
            var stats = await queue.GetStatsAsync(null, DateTimeOffset.UtcNow, CancellationToken.None);
            var quiet = stats.PendingCount == 0 && stats.LeasedCount == 0 && _simulator.Webhooks.PendingCount == 0;
            quietInARow = quiet ? quietInARow + 1 : 0;
            if (quietInARow == 3)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster: drained {what} in {watch.Elapsed.TotalSeconds:0.0} s ({stats.DeadLetteredCount} dead letters)"));
                return (true, stats);
            }

            if (watch.Elapsed > deadline)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"cluster: NOT drained {what} within {deadline.TotalSeconds:0} s: {stats.PendingCount} pending, {stats.LeasedCount} leased, {_simulator.Webhooks.PendingCount} webhooks undelivered"));
                return (false, stats);
            }

            await Task.Delay(300);
        }
    }

    /// <summary>For each RO App invoice not exactly once in QuickBooks: how it entered, its sync state, its journal, the commands it was in.</summary>
    private async Task DiagnoseAsync(ClusterPlan plan, IReadOnlyList<string> ids, IReadOnlyList<string> notSynced)
    {
        var invoices = _simulator.Inspect(_realmId).All("Invoice");
        var sync = _services.GetRequiredService<IQuickBooksSync>();
        foreach (var id in ids)
        {
            var marker = InvoiceMapper.ReferenceMarker(id);
            var found = invoices.Where(i => (i["PrivateNote"]?.GetValue<string>() ?? "").Contains(marker, StringComparison.Ordinal)).ToList();
            if (found.Count == 1 && !notSynced.Contains(id))
            {
                continue;
            }

            var state = await sync.GetInvoiceStateAsync(SoakRoApp.CompanyId, id, CancellationToken.None);
            var sets = string.Join(",", new[] { ("edited", plan.Edited), ("roapp-paid", plan.RoAppPaid), ("fully-paid", plan.FullyPaid), ("partly-paid", plan.PartlyPaid), ("voided", plan.Voided) }
                .Where(s => s.Item2.Contains(id)).Select(s => s.Item1));
            Console.WriteLine($"diagnosis {id}: {found.Count} in QuickBooks [{string.Join(", ", found.Select(i => $"Id {i["Id"]} DocNumber {i["DocNumber"]} Total {i["TotalAmt"]}"))}]; path {plan.PathOf(id)}; sets [{sets}]; state {state.Status} qb={state.QuickBooksId} '{state.LastMessage}'");
            var journal = await sync.QueryJournalAsync(new JournalQuery { CompanyId = SoakRoApp.CompanyId, RoAppEntityId = id, Limit = 30 }, CancellationToken.None);
            foreach (var entry in journal.Entries.Reverse())
            {
                Console.WriteLine($"diagnosis {id}: journal {entry.At:HH:mm:ss.fff} {entry.Direction} {entry.Operation} {entry.Outcome} qb={entry.QuickBooksId} request={entry.RequestId} work={entry.WorkItemId}: {entry.Message} {entry.Details}");
            }

            foreach (var line in _commandLog.Where(c => c.Contains(id + ",", StringComparison.Ordinal) || c.Contains(id + "]", StringComparison.Ordinal)))
            {
                Console.WriteLine($"diagnosis {id}: {line}");
            }
        }
    }

    private void PrintClusterFigures()
    {
        var tokenRequests = _simulator.RequestLog.Where(r => r.Path == TokenPath).ToList();
        var granted = tokenRequests.Count(r => r.Status == 200);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster figures: {_options.Invoices} invoices; {_options.Hosts} host processes; {_kills} SIGKILLs, {_retired.Count} processes retired, {_generation} started in all"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster figures: token endpoint {tokenRequests.Count} requests ({granted} granted: 1 code exchange + {Math.Max(0, granted - 1)} refreshes, each rotating the refresh token; {tokenRequests.Count - granted} refused); API calls refused for the token: {_simulator.Counters.Unauthorized}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster figures: commands {_commands} ({_commandRetries} sent again after a dead host); webhooks forwarded {_webhooksForwarded}, unanswered (no live host, or died under it) {_webhooksUnanswered}; RO App calls served {_roAppServer.Calls}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster figures: manual syncs [{string.Join(", ", _manualOutcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}]"));
        foreach (var failure in _manualFailures.Take(20))
        {
            Console.WriteLine("cluster: manual sync failed: " + failure);
        }

        // A manual sync of an invoice that is ours must never say "duplicate document number" (issue 10, item 2).
        foreach (var failure in _manualFailures.Where(f => f.Contains("6140", StringComparison.Ordinal) || f.Contains("Duplicate Document Number", StringComparison.OrdinalIgnoreCase)))
        {
            _problems.Add("manual sync answered a duplicate document number for an invoice that is ours: " + failure);
        }
    }
}

/// <summary>How each invoice enters the sync.</summary>
internal enum TriggerPath
{
    Status,
    StatusAndManual,
    Bulk,
    BulkAndStatus,
    ManualThenStatus,
}

/// <summary>The seeded plan of a run: the order, each invoice's trigger path, and the disjoint sets edited, paid in RO App, paid or voided in QuickBooks.</summary>
internal sealed class ClusterPlan
{
    private readonly Dictionary<string, TriggerPath> _paths = new(StringComparer.Ordinal);

    public ClusterPlan(IReadOnlyList<string> ids, int seed)
    {
        var random = new Random(seed);
        Order = [.. ids.OrderBy(_ => random.Next())];
        for (var i = 0; i < Order.Count; i++)
        {
            _paths[Order[i]] = (i % 8) switch
            {
                0 or 1 or 2 => TriggerPath.Status,
                3 => TriggerPath.StatusAndManual,
                4 or 5 => TriggerPath.Bulk,
                6 => TriggerPath.BulkAndStatus,
                _ => TriggerPath.ManualThenStatus,
            };
        }

        var others = ids.OrderBy(_ => random.Next()).ToList();
        var slice = Math.Max(1, ids.Count / 10);
        Edited = others.Take(slice).ToList();
        RoAppPaid = others.Skip(slice).Take(slice).ToList();
        FullyPaid = others.Skip(2 * slice).Take(slice).ToList();
        PartlyPaid = others.Skip(3 * slice).Take(slice).ToList();
        Voided = others.Skip(4 * slice).Take(Math.Max(1, slice / 2)).ToList();
    }

    public IReadOnlyList<string> Order { get; }

    public IReadOnlyList<string> Edited { get; }

    public IReadOnlyList<string> RoAppPaid { get; }

    public IReadOnlyList<string> FullyPaid { get; }

    public IReadOnlyList<string> PartlyPaid { get; }

    public IReadOnlyList<string> Voided { get; }

    public TriggerPath PathOf(string id) => _paths[id];
}
