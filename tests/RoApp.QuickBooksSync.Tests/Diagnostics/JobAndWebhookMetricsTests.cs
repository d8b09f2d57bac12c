using System.Diagnostics;
using RoApp.QuickBooksSync.Diagnostics;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.Diagnostics;

/// <summary>The recording methods the worker and the webhook intake call.</summary>
public sealed class JobAndWebhookMetricsTests
{
    [Fact]
    public async Task A_settled_job_is_counted_by_kind_and_outcome_and_timed_in_seconds()
    {
        await using var host = new SyncHost();
        var metrics = host.Get<SyncMetrics>();
        using var capture = new TelemetryCapture(metrics.Meter);
        var started = metrics.Timestamp();
        host.Time.Advance(TimeSpan.FromMilliseconds(1500));

        metrics.RecordJob("invoice.send", JobOutcome.DeadLettered, metrics.Elapsed(started));
        metrics.RecordJob("payment.record", JobOutcome.Completed, TimeSpan.FromSeconds(0.2));

        var jobs = capture.Of("roapp.quickbooks.jobs");
        Assert.Equal(
            [("invoice.send", "dead_lettered"), ("payment.record", "completed")],
            jobs.Select(j => (j.Tag("roapp.quickbooks.work.kind"), j.Tag("outcome"))));
        var duration = capture.Of("roapp.quickbooks.job.duration");
        Assert.Equal([1.5, 0.2], duration.Select(d => d.Value));
        Assert.All(duration, d => Assert.Equal("s", d.Unit));
    }

    [Fact]
    public async Task A_job_span_names_the_kind_and_carries_company_realm_item_and_attempt()
    {
        await using var host = new SyncHost();
        using var capture = new TelemetryCapture(host.Get<SyncMetrics>().Meter);
        var item = new WorkItem
        {
            Id = 42, CompanyId = "shop-9", Kind = "invoice.send", OrderingKey = "invoice:9", Payload = "{}", Attempts = 2,
            RunAt = host.Time.GetUtcNow(), EnqueuedAt = host.Time.GetUtcNow(), State = WorkItemState.Leased,
        };

        using (var activity = SyncMetrics.StartJobActivity(item, "9130"))
        {
            SyncActivities.SetFailure(activity, "validation", new InvalidOperationException("Tax code 'NY' not found."));
        }

        var span = Assert.Single(capture.Spans);
        Assert.Equal("QuickBooks job invoice.send", span.DisplayName);
        Assert.Equal(("shop-9", "9130", 3), (span.GetTagItem("roapp.company_id"), span.GetTagItem("quickbooks.realm_id"), span.GetTagItem("roapp.quickbooks.work_item.attempt")));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("Tax code 'NY' not found.", span.StatusDescription);
    }

    [Fact]
    public async Task Webhook_events_are_counted_by_result_and_deliveries_by_answer_with_their_intake_time()
    {
        await using var host = new SyncHost();
        var metrics = host.Get<SyncMetrics>();
        using var capture = new TelemetryCapture(metrics.Meter);

        using (var delivery = SyncMetrics.StartWebhookActivity())
        {
            SyncActivities.SetCompany(delivery, "shop-1", "9130");
            metrics.RecordWebhookEvents(3, WebhookEventResult.Enqueued);
            metrics.RecordWebhookEvents(1, WebhookEventResult.Duplicate);
            metrics.RecordWebhookEvents(0, WebhookEventResult.UnknownRealm);
            metrics.RecordWebhookDelivery(WebhookDeliveryResult.Accepted, TimeSpan.FromMilliseconds(4));
        }

        metrics.RecordWebhookDelivery(WebhookDeliveryResult.InvalidSignature, TimeSpan.FromMilliseconds(1));

        Assert.Equal([("enqueued", 3.0), ("duplicate", 1.0)], capture.Of("roapp.quickbooks.webhook.events").Select(e => (e.Tag("result"), e.Value)));
        Assert.Equal(["accepted", "invalid_signature"], capture.Of("roapp.quickbooks.webhook.deliveries").Select(d => d.Tag("result")));
        Assert.Equal([0.004, 0.001], capture.Of("roapp.quickbooks.webhook.duration").Select(d => d.Value));
        var span = Assert.Single(capture.Spans);
        Assert.Equal(("QuickBooks webhook", ActivityKind.Server), (span.DisplayName, span.Kind));
        Assert.Equal("shop-1", span.GetTagItem("roapp.company_id"));
    }

