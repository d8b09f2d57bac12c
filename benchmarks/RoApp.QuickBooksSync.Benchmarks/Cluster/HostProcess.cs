using System.Diagnostics;
using System.Globalization;

namespace RoApp.QuickBooksSync.Benchmarks.Cluster;

/// <summary>
/// One host OS process (<c>dotnet &lt;benchmarks.dll&gt; cluster-host &lt;config&gt; &lt;slot&gt;</c>): started with
/// <see cref="Process.Start(ProcessStartInfo)"/>, ready once it prints <c>READY &lt;url&gt;</c>, ended with SIGKILL
/// (<see cref="Process.Kill(bool)"/>). Its standard error (the library's warnings) goes to a log file.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private volatile bool _killed;

    private HostProcess(int slot, int generation, Process process, StreamWriter log, string logPath)
    {
        Slot = slot;
        Generation = generation;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public int Slot { get; }

    public int Generation { get; }

    public int Pid => _process.Id;

    public string LogPath { get; }

    public Uri? Url { get; private set; }

    /// <summary>Up and serving, and not being killed.</summary>
    public bool Live => Url is not null && !_killed && !_process.HasExited;

    /// <summary>Exited without the coordinator killing it (a crash of the host or the library).</summary>
    public bool ExitedOnItsOwn => !_killed && _process.HasExited;

    public int ExitCode => _process.HasExited ? _process.ExitCode : 0;

    public string Name => string.Create(CultureInfo.InvariantCulture, $"host {Slot}.{Generation} (pid {Pid})");

    public static async Task<HostProcess> StartAsync(string dotnet, string assembly, string configPath, int slot, int generation, string logFolder, TimeSpan readyTimeout)
    {
        var start = new ProcessStartInfo(dotnet)
        {
            ArgumentList = { assembly, "cluster-host", configPath, slot.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var logPath = Path.Combine(logFolder, string.Create(CultureInfo.InvariantCulture, $"host-{slot}.{generation}.log"));
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("The host process did not start.");
        var host = new HostProcess(slot, generation, process, log, logPath);
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("READY ", StringComparison.Ordinal))
            {
                ready.TrySetResult(new Uri(line["READY ".Length..].Trim()));
            }
            else if (e.Data is not null)
            {
                host.Log(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                host.Log(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var timeout = Task.Delay(readyTimeout);
        var first = await Task.WhenAny(ready.Task, exited, timeout);
        if (first != ready.Task)
        {
            host.Kill();
            throw new InvalidOperationException(first == exited
                ? $"{host.Name} exited with {process.ExitCode} before it was ready; see {logPath}"
                : $"{host.Name} was not ready within {readyTimeout.TotalSeconds:0} s; see {logPath}");
        }

        host.Url = await ready.Task;
        return host;
    }

    /// <summary>SIGKILL of the process (and anything it started); waits until it is gone.</summary>
    public void Kill()
    {
        _killed = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.WaitForExit(10_000);
    }

    public void Log(string line)
    {
        lock (_logGate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // the process's output arrived after the end of the run
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        lock (_logGate)
        {
            _log.Dispose();
        }

        _process.Dispose();
    }
}
