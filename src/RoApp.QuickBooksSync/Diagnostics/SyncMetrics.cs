using System.Diagnostics;
using System.Diagnostics.Metrics;
using RoApp.QuickBooksSync.Api.Http;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>
/// The library's <see cref="System.Diagnostics.Metrics.Meter"/> and its instruments: what the API client, the
/// worker and the webhook intake call to record what they did. Tags are low-cardinality only (entity,
/// operation, outcome, status code class, work kind): company and realm go on spans, never here.
/// </summary>
/// <remarks>
/// One per service provider: the meter comes from the host's <see cref="IMeterFactory"/> when it registered one
/// (<c>services.AddMetrics()</c>, which every generic host does), so that listeners of one container do not see
/// another's measurements; without a factory the instance owns its meter.
/// </remarks>
internal sealed class SyncMetrics : IDisposable
{
    // Seconds: from a fast local call to QuickBooks' own 120 s cut-off, and job runs with retries inside.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly bool _ownsMeter;
    private readonly TimeProvider _time;
    private readonly Counter<long> _apiCalls;
    private readonly Histogram<double> _apiDuration;
    private readonly Counter<long> _apiThrottled;
    private readonly Counter<long> _apiRetries;
    private readonly Counter<long> _jobs;
    private readonly Histogram<double> _jobDuration;
    private readonly Counter<long> _webhookEvents;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Histogram<double> _webhookDuration;

    public SyncMetrics(IMeterFactory? meterFactory, TimeProvider time, QueueStatsSampler? queue)
    {
        _time = time;
        var options = new MeterOptions(QuickBooksSyncDiagnostics.MeterName) { Version = LibraryVersion.Value };
        if (meterFactory is not null)
        {
            Meter = meterFactory.Create(options);
        }
        else
        {
            Meter = new Meter(options);
            _ownsMeter = true;
        }

        var durationAdvice = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };

        _apiCalls = Meter.CreateCounter<long>("roapp.quickbooks.api.calls", "{call}",
            "QuickBooks API calls by entity, operation, outcome and HTTP status class; one per logical call, retries included.");
        _apiDuration = Meter.CreateHistogram("roapp.quickbooks.api.duration", "s",
            "Duration of QuickBooks API calls, limiter waits and retries included.", advice: durationAdvice);
        _apiThrottled = Meter.CreateCounter<long>("roapp.quickbooks.api.throttled", "{response}",
            "Answers in which QuickBooks refused a call for exceeding the realm's limits (HTTP 429, fault 3001).");
        _apiRetries = Meter.CreateCounter<long>("roapp.quickbooks.api.retries", "{retry}",
            "Attempts of QuickBooks API calls sent again, by reason.");
        _jobs = Meter.CreateCounter<long>("roapp.quickbooks.jobs", "{job}",
            "Runs of queued work items by kind and outcome.");
        _jobDuration = Meter.CreateHistogram("roapp.quickbooks.job.duration", "s",
            "Duration of one run of a work item, by kind and outcome.", advice: durationAdvice);
        _webhookEvents = Meter.CreateCounter<long>("roapp.quickbooks.webhook.events", "{event}",
            "Events received in Intuit webhook deliveries, by what became of them.");
        _webhookDeliveries = Meter.CreateCounter<long>("roapp.quickbooks.webhook.deliveries", "{delivery}",
            "Intuit webhook deliveries by how they were answered.");
        _webhookDuration = Meter.CreateHistogram("roapp.quickbooks.webhook.duration", "s",
            "Time to verify, parse and durably enqueue one webhook delivery (Intuit waits at most 3 s).", advice: durationAdvice);