    [Fact]
    public async Task Each_container_has_its_own_meter_so_hosts_and_tests_do_not_see_each_others_measurements()
    {
        await using var first = new SyncHost();
        await using var second = new SyncHost();
        using var capture = new TelemetryCapture(first.Get<SyncMetrics>().Meter);

        second.Get<SyncMetrics>().RecordJob("invoice.send", JobOutcome.Completed, TimeSpan.FromSeconds(1));
        first.Get<SyncMetrics>().RecordJob("invoice.send", JobOutcome.Failed, TimeSpan.FromSeconds(1));

        Assert.Equal("failed", Assert.Single(capture.Of("roapp.quickbooks.jobs")).Tag("outcome"));
        Assert.Equal(QuickBooksSyncDiagnostics.MeterName, first.Get<SyncMetrics>().Meter.Name);
    }
}

/// <summary>The one-object scopes the worker and the webhook intake use: a span, a clock, one measurement.</summary>
public sealed class JobAndWebhookScopeTests
{
    [Fact]
    public async Task A_job_scope_times_the_run_on_the_injected_clock_and_records_its_outcome_once()
    {
        await using var host = new SyncHost();
        var metrics = host.Get<SyncMetrics>();
        using var capture = new TelemetryCapture(metrics.Meter);
        var item = new WorkItem
        {
            Id = 3, CompanyId = "shop-1", Kind = "payment.record", OrderingKey = "invoice:3", Payload = "{}",
            RunAt = host.Time.GetUtcNow(), EnqueuedAt = host.Time.GetUtcNow(), State = WorkItemState.Leased,
        };

        using (var job = metrics.StartJob(item, "9130"))
        {
            host.Time.Advance(TimeSpan.FromSeconds(2));
            job.Finish(JobOutcome.Retrying, "QuickBooks answered 503; trying again in 30 s.");
            job.Finish(JobOutcome.Completed);
        }

        var run = Assert.Single(capture.Of("roapp.quickbooks.jobs"));
        Assert.Equal(("payment.record", "retrying"), (run.Tag("roapp.quickbooks.work.kind"), run.Tag("outcome")));
        Assert.Equal(2.0, Assert.Single(capture.Of("roapp.quickbooks.job.duration")).Value);
        var span = Assert.Single(capture.Spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("retrying", span.GetTagItem("outcome"));
    }

    [Fact]
    public async Task A_webhook_scope_counts_events_by_result_and_records_the_answer_and_intake_time()
    {
        await using var host = new SyncHost();
        var metrics = host.Get<SyncMetrics>();
        using var capture = new TelemetryCapture(metrics.Meter);

        using (var delivery = metrics.StartWebhookDelivery())
        {
            delivery.SetCompany("shop-1", "9130");
            delivery.Events(2, WebhookEventResult.Enqueued);
            delivery.Events(1, WebhookEventResult.UnknownRealm);
            host.Time.Advance(TimeSpan.FromMilliseconds(12));
            delivery.Finish(WebhookDeliveryResult.Accepted);
        }

        Assert.Equal([("enqueued", 2.0), ("unknown_realm", 1.0)], capture.Of("roapp.quickbooks.webhook.events").Select(e => (e.Tag("result"), e.Value)));
        Assert.Equal("accepted", Assert.Single(capture.Of("roapp.quickbooks.webhook.deliveries")).Tag("result"));
        Assert.Equal(0.012, Assert.Single(capture.Of("roapp.quickbooks.webhook.duration")).Value, 6);
        var span = Assert.Single(capture.Spans);
        Assert.Equal(("shop-1", "9130"), (span.GetTagItem("roapp.company_id"), span.GetTagItem("quickbooks.realm_id")));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
    }
}
