using System.Diagnostics;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Connection;

namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>
/// The span and measurements of one logical API call, fed by the transport as attempts come and go and
/// closed exactly once with the call's outcome. Not thread-safe: one call runs its attempts one after another.
/// </summary>
internal sealed class ApiCallTelemetry : IDisposable
{
    private readonly SyncMetrics _metrics;
    private readonly ApiCallName _name;
    private readonly Activity? _activity;
    private readonly long _started;
    private int _attempts;
    private int? _lastStatus;
    private bool _finished;

    internal ApiCallTelemetry(SyncMetrics metrics, ApiCallName name, Activity? activity, long started)
    {
        _metrics = metrics;
        _name = name;
        _activity = activity;
        _started = started;
    }

    /// <summary>An attempt is about to be sent.</summary>
    public void AttemptStarted() => _attempts++;

    /// <summary>An attempt got an HTTP answer (whatever its status).</summary>
    public void Answered(int statusCode, string? intuitTid)
    {
        _lastStatus = statusCode;
        if (_activity is not null && intuitTid is not null)
        {
            _activity.SetTag(TagNames.IntuitTid, intuitTid);
        }
    }

    /// <summary>An attempt ended with a failure (before the decision whether to retry).</summary>
    public void AttemptFailed(QuickBooksApiException failure)
    {
        if (failure is QuickBooksThrottledException)
        {
            _metrics.RecordThrottled(_name);
        }
    }

    /// <summary>The call is sent again after <paramref name="delay"/> for <paramref name="reason"/>.</summary>
    public void Retrying(string reason, TimeSpan delay)
    {
        _metrics.RecordRetry(_name, reason);
        _activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            [TagNames.Reason] = reason,
            ["delay_ms"] = (long)delay.TotalMilliseconds,
            [TagNames.Attempts] = _attempts,
        }));
    }

    /// <summary>The call succeeded.</summary>
    public void Succeeded() => Finish("success", null);

    /// <summary>The call failed for good (or was cancelled).</summary>
    public void Failed(Exception exception)
    {
        var status = (exception as QuickBooksApiException)?.HttpStatusCode;
        if (status is not null)
        {
            _lastStatus = status;
        }

        var outcome = OutcomeOf(exception);
        SyncActivities.SetFailure(_activity, outcome, exception);
        Finish(outcome, exception);
    }

    public void Dispose() => _activity?.Dispose();

    /// <summary>A fixed, low-cardinality name for how a call ended.</summary>
    internal static string OutcomeOf(Exception exception) => exception switch
    {
        QuickBooksThrottledException => "throttled",
        QuickBooksStaleObjectException => "stale_object",
        QuickBooksDuplicateNameException => "duplicate_name",
        QuickBooksDuplicateDocumentNumberException => "duplicate_document_number",
        QuickBooksObjectNotFoundException => "not_found",
        QuickBooksValidationException => "validation",
        QuickBooksAuthenticationException => "authentication",
        QuickBooksAuthorizationException => "authorization",
        QuickBooksSubscriptionEndedException => "subscription_ended",
        QuickBooksTransientException => "transient",
        QuickBooksApiException => "fault",
        OperationCanceledException => "canceled",
        QuickBooksConnectionException => "connection",
        _ => "error",
    };

    internal static string StatusClass(int? status) => status switch
    {
        null => "none",
        >= 100 and < 200 => "1xx",
        >= 200 and < 300 => "2xx",
        >= 300 and < 400 => "3xx",
        >= 400 and < 500 => "4xx",
        >= 500 and < 600 => "5xx",
        _ => "other",
    };

    private void Finish(string outcome, Exception? exception)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (_activity is not null)
        {
            _activity.SetTag(TagNames.Attempts, _attempts);
            if (_lastStatus is { } status)
            {
                _activity.SetTag(TagNames.HttpStatusCode, status);
            }

            if (exception is null)
            {
                _activity.SetStatus(ActivityStatusCode.Ok);
            }
        }

        _metrics.RecordApiCall(_name, outcome, StatusClass(_lastStatus), _metrics.Elapsed(_started));
    }
}
