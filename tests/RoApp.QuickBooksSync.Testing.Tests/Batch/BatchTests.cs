using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Batch;

public sealed class BatchTests
{
    [Fact]
    public async Task Items_are_answered_one_by_one_with_their_entity_query_or_fault()
    {
        await using var h = Harness.Create();
        await h.CreateCustomerAsync("Taken");
        var body = new JsonObject
        {
            ["BatchItemRequest"] = new JsonArray(
                new JsonObject { ["bId"] = "1", ["operation"] = "create", ["Customer"] = new JsonObject { ["DisplayName"] = "Fresh" } },
                new JsonObject { ["bId"] = "2", ["operation"] = "create", ["Customer"] = new JsonObject { ["DisplayName"] = "Taken" } },
                new JsonObject { ["bId"] = "3", ["Query"] = "select * from Customer where DisplayName = 'Taken'" }),
        };

        var answer = await h.PostAsync("batch", body);

        Assert.Equal(200, answer.Status);
        var items = answer.Json["BatchItemResponse"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Equal("Fresh", items.Single(i => i!["bId"].Str() == "1")!["Customer"]!["DisplayName"].Str());
        Assert.Equal("6240", items.Single(i => i!["bId"].Str() == "2")!["Fault"]!["Error"]![0]!["code"].Str());
        Assert.Equal("Taken", items.Single(i => i!["bId"].Str() == "3")!["QueryResponse"]!["Customer"]![0]!["DisplayName"].Str());
        Assert.Equal(2, h.Sim.Inspect(h.Realm).Count("Customer"));
    }

    [Fact]
    public async Task More_than_30_items_are_refused()
    {
        await using var h = Harness.Create();
        var items = new JsonArray();
        for (var i = 0; i < 31; i++)
        {
            items.Add(new JsonObject { ["bId"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Query"] = "select * from Customer" });
        }

        var answer = await h.PostAsync("batch", new JsonObject { ["BatchItemRequest"] = items });

        Assert.Equal(400, answer.Status);
        Assert.NotNull(answer.Json["Fault"]);
    }

    [Fact]
    public async Task Batch_updates_follow_SyncToken_rules_per_item()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Batch stale");
        var body = new JsonObject
        {
            ["BatchItemRequest"] = new JsonArray(
                new JsonObject { ["bId"] = "a", ["operation"] = "update", ["Customer"] = new JsonObject { ["Id"] = customer["Id"].Str(), ["SyncToken"] = "7", ["sparse"] = true, ["Notes"] = "x" } }),
        };

        var answer = await h.PostAsync("batch", body);

        Assert.Equal("5010", answer.Json["BatchItemResponse"]![0]!["Fault"]!["Error"]![0]!["code"].Str());
    }
}
