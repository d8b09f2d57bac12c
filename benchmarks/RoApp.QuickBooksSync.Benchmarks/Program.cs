using BenchmarkDotNet.Running;
using RoApp.QuickBooksSync.Benchmarks.Inbound;
using RoApp.QuickBooksSync.Benchmarks.Outbound;

// Run with: dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- --filter '*'
// API calls per invoice (a ratio from the simulator's request log, not a BenchmarkDotNet run):
//   dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- calls-per-invoice [invoices]
if (args.Length > 0 && args[0] == "calls-per-invoice")
{
    return await ApiCallsPerInvoiceHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
}

// Webhook intake percentiles (verify, parse, durable enqueue on SQLite):
//   dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- webhook-intake
if (args.Length > 0 && args[0] == "webhook-intake")
{
    await WebhookIntakeHarness.RunAsync();
    return 0;
}

// Soak under injected faults (5xx, commit-then-fail, 429, webhook drop/duplicate/reorder, process kill and restart);
// exit code 1 on any violation:
//   dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- soak [invoices=100] [seed=1]
if (args.Length > 0 && args[0] == "soak")
{
    return await RoApp.QuickBooksSync.Benchmarks.Soak.SoakHarness.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1);
}

// Cluster soak: N host OS processes on one store (PostgreSQL, or SQLite with --store sqlite), one simulator,
// real OAuth, every entry path mixed, faults, SIGKILL of a random host every few seconds; exit code 1 on any
// duplicate, lost or echoed record. --short is the CI version (3 hosts on PostgreSQL, 2 on SQLite):
//   dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- cluster --hosts 3 --store postgres --invoices 1000 --seed 1 [--custom-numbers on|off] [--seconds N]
if (args.Length > 0 && args[0] == "cluster")
{
    return await RoApp.QuickBooksSync.Benchmarks.Cluster.ClusterCoordinator.RunAsync(args[1..]);
}

// Throughput at QuickBooks' ceiling: every path against the simulator enforcing the real per-realm limits with
// latency, on the real clock, beside node-quickbooks 2.0.50's naive loop (see docs/performance.md):
//   dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- throughput [--seconds 120] [--latency 300] [--jitter 60] [--paths a,b] [--naive on|off]
if (args.Length > 0 && args[0] == "throughput")
{
    return await RoApp.QuickBooksSync.Benchmarks.Throughput.ThroughputHarness.RunAsync(args[1..]);
}

// One host process of the cluster soak (started by the coordinator, not by hand).
if (args.Length > 2 && args[0] == "cluster-host")
{
    return await RoApp.QuickBooksSync.Benchmarks.Cluster.ClusterHost.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
}

// Many companies in one host process: idle memory and CPU per company (10 against N), start-up time, the first
// reconciliation pass over N realms, and fairness (one big backlog beside 50 single invoices):
//   dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- companies [--companies 1000] [--idle-seconds 60] [--latency 300] [--backlog 5000] [--others 50] [--parts idle,reconcile,fairness]
if (args.Length > 0 && args[0] == "companies")
{
    return await RoApp.QuickBooksSync.Benchmarks.Companies.ManyCompaniesHarness.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
