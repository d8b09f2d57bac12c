using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RoApp.QuickBooksSync.Benchmarks.Soak;

/// <summary>
/// Adds up the library's counters (meter <c>RoApp.QuickBooksSync</c>) across every host of the run, keyed by
/// instrument and its outcome/reason/result tag, e.g. <c>roapp.quickbooks.api.retries|throttled</c>.
/// </summary>
internal sealed class SoakMetrics : IDisposable
{
    private static readonly string[] KeyTags = ["outcome", "reason", "result"];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public SoakMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "RoApp.QuickBooksSync" && instrument is Counter<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                if (Array.IndexOf(KeyTags, tag.Key) >= 0)
                {
                    key += "|" + tag.Value;
                }
            }

            _totals.AddOrUpdate(key, value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public long Sum(string instrument) => _totals.Where(t => t.Key == instrument || t.Key.StartsWith(instrument + "|", StringComparison.Ordinal)).Sum(t => t.Value);

    public IEnumerable<KeyValuePair<string, long>> Breakdown(string instrument) =>
        _totals.Where(t => t.Key.StartsWith(instrument + "|", StringComparison.Ordinal)).OrderBy(t => t.Key, StringComparer.Ordinal);

    /// <summary>Every total so far, keyed as above (the cluster soak's host processes report theirs with it).</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_totals, StringComparer.Ordinal);

    /// <summary>Adds totals counted in another process (the cluster soak's hosts).</summary>
    public void Add(string key, long value) => _totals.AddOrUpdate(key, value, (_, total) => total + value);

    public void Dispose() => _listener.Dispose();
}
