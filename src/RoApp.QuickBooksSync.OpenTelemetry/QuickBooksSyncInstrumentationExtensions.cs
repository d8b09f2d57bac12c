using RoApp.QuickBooksSync.Diagnostics;

// OpenTelemetry's own namespaces, where hosts look for Add…Instrumentation() beside the builders.
namespace OpenTelemetry.Trace
{
    /// <summary>Subscribes a tracer provider to the QuickBooks sync's spans.</summary>
    public static class QuickBooksSyncTracerProviderBuilderExtensions
    {
        /// <summary>
        /// Adds the QuickBooks sync's <see cref="System.Diagnostics.ActivitySource"/>
        /// (<see cref="QuickBooksSyncDiagnostics.SourceName"/>): a client span per QuickBooks API call (retries and
        /// waits included), a span per work item run and a server span per webhook delivery, each naming the RO App
        /// company and the QuickBooks realm.
        /// </summary>
        /// <param name="builder">The host's tracer provider builder.</param>
        /// <returns>The builder, for chaining.</returns>
        public static TracerProviderBuilder AddQuickBooksSyncInstrumentation(this TracerProviderBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            return builder.AddSource(QuickBooksSyncDiagnostics.SourceName);
        }
    }
}

namespace OpenTelemetry.Metrics
{
    /// <summary>Subscribes a meter provider to the QuickBooks sync's metrics.</summary>
    public static class QuickBooksSyncMeterProviderBuilderExtensions
    {
        /// <summary>
        /// Adds the QuickBooks sync's <see cref="System.Diagnostics.Metrics.Meter"/>
        /// (<see cref="QuickBooksSyncDiagnostics.MeterName"/>): the <c>roapp.quickbooks.*</c> instruments for API calls,
        /// throttled answers, retries, jobs, webhook deliveries and events, queue depth and the oldest pending age.
        /// Their tags are low-cardinality (entity, operation, outcome, kind), never a company or realm.
        /// Also adds Polly's meter (<see cref="QuickBooksSyncDiagnostics.PollyMeterName"/>), where the API client's
        /// resilience pipeline (<c>pipeline.name</c> = <see cref="QuickBooksSyncDiagnostics.ResiliencePipelineName"/>)
        /// reports its retries, timeouts and attempt durations; the host's own Polly pipelines report there too.
        /// </summary>
        /// <param name="builder">The host's meter provider builder.</param>
        /// <returns>The builder, for chaining.</returns>
        public static MeterProviderBuilder AddQuickBooksSyncInstrumentation(this MeterProviderBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            return builder.AddMeter(QuickBooksSyncDiagnostics.MeterName, QuickBooksSyncDiagnostics.PollyMeterName);
        }
    }
}
