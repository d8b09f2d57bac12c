using BenchmarkDotNet.Running;
using RoApp.QuickBooksSync.Benchmarks.Inbound;

// Run with: dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- --filter '*'
// Webhook intake percentiles: dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- webhook-intake
if (args is ["webhook-intake", ..])
{
    await WebhookIntakeHarness.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