        if (queue is not null)
        {
            Meter.CreateObservableGauge("roapp.quickbooks.queue.depth", queue.ObserveDepth, "{item}",
                "Work items in the queue by state (pending, leased, dead_lettered), across companies.");
            Meter.CreateObservableGauge("roapp.quickbooks.queue.oldest_age", queue.ObserveOldestAge, "s",
                "How long the oldest pending work item has waited, across companies.");
        }
    }

    /// <summary>The meter the instruments belong to (tests listen to this instance only).</summary>
    public Meter Meter { get; }

    /// <summary>Starts the span and the clock of one logical API call.</summary>
    public ApiCallTelemetry StartApiCall(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = ApiCallName.Of(request);
        return new ApiCallTelemetry(this, name, SyncActivities.StartApiCall(request, name), _time.GetTimestamp());
    }

    /// <summary>
    /// Starts the span and the clock of one run of a work item; finish it with the outcome once the item is
    /// settled, and dispose it after. The simplest way to instrument the worker.
    /// </summary>
    /// <param name="item">The claimed item.</param>
    /// <param name="realmId">The realm the item is about, when known.</param>
    public JobTelemetry StartJob(WorkItem item, string? realmId = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new JobTelemetry(this, item.Kind, SyncActivities.StartJob(item, realmId), _time.GetTimestamp());
    }

    /// <summary>Starts the span and the clock of one webhook delivery; finish it with the answer given to Intuit.</summary>
    public WebhookTelemetry StartWebhookDelivery() =>
        new(this, SyncActivities.StartWebhookDelivery(), _time.GetTimestamp());

    /// <summary>
    /// Starts the span of one run of a work item. Call it when the runner hands the item to its handler, and
    /// dispose the returned activity when the run is settled.
    /// </summary>
    /// <param name="item">The claimed item.</param>
    /// <param name="realmId">The realm the item is about, when known (e.g. from the handler's description).</param>
    public static Activity? StartJobActivity(WorkItem item, string? realmId = null) => SyncActivities.StartJob(item, realmId);

    /// <summary>Records one settled run of a work item.</summary>
    /// <param name="kind">The work kind, e.g. <c>invoice.send</c> (a fixed set, not an id).</param>
    /// <param name="outcome">How the run ended.</param>
    /// <param name="duration">From the hand-over to the handler until the item was settled.</param>
    public void RecordJob(string kind, JobOutcome outcome, TimeSpan duration)
    {
        var tags = new TagList
        {
            { TagNames.WorkKind, kind },
            { TagNames.Outcome, OutcomeNames.Of(outcome) },
        };
        _jobs.Add(1, tags);
        _jobDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Starts the server span of one webhook delivery; dispose it when the answer is decided.</summary>
    public static Activity? StartWebhookActivity() => SyncActivities.StartWebhookDelivery();

    /// <summary>Records what became of some events of one delivery (call once per result with its count).</summary>
    /// <param name="count">How many events had this result (zero records nothing).</param>
    /// <param name="result">What became of them.</param>
    public void RecordWebhookEvents(int count, WebhookEventResult result)
    {
        if (count > 0)
        {
            _webhookEvents.Add(count, new KeyValuePair<string, object?>(TagNames.WebhookResult, OutcomeNames.Of(result)));
        }
    }

    /// <summary>Records how one webhook delivery was answered and how long the intake took.</summary>
    /// <param name="result">The answer.</param>
    /// <param name="duration">From receiving the body to answering.</param>
    public void RecordWebhookDelivery(WebhookDeliveryResult result, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>(TagNames.WebhookResult, OutcomeNames.Of(result));
        _webhookDeliveries.Add(1, tag);
        _webhookDuration.Record(duration.TotalSeconds, tag);
    }

    /// <summary>Measures elapsed time on the injected clock (tests drive it).</summary>
    public TimeSpan Elapsed(long startTimestamp) => _time.GetElapsedTime(startTimestamp);

    /// <summary>A timestamp to pass to <see cref="Elapsed"/> later.</summary>
    public long Timestamp() => _time.GetTimestamp();

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    internal void RecordApiCall(ApiCallName name, string outcome, string statusClass, TimeSpan duration)
    {
        var tags = new TagList
        {
            { TagNames.Entity, name.Entity },
            { TagNames.Operation, name.Operation },
            { TagNames.Outcome, outcome },
            { TagNames.StatusCodeClass, statusClass },
        };
        _apiCalls.Add(1, tags);
        _apiDuration.Record(duration.TotalSeconds, tags);
    }

    internal void RecordThrottled(ApiCallName name) =>
        _apiThrottled.Add(1, new KeyValuePair<string, object?>(TagNames.Entity, name.Entity), new KeyValuePair<string, object?>(TagNames.Operation, name.Operation));

    internal void RecordRetry(ApiCallName name, string reason) =>
        _apiRetries.Add(
            1,
            new KeyValuePair<string, object?>(TagNames.Entity, name.Entity),
            new KeyValuePair<string, object?>(TagNames.Operation, name.Operation),
            new KeyValuePair<string, object?>(TagNames.Reason, reason));
}
