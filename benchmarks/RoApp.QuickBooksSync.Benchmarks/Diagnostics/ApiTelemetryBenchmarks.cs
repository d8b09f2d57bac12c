using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using RoApp.QuickBooksSync.Api.Http;
using RoApp.QuickBooksSync.Diagnostics;

namespace RoApp.QuickBooksSync.Benchmarks.Diagnostics;

/// <summary>
/// What tracing and metrics add to one API call, the work the transport does around the HTTP exchange:
/// naming the call, starting and closing the span, one answer, and the call's counter and histogram.
/// Measured with nobody listening (the common case) and with a span listener and a metrics listener on.
/// </summary>
[MemoryDiagnoser]
public class ApiTelemetryBenchmarks : IDisposable
{
    private readonly ApiRequest _request = new()
    {
        Method = HttpMethod.Post,
        RealmId = "9130355000000001",
        Path = "invoice",
        Operation = "sparse update Invoice 130",
        RequestId = "3f2a9c1e0b7d4e5f8a6b",
        IsWrite = true,
    };

    private SyncMetrics _metrics = null!;
    private ActivityListener? _spans;
    private MeterListener? _meters;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new SyncMetrics(meterFactory: null, TimeProvider.System, queue: null);
        if (!Listening)
        {
            return;
        }

        _spans = new ActivityListener
        {
            ShouldListenTo = s => s.Name == QuickBooksSyncDiagnostics.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_spans);
        _meters = new MeterListener { InstrumentPublished = (i, l) => l.EnableMeasurementEvents(i) };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _meters.Start();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _spans?.Dispose();
        _meters?.Dispose();
        _metrics?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public void One_successful_call()
    {
        using var call = _metrics.StartApiCall(_request);
        call.AttemptStarted();
        call.Answered(200, "1-6a2f3c4d-0e5f6a7b8c9d0e1f2a3b4c5d");
        call.Succeeded();
    }
}
