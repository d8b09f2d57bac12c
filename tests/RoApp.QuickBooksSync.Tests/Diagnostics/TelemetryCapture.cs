using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using RoApp.QuickBooksSync.Diagnostics;

namespace RoApp.QuickBooksSync.Tests.Diagnostics;

/// <summary>One measurement as a listener saw it.</summary>
internal sealed record Measured(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value?.ToString() : null;
}

/// <summary>
/// Listens to the library's spans and metrics the way a host's exporter would, but only to what one test
/// caused: spans in the trace of the test's own root span, measurements of one container's meter. Tests
/// run in parallel and the activity source is process-wide, so both filters matter.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private const string TestSourceName = "RoApp.QuickBooksSync.Tests";

    private static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Measured> _measured = new();

    private Activity? _root;

    public TelemetryCapture(Meter meter)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is QuickBooksSyncDiagnostics.SourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (_root is { } root && activity.TraceId == root.TraceId && activity != root)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
        // By name above, not by instance: the static source may be created while the listener is being added.
        _root = TestSource.StartActivity("test") ?? throw new InvalidOperationException("The test's root span was not sampled.");

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    /// <summary>The test's root span: every span the test causes belongs to its trace.</summary>
    public Activity Root => _root!;

    public IReadOnlyList<Activity> Spans => [.. _stopped];

    public IReadOnlyList<Measured> Measurements => [.. _measured];

    public IReadOnlyList<Measured> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Asks every observable instrument (the queue gauges) for its current value.</summary>
    public void Observe() => _meters.RecordObservableInstruments();

    public void Dispose()
    {
        _root?.Dispose();
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measured.Enqueue(new Measured(instrument.Name, instrument.Unit, value, copy));
    }
}
