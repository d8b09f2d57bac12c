using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RoApp.QuickBooksSync.Diagnostics;

namespace RoApp.QuickBooksSync.Sample;

/// <summary>
/// Listens to the library's meter the way an exporter would and prints a few totals at the end: API calls by
/// outcome, retries, 429s and mean duration, jobs by outcome, webhook events by result.
/// </summary>
internal sealed class MetricsSummary : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tag), double> _sums = new();

    public MetricsSummary()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == QuickBooksSyncDiagnostics.MeterName && instrument is not ObservableInstrument<long> and not ObservableInstrument<double>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument.Name, value, tags));
        _listener.Start();
    }

    public void Print(ConsoleProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        progress.Step($"Metrics from the '{QuickBooksSyncDiagnostics.MeterName}' meter");
        var calls = Total("roapp.quickbooks.api.calls");
        var meanMs = calls > 0 ? Total("roapp.quickbooks.api.duration") / Total("roapp.quickbooks.api.duration#count") * 1000 : 0;
        progress.Detail($"API calls: {calls:0} ({Breakdown("roapp.quickbooks.api.calls")}), retries {Total("roapp.quickbooks.api.retries"):0}, throttled (429) {Total("roapp.quickbooks.api.throttled"):0}, mean {meanMs:0} ms");
        progress.Detail($"Jobs: {Total("roapp.quickbooks.jobs"):0} ({Breakdown("roapp.quickbooks.jobs")})");
        progress.Detail($"Webhook events: {Total("roapp.quickbooks.webhook.events"):0} ({Breakdown("roapp.quickbooks.webhook.events")})");
    }

    public void Dispose() => _listener.Dispose();

    private void Add(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tag = "";
        foreach (var pair in tags)
        {
            if (pair.Key is "outcome" or "result")
            {
                tag = pair.Value?.ToString() ?? "";
            }
        }

        _sums.AddOrUpdate((instrument, tag), value, (_, sum) => sum + value);
        _sums.AddOrUpdate((instrument + "#count", tag), 1, (_, count) => count + 1);
    }

    private double Total(string instrument) => _sums.Where(p => p.Key.Instrument == instrument).Sum(p => p.Value);

    private string Breakdown(string instrument)
    {
        var parts = _sums.Where(p => p.Key.Instrument == instrument).OrderBy(p => p.Key.Tag, StringComparer.Ordinal).Select(p => $"{p.Key.Tag} {p.Value:0}").ToList();
        return parts.Count == 0 ? "none yet" : string.Join(", ", parts);
    }
}
