using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Faults;

namespace RoApp.QuickBooksSync.Testing.Tests.Limits;

public sealed class LimitTests
{
    [Fact]
    public async Task Requests_over_the_per_minute_limit_get_429_ThrottleExceeded_until_the_window_moves()
    {
        // Scale 0.01 turns 500 per minute into 5.
        await using var h = Harness.Create(configure: o => o.Limits.Scale = 0.01);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await h.GetAsync("preferences")).Status);
        }

        var throttled = await h.GetAsync("preferences");
        h.Time.Advance(TimeSpan.FromSeconds(61));
        var later = await h.GetAsync("preferences");

        Assert.Equal(429, throttled.Status);
        Assert.Equal("3001", throttled.FaultCode);
        Assert.Equal(200, later.Status);
        Assert.Equal(1, h.Sim.Counters.Throttled);
    }

    [Fact]
    public async Task Retry_After_is_sent_only_when_configured()
    {
        await using var h = Harness.Create(configure: o =>
        {
            o.Limits.Scale = 0.002;
            o.Limits.RetryAfterSeconds = 60;
        });
        await h.GetAsync("preferences");

        var throttled = await h.GetAsync("preferences");

        Assert.Equal(429, throttled.Status);
        Assert.Equal("60", throttled.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task Batch_requests_have_their_own_per_minute_limit()
    {
        // 40 batches per minute scaled by 0.05 = 2.
        await using var h = Harness.Create(configure: o => o.Limits.Scale = 0.05);
        var body = new JsonObject { ["BatchItemRequest"] = new JsonArray(new JsonObject { ["bId"] = "1", ["Query"] = "select * from Item" }) };

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await h.PostAsync("batch", body.DeepClone())).Status);
        }

        Assert.Equal([200, 200, 429], statuses);
        Assert.Equal(200, (await h.GetAsync("preferences")).Status);
    }

    [Fact]
    public async Task The_optional_per_second_limit_throttles_the_eleventh_call_in_a_second()
    {
        await using var h = Harness.Create(configure: o => o.Limits.RequestsPerSecond = 10);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(200, (await h.GetAsync("preferences")).Status);
        }

        var throttled = await h.GetAsync("preferences");
        h.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(429, throttled.Status);
        Assert.Equal(200, (await h.GetAsync("preferences")).Status);
    }

    [Fact]
    public async Task Limits_can_be_turned_off()
    {
        await using var h = Harness.Create(configure: o =>
        {
            o.Limits.Scale = 0.002;
            o.Limits.Enabled = false;
        });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await h.GetAsync("preferences")).Status);
        }
    }

    [Fact]
    public async Task More_requests_in_flight_than_allowed_are_throttled()
    {
        await using var h = Harness.Create(configure: o => o.Limits.MaxConcurrentRequests = 1);
        // The first read is held long enough that the second surely arrives while it is in flight.
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Entity = "Item", Operation = FaultOperation.Read, Times = 1, Latency = TimeSpan.FromSeconds(3) });
        var slow = h.GetAsync("item/" + h.Company.ServiceItemId);
        while (h.Sim.Counters.FaultsInjected == 0)
        {
            await Task.Yield();
        }

        var second = await h.GetAsync("preferences");

        Assert.Equal(429, second.Status);
        Assert.Equal(200, (await slow).Status);
    }
}
