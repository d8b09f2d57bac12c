using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.OpenTelemetry.Tests;

/// <summary>
/// The OpenTelemetry SDK as a host sets it up, with the in-memory exporter: what the library emits reaches the
/// exporter through <c>AddQuickBooksSyncInstrumentation()</c> alone.
/// </summary>
public sealed class InstrumentationTests
{
    [Fact]
    public async Task AddQuickBooksSyncInstrumentation_exports_the_librarys_API_call_span_and_metrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddQuickBooksSyncInstrumentation().AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddQuickBooksSyncInstrumentation().AddInMemoryExporter(metrics).Build();

        await using var simulator = QuickBooksSimulator.Start();
        var company = simulator.AddCompany(new CompanyOptions { CompanyName = "Fix-It Shop" });
        var token = simulator.IssueTokens(company.RealmId).AccessToken;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<IQuickBooksAccessTokenProvider>(new FixedToken(token));
        services.AddQuickBooksSync(o => o.ApiBaseUrl = simulator.BaseUrl).UseInMemoryStores();
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.GetRequiredService<IQuickBooksClient>().CreateAsync(company.RealmId, new Customer { DisplayName = "Jane Roe" });
        }

        Assert.True(tracing.ForceFlush());
        Assert.True(metering.ForceFlush());

        var span = Assert.Single(spans, s => Equals(s.GetTagItem("quickbooks.realm_id"), company.RealmId));
        Assert.Equal("QuickBooks create Customer", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(Diagnostics.QuickBooksSyncDiagnostics.SourceName, span.Source.Name);

        var calls = Assert.Single(metrics, m => m.Name == "roapp.quickbooks.api.calls");
        Assert.Equal("{call}", calls.Unit);
        var point = Assert.Single(calls.MetricPoints);
        Assert.Equal(1, point.GetSumLong());
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        Assert.Equal("Customer", tags["quickbooks.entity"]);
        Assert.Equal("create", tags["quickbooks.operation"]);
        Assert.DoesNotContain("quickbooks.realm_id", tags.Keys);
        Assert.Contains(metrics, m => m.Name == "roapp.quickbooks.api.duration" && m.Unit == "s");

        // Polly's own telemetry for the same call, on its meter, named after the library's pipeline.
        var pipeline = Assert.Single(metrics, m => m.Name == "resilience.polly.pipeline.duration");
        Assert.Contains(pipeline.MetricPoints, p => TagsOf(p).GetValueOrDefault("pipeline.name") as string == Diagnostics.QuickBooksSyncDiagnostics.ResiliencePipelineName
            && TagsOf(p).GetValueOrDefault("operation.key") as string == "create Customer");
    }

    private static Dictionary<string, object?> TagsOf(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    private sealed class FixedToken(string token) : IQuickBooksAccessTokenProvider
    {
        public ValueTask<string> GetAccessTokenAsync(string realmId, CancellationToken cancellationToken) => ValueTask.FromResult(token);

        public ValueTask<string> RefreshAccessTokenAsync(string realmId, string rejectedAccessToken, CancellationToken cancellationToken) => ValueTask.FromResult(token);
    }
}
