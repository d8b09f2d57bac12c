using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project benchmarks/RoApp.QuickBooksSync.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
