using RoApp.QuickBooksSync.Diagnostics;

namespace RoApp.QuickBooksSync.Tests.Diagnostics;

public sealed class QueueGaugeTests
{
    [Fact]
    public async Task Queue_depth_is_reported_by_state_and_the_oldest_age_in_seconds()
    {
        await using var host = new SyncHost();
        await host.EnqueueAsync("shop-1", "invoice:1");
        await host.EnqueueAsync("shop-1", "invoice:2");
        await host.EnqueueAsync("shop-2", "invoice:3");
        var claimed = await host.ClaimAllAsync();
        await host.DeadLetterAsync(claimed[0]);
        host.Time.Advance(TimeSpan.FromSeconds(90));
        await host.EnqueueAsync("shop-2", "invoice:4");
        await host.Get<QueueStatsSampler>().RefreshAsync(CancellationToken.None);
        using var capture = new TelemetryCapture(host.Get<SyncMetrics>().Meter);

        capture.Observe();

        var depth = capture.Of("roapp.quickbooks.queue.depth").ToDictionary(m => m.Tag("state")!, m => m.Value);
        Assert.Equal(new Dictionary<string, double> { ["pending"] = 1, ["leased"] = 2, ["dead_lettered"] = 1 }, depth);
        var age = Assert.Single(capture.Of("roapp.quickbooks.queue.oldest_age"));
        Assert.Equal("s", age.Unit);
        Assert.Equal(0, age.Value);
    }

    [Fact]
    public async Task The_oldest_pending_age_grows_with_the_clock()
    {
        await using var host = new SyncHost();
        await host.EnqueueAsync("shop-1", "invoice:1");
        host.Time.Advance(TimeSpan.FromMinutes(3));
        await host.Get<QueueStatsSampler>().RefreshAsync(CancellationToken.None);
        using var capture = new TelemetryCapture(host.Get<SyncMetrics>().Meter);

        capture.Observe();

        Assert.Equal(180, Assert.Single(capture.Of("roapp.quickbooks.queue.oldest_age")).Value);
    }

    [Fact]
    public async Task An_observation_without_figures_reports_nothing_and_fetches_them_in_the_background_for_the_next()
    {
        await using var host = new SyncHost();
        await host.EnqueueAsync("shop-1", "invoice:1");
        var sampler = host.Get<QueueStatsSampler>();
        using var capture = new TelemetryCapture(host.Get<SyncMetrics>().Meter);

        capture.Observe();
        Assert.Empty(capture.Of("roapp.quickbooks.queue.depth"));
        await sampler.LastRefresh;
        capture.Observe();

        Assert.Equal(1, capture.Of("roapp.quickbooks.queue.depth").Single(m => m.Tag("state") == "pending").Value);
    }

    [Fact]
    public async Task Figures_younger_than_the_maximum_age_are_reused_and_older_ones_are_read_again()
    {
        await using var host = new SyncHost();
        var sampler = host.Get<QueueStatsSampler>();
        await sampler.RefreshAsync(CancellationToken.None);
        await host.EnqueueAsync("shop-1", "invoice:1");
        using var capture = new TelemetryCapture(host.Get<SyncMetrics>().Meter);

        capture.Observe();
        await sampler.LastRefresh;
        var before = capture.Of("roapp.quickbooks.queue.depth").Single(m => m.Tag("state") == "pending").Value;
        host.Time.Advance(QueueStatsSampler.MaxAge);
        capture.Observe();
        await sampler.LastRefresh;
        capture.Observe();
        var after = capture.Of("roapp.quickbooks.queue.depth").Where(m => m.Tag("state") == "pending").Last().Value;

        Assert.Equal((0, 1), (before, after));
    }
}
