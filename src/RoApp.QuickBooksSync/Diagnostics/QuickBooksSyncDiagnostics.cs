namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>
/// The names a host subscribes to for the library's traces and metrics. Both are the same:
/// <c>RoApp.QuickBooksSync</c>. With OpenTelemetry:
/// <c>tracing.AddSource(QuickBooksSyncDiagnostics.SourceName)</c> and
/// <c>metrics.AddMeter(QuickBooksSyncDiagnostics.MeterName)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Spans: one per QuickBooks API call (retries and waits included), per work item run, and per webhook
/// delivery; they carry the RO App company and the QuickBooks realm. Metrics carry only low-cardinality
/// tags (entity, operation, outcome, status code class, work kind), never a company or realm id, so that a
/// process serving thousands of companies does not explode a metrics backend.
/// </para>
/// <para>
/// The API client's retries and timeouts run on a Polly v8 pipeline named <see cref="ResiliencePipelineName"/>.
/// Polly reports on its own meter, <see cref="PollyMeterName"/> (<c>resilience.polly.strategy.events</c> for each
/// retry and timeout, <c>resilience.polly.strategy.attempt.duration</c>, <c>resilience.polly.pipeline.duration</c>),
/// tagged <c>pipeline.name</c> = <see cref="ResiliencePipelineName"/> and <c>operation.key</c> = the call's low-cardinality
/// name (<c>create Invoice</c>). The library's own instruments stay the story of record: a retry is also counted in
/// <c>roapp.quickbooks.api.retries</c> and logged once by the library; Polly's telemetry is metrics only, no logs.
/// </para>
/// </remarks>
public static class QuickBooksSyncDiagnostics
{
    /// <summary>The name of the library's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string SourceName = "RoApp.QuickBooksSync";

    /// <summary>The name of the library's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "RoApp.QuickBooksSync";

    /// <summary>The name of the API client's Polly resilience pipeline (the <c>pipeline.name</c> tag of Polly's metrics).</summary>
    public const string ResiliencePipelineName = "RoApp.QuickBooksSync.Api";

    /// <summary>The meter Polly reports on (shared with any other Polly pipeline in the host; filter by <c>pipeline.name</c>).</summary>
    public const string PollyMeterName = "Polly";
}
