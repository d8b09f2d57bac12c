using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync;
using RoApp.QuickBooksSync.Sample;

// The whole two-way sync on the embedded default: no accounts, no setup. See README.md for running it
// against the command-line simulator or a QuickBooks sandbox company.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    await SampleRun.RunAsync(args, Console.Out, stop.Token);
    return 0;
}
catch (Exception e) when (e is SampleException or OptionsValidationException or QuickBooksException)
{
    Console.Error.WriteLine($"The sample failed: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("The sample was stopped.");
    return 130;
}
catch (Exception e)
{
    // Unexpected: name the kind of failure too, it is what a bug report needs first.
    Console.Error.WriteLine($"The sample failed unexpectedly ({e.GetType().Name}): {e.Message}");
    return 1;
}
