using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Diagnostics;
using RoApp.QuickBooksSync.Tests.Api;

namespace RoApp.QuickBooksSync.Tests.Diagnostics;

public sealed class PollyTelemetryTests : IDisposable
{
    private readonly FakeQuickBooksServer _server = new();
    private readonly TestClient _test;

    public PollyTelemetryTests() => _test = new TestClient(_server);

    public void Dispose()
    {
        _test.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task A_retry_is_reported_on_Pollys_meter_under_the_librarys_pipeline_name_and_the_calls_low_cardinality_key()
    {
        // Polly's meter is static and shared by every test in the process: count only this pipeline's events
        // for an operation no other test retries.
        var events = new ConcurrentQueue<Dictionary<string, string?>>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == QuickBooksSyncDiagnostics.PollyMeterName && instrument.Name == "resilience.polly.strategy.events")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, _, tags, _) =>
        {
            var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            if (copy.GetValueOrDefault("operation.key") == "read CompanyInfo")
            {
                events.Enqueue(copy);
            }
        });
        listener.Start();
        _server.Answer(_ => _server.Requests.Count == 1 ? new Reply(503, "") : Reply.Json("""{"CompanyInfo":{"Id":"1","SyncToken":"0","CompanyName":"Polly Telemetry Repairs"},"time":"2026-03-01T09:00:00Z"}"""));

        await _test.DriveAsync(() => _test.Client.GetCompanyInfoAsync(TestClient.Realm));

        var retry = Assert.Single(events, e => e.GetValueOrDefault("event.name") == "OnRetry");
        Assert.Equal(QuickBooksSyncDiagnostics.ResiliencePipelineName, retry["pipeline.name"]);
        Assert.Equal("retry", retry["strategy.name"]);
        Assert.DoesNotContain(events.SelectMany(e => e.Values), value => value is not null && value.Contains(TestClient.Realm, StringComparison.Ordinal));
    }
}
