using System.Diagnostics;

namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>
/// The span and measurements of one run of a work item, closed once with its outcome: the worker starts it
/// when it hands the item to its handler and finishes it when the item is settled.
/// </summary>
internal sealed class JobTelemetry : IDisposable
{
    private readonly SyncMetrics _metrics;
    private readonly string _kind;
    private readonly long _started;
    private bool _finished;

    internal JobTelemetry(SyncMetrics metrics, string kind, Activity? activity, long started)
    {
        _metrics = metrics;
        _kind = kind;
        Activity = activity;
        _started = started;
    }

    /// <summary>The job's span (null when nobody listens): API calls made while it is current become its children.</summary>
    public Activity? Activity { get; }

    /// <summary>Records how the run ended; a failure also marks the span (with the journalled message, which holds no secrets).</summary>
    /// <param name="outcome">How the run ended.</param>
    /// <param name="failure">Why it failed, for a failed, retrying or dead-lettered run.</param>
    public void Finish(JobOutcome outcome, string? failure = null)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (Activity is not null)
        {
            Activity.SetTag(TagNames.Outcome, OutcomeNames.Of(outcome));
            if (failure is not null)
            {
                Activity.SetTag(TagNames.ErrorType, OutcomeNames.Of(outcome));
                Activity.SetStatus(ActivityStatusCode.Error, failure);
            }
        }

        _metrics.RecordJob(_kind, outcome, _metrics.Elapsed(_started));
    }

    public void Dispose() => Activity?.Dispose();
}

/// <summary>
/// The span and measurements of one webhook delivery: the intake starts it when the request arrives, counts
/// what became of its events, and finishes it with the answer it gives Intuit.
/// </summary>
internal sealed class WebhookTelemetry : IDisposable
{
    private readonly SyncMetrics _metrics;
    private readonly long _started;
    private bool _finished;

    internal WebhookTelemetry(SyncMetrics metrics, Activity? activity, long started)
    {
        _metrics = metrics;
        Activity = activity;
        _started = started;
    }

    /// <summary>The delivery's span (null when nobody listens).</summary>
    public Activity? Activity { get; }

    /// <summary>Names the company and realm when the delivery is about one (a delivery may hold several realms).</summary>
    public void SetCompany(string? companyId, string? realmId) => SyncActivities.SetCompany(Activity, companyId, realmId);

    /// <summary>Counts events of the delivery with one result (call once per result).</summary>
    public void Events(int count, WebhookEventResult result) => _metrics.RecordWebhookEvents(count, result);

    /// <summary>Records the answer and how long the intake took.</summary>
    public void Finish(WebhookDeliveryResult result)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (Activity is not null && result != WebhookDeliveryResult.Accepted)
        {
            Activity.SetTag(TagNames.ErrorType, OutcomeNames.Of(result));
            Activity.SetStatus(ActivityStatusCode.Error, OutcomeNames.Of(result));
        }

        _metrics.RecordWebhookDelivery(result, _metrics.Elapsed(_started));
    }

    public void Dispose() => Activity?.Dispose();
}
