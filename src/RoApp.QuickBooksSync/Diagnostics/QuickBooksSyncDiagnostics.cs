namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>
/// The names a host subscribes to for the library's traces and metrics. Both are the same:
/// <c>RoApp.QuickBooksSync</c>. With OpenTelemetry:
/// <c>tracing.AddSource(QuickBooksSyncDiagnostics.SourceName)</c> and
/// <c>metrics.AddMeter(QuickBooksSyncDiagnostics.MeterName)</c>.
/// </summary>
/// <remarks>
/// Spans: one per QuickBooks API call (retries and waits included), per work item run, and per webhook
/// delivery; they carry the RO App company and the QuickBooks realm. Metrics carry only low-cardinality
/// tags (entity, operation, outcome, status code class, work kind), never a company or realm id, so that a
/// process serving thousands of companies does not explode a metrics backend.
/// </remarks>
public static class QuickBooksSyncDiagnostics
{
    /// <summary>The name of the library's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string SourceName = "RoApp.QuickBooksSync";

    /// <summary>The name of the library's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "RoApp.QuickBooksSync";
}
