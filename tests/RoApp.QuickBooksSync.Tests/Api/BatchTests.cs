using System.Globalization;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Api.Batch;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;

namespace RoApp.QuickBooksSync.Tests.Api;

public sealed class BatchTests : IDisposable
{
    private readonly FakeQuickBooksServer _server = new();
    private readonly TestClient _test;

    public BatchTests() => _test = new TestClient(_server);

    public void Dispose()
    {
        _test.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Mixed_successes_and_faults_are_matched_to_their_items_by_bId()
    {
        // QuickBooks runs batch items in no guaranteed order: the answer lists them out of order.
        _server.Answer("""
            {"BatchItemResponse":[
              {"bId":"3","QueryResponse":{"Customer":[{"Id":"58","SyncToken":"0","DisplayName":"O'Brien & Sons"}],"startPosition":1,"maxResults":1}},
              {"bId":"2","Fault":{"type":"ValidationFault","Error":[{"Message":"Stale Object Error","Detail":"Stale","code":"5010","element":""}]}},
              {"bId":"1","Invoice":{"Id":"130","SyncToken":"0","TotalAmt":10}}
            ],"time":"2026-03-01T09:00:00Z"}
            """);
        QuickBooksBatchItem[] items =
        [
            QuickBooksBatchItem.Create(new Invoice { CustomerRef = new QuickBooksRef("58") }),
            QuickBooksBatchItem.Update(new Customer { Id = "58", SyncToken = "1", DisplayName = "New" }),
            QuickBooksBatchItem.ForQuery(QuickBooksQuery.From<Customer>().Where("DisplayName", QueryOperator.Equal, "O'Brien & Sons")),
        ];

        var results = await _test.Client.BatchAsync(TestClient.Realm, items, "batch-1");

        var request = Assert.Single(_server.Requests);
        Assert.Equal($"/v3/company/{TestClient.Realm}/batch", request.Path);
        Assert.Equal("batch-1", request.RequestId);
        var sent = JsonNode.Parse(request.Body)!["BatchItemRequest"]!.AsArray();
        Assert.Equal("create", (string?)sent[0]!["operation"]);
        Assert.Equal("58", (string?)sent[0]!["Invoice"]!["CustomerRef"]!["value"]);
        Assert.True((bool)sent[1]!["Customer"]!["sparse"]!);
        Assert.Equal(@"SELECT * FROM Customer WHERE DisplayName = 'O\'Brien & Sons'", (string?)sent[2]!["Query"]);

        Assert.Equal(["1", "2", "3"], results.Select(r => r.BatchId));
        Assert.Equal("130", Assert.IsType<Invoice>(results[0].Entity).Id);
        Assert.False(results[1].Succeeded);
        Assert.IsType<QuickBooksStaleObjectException>(results[1].Error);
        Assert.Equal("58", Assert.IsType<Customer>(Assert.Single(results[2].QueryRows!)).Id);
    }

    [Fact]
    public async Task More_than_30_items_are_split_into_requests_of_at_most_30()
    {
        _server.Answer(request =>
        {
            var answers = JsonNode.Parse(request.Body)!["BatchItemRequest"]!.AsArray()
                .Select(item => $$$"""{"bId":"{{{(string?)item!["bId"]}}}","Customer":{"Id":"{{{(string?)item["bId"]}}}","SyncToken":"0"}}""");
            return Reply.Json($$"""{"BatchItemResponse":[{{string.Join(",", answers)}}]}""");
        });
        var items = Enumerable.Range(1, 65)
            .Select(i => QuickBooksBatchItem.Create(new Customer { DisplayName = $"Customer {i}" }))
            .ToList();

        var results = await _test.DriveAsync(() => _test.Client.BatchAsync(TestClient.Realm, items, "bulk-7"));

        Assert.Equal([30, 30, 5], _server.Requests.Select(r => JsonNode.Parse(r.Body)!["BatchItemRequest"]!.AsArray().Count));
        Assert.Equal(3, _server.Requests.Select(r => r.RequestId).Distinct().Count());
        Assert.All(_server.Requests, r => Assert.InRange(r.RequestId!.Length, 1, 36));
        Assert.Equal(Enumerable.Range(1, 65).Select(i => i.ToString(CultureInfo.InvariantCulture)), results.Result.Select(r => r.Entity!.Id));
    }

    [Fact]
    public async Task An_item_QuickBooks_did_not_answer_is_reported_on_that_item()
    {
        _server.Answer("""{"BatchItemResponse":[{"bId":"1","Customer":{"Id":"1","SyncToken":"0"}}]}""");

        var results = await _test.Client.BatchAsync(
            TestClient.Realm,
            [QuickBooksBatchItem.Create(new Customer { DisplayName = "A" }), QuickBooksBatchItem.Create(new Customer { DisplayName = "B" })]);

        Assert.True(results[0].Succeeded);
        Assert.Contains("answered nothing for batch item 2", results[1].Error!.Message, StringComparison.Ordinal);
    }
}
