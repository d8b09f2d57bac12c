using System.Diagnostics;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Diagnostics;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing.Faults;

namespace RoApp.QuickBooksSync.Tests.Diagnostics;

/// <summary>The API client against the simulator emits one span and one set of measurements per call.</summary>
public sealed class ApiTelemetryTests
{
    private const string Calls = "roapp.quickbooks.api.calls";
    private const string Duration = "roapp.quickbooks.api.duration";

    [Fact]
    public async Task A_create_emits_a_client_span_with_realm_operation_entity_and_status()
    {
        await using var host = new SimulatorApiHost();
        using var capture = new TelemetryCapture(host.Metrics.Meter);

        var created = await host.Client.CreateAsync(host.Realm, new Customer { DisplayName = "Jane Roe" });

        var span = Assert.Single(capture.Spans, s => s.Source.Name == QuickBooksSyncDiagnostics.SourceName);
        Assert.Equal("QuickBooks create Customer", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
        Assert.Equal(host.Realm, span.GetTagItem("quickbooks.realm_id"));
        Assert.Equal("create", span.GetTagItem("quickbooks.operation"));
        Assert.Equal("Customer", span.GetTagItem("quickbooks.entity"));
        Assert.Equal("POST", span.GetTagItem("http.request.method"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(1, span.GetTagItem("quickbooks.attempts"));
        Assert.NotNull(span.GetTagItem("quickbooks.request_id"));
        Assert.NotNull(created.Id);
    }

    [Fact]
    public async Task A_successful_call_is_counted_once_with_entity_operation_outcome_and_status_class_and_timed_in_seconds()
    {
        await using var host = new SimulatorApiHost();
        using var capture = new TelemetryCapture(host.Metrics.Meter);

        await host.Client.GetCompanyInfoAsync(host.Realm);

        var call = Assert.Single(capture.Of(Calls));
        Assert.Equal(1, call.Value);
        Assert.Equal(("CompanyInfo", "read", "success", "2xx"), (call.Tag("quickbooks.entity"), call.Tag("quickbooks.operation"), call.Tag("outcome"), call.Tag("http.response.status_class")));
        var duration = Assert.Single(capture.Of(Duration));
        Assert.Equal("s", duration.Unit);
        Assert.Equal(call.Tags, duration.Tags);
    }

    [Fact]
    public async Task A_read_of_a_missing_invoice_is_counted_as_not_found_with_4xx_and_its_span_is_an_error()
    {
        await using var host = new SimulatorApiHost();
        using var capture = new TelemetryCapture(host.Metrics.Meter);

        await Assert.ThrowsAsync<QuickBooksObjectNotFoundException>(() => host.Client.ReadAsync<Invoice>(host.Realm, "424242"));

        var call = Assert.Single(capture.Of(Calls));
        Assert.Equal(("Invoice", "read", "not_found", "4xx"), (call.Tag("quickbooks.entity"), call.Tag("quickbooks.operation"), call.Tag("outcome"), call.Tag("http.response.status_class")));
        var span = Assert.Single(capture.Spans, s => s.Source.Name == QuickBooksSyncDiagnostics.SourceName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("not_found", span.GetTagItem("error.type"));
        Assert.Equal("QuickBooks read Invoice", span.DisplayName);
    }

    [Fact]
    public async Task A_503_then_success_counts_one_retry_by_reason_one_successful_call_and_records_the_retry_on_the_span()
    {
        await using var host = new SimulatorApiHost();
        host.Simulator.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Operation = FaultOperation.Create, Times = 1 });
        using var capture = new TelemetryCapture(host.Metrics.Meter);

        await host.DriveAsync(() => host.Client.CreateAsync(host.Realm, new Customer { DisplayName = "John Doe" }));

        var retry = Assert.Single(capture.Of("roapp.quickbooks.api.retries"));
        Assert.Equal(("Customer", "create", "server_error"), (retry.Tag("quickbooks.entity"), retry.Tag("quickbooks.operation"), retry.Tag("reason")));
        var call = Assert.Single(capture.Of(Calls));
        Assert.Equal(("success", "2xx"), (call.Tag("outcome"), call.Tag("http.response.status_class")));
        Assert.Empty(capture.Of("roapp.quickbooks.api.throttled"));
        var span = Assert.Single(capture.Spans, s => s.Source.Name == QuickBooksSyncDiagnostics.SourceName);
        Assert.Equal(2, span.GetTagItem("quickbooks.attempts"));
        Assert.Equal("server_error", Assert.Single(span.Events).Tags.Single(t => t.Key == "reason").Value);
    }

    [Fact]
    public async Task A_429_from_the_simulator_counts_as_throttled_and_as_a_throttled_retry()
    {
        await using var host = new SimulatorApiHost(o =>
        {
            // The simulator allows far less than the client believes, so the client meets a real 429.
            o.Limits.RequestsPerMinute = 1;
            o.Limits.RetryAfterSeconds = 61;
        });
        await host.Client.GetCompanyInfoAsync(host.Realm);
        using var capture = new TelemetryCapture(host.Metrics.Meter);

        await host.DriveAsync(() => host.Client.GetCompanyInfoAsync(host.Realm));

        var throttled = Assert.Single(capture.Of("roapp.quickbooks.api.throttled"));
        Assert.Equal(("CompanyInfo", "read"), (throttled.Tag("quickbooks.entity"), throttled.Tag("quickbooks.operation")));
        Assert.Equal("throttled", Assert.Single(capture.Of("roapp.quickbooks.api.retries")).Tag("reason"));
        Assert.Equal("success", Assert.Single(capture.Of(Calls)).Tag("outcome"));
    }

    [Fact]
    public async Task A_call_made_inside_a_job_span_is_its_child_and_carries_the_company()
    {
        await using var host = new SimulatorApiHost();
        using var capture = new TelemetryCapture(host.Metrics.Meter);
        var item = new WorkItem
        {
            Id = 7, CompanyId = "shop-1", Kind = "invoice.send", OrderingKey = "invoice:1", Payload = "{}",
            RunAt = host.Time.GetUtcNow(), EnqueuedAt = host.Time.GetUtcNow(), State = WorkItemState.Leased,
        };

        using (SyncMetrics.StartJobActivity(item, host.Realm))
        {
            await host.Client.GetCompanyInfoAsync(host.Realm);
        }

        var job = Assert.Single(capture.Spans, s => s.DisplayName == "QuickBooks job invoice.send");
        var call = Assert.Single(capture.Spans, s => s.DisplayName == "QuickBooks read CompanyInfo");
        Assert.Equal(job.SpanId, call.ParentSpanId);
        Assert.Equal("shop-1", job.GetTagItem("roapp.company_id"));
        Assert.Equal("shop-1", call.GetTagItem("roapp.company_id"));
        Assert.Equal(host.Realm, job.GetTagItem("quickbooks.realm_id"));
        Assert.Equal(7L, job.GetTagItem("roapp.quickbooks.work_item.id"));
    }

    [Fact]
    public async Task Metrics_never_carry_a_company_realm_or_object_id()
    {
        await using var host = new SimulatorApiHost();
        using var capture = new TelemetryCapture(host.Metrics.Meter);

        var customer = await host.Client.CreateAsync(host.Realm, new Customer { DisplayName = "Ann Lee" });
        await host.Client.ReadAsync<Customer>(host.Realm, customer.Id!);
        await Assert.ThrowsAsync<QuickBooksObjectNotFoundException>(() => host.Client.ReadAsync<Invoice>(host.Realm, "5150"));

        Assert.Equal(3, capture.Of(Calls).Count);
        foreach (var measured in capture.Measurements)
        {
            Assert.DoesNotContain(measured.Tags.Keys, k => k.Contains("realm", StringComparison.Ordinal) || k.Contains("company", StringComparison.Ordinal));
            Assert.DoesNotContain(measured.Tags.Values, v => Equals(v, host.Realm) || Equals(v, customer.Id) || Equals(v, "5150"));
        }
    }

    [Fact]
    public async Task A_refused_token_refreshed_once_counts_as_a_token_refresh_retry_and_the_call_succeeds()
    {
        await using var host = new SimulatorApiHost(staleFirstToken: true);
        using var capture = new TelemetryCapture(host.Metrics.Meter);

        await host.Client.GetCompanyInfoAsync(host.Realm);

        Assert.Equal("token_refresh", Assert.Single(capture.Of("roapp.quickbooks.api.retries")).Tag("reason"));
        Assert.Equal(("success", "2xx"), (Assert.Single(capture.Of(Calls)).Tag("outcome"), capture.Of(Calls)[0].Tag("http.response.status_class")));
    }

    [Fact]
    public async Task A_call_the_caller_cancels_is_counted_as_canceled_without_a_status()
    {
        await using var host = new SimulatorApiHost();
        using var capture = new TelemetryCapture(host.Metrics.Meter);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.GetCompanyInfoAsync(host.Realm, cancelled.Token));

        var call = Assert.Single(capture.Of(Calls));
        Assert.Equal(("canceled", "none"), (call.Tag("outcome"), call.Tag("http.response.status_class")));
        Assert.Equal(ActivityStatusCode.Error, Assert.Single(capture.Spans, s => s.Source.Name == QuickBooksSyncDiagnostics.SourceName).Status);
    }
}
