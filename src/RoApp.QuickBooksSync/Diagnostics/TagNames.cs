namespace RoApp.QuickBooksSync.Diagnostics;

/// <summary>Tag keys of spans and metrics, in one place so that dashboards and tests agree with the code.</summary>
internal static class TagNames
{
    // Span-only: unbounded values never go on metrics.
    public const string CompanyId = "roapp.company_id";
    public const string RealmId = "quickbooks.realm_id";
    public const string IntuitTid = "quickbooks.intuit_tid";
    public const string RequestId = "quickbooks.request_id";
    public const string Attempts = "quickbooks.attempts";
    public const string WorkItemId = "roapp.quickbooks.work_item.id";
    public const string WorkAttempt = "roapp.quickbooks.work_item.attempt";
    public const string HttpMethod = "http.request.method";
    public const string HttpStatusCode = "http.response.status_code";
    public const string ErrorType = "error.type";

    // Low-cardinality: on metrics and spans alike.
    public const string Entity = "quickbooks.entity";
    public const string Operation = "quickbooks.operation";
    public const string Outcome = "outcome";
    public const string StatusCodeClass = "http.response.status_class";
    public const string Reason = "reason";
    public const string WorkKind = "roapp.quickbooks.work.kind";
    public const string WebhookResult = "result";
    public const string WebhookFormat = "roapp.quickbooks.webhook.format";
    public const string QueueState = "state";
}
