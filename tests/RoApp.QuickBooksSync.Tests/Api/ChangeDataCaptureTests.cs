using System.Globalization;
using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Tests.Api;

public sealed class ChangeDataCaptureTests : IDisposable
{
    private static readonly DateTimeOffset Since = new(2026, 2, 20, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeQuickBooksServer _server = new();
    private readonly TestClient _test;

    public ChangeDataCaptureTests() => _test = new TestClient(_server);

    public void Dispose()
    {
        _test.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Changes_and_tombstones_are_read_from_the_array_shaped_query_response()
    {
        _server.Answer("""
            {"CDCResponse":[{"QueryResponse":[
              {"Invoice":[
                 {"Id":"130","SyncToken":"3","TotalAmt":0,"PrivateNote":"Voided","MetaData":{"CreateTime":"2026-02-21T10:00:00-08:00","LastUpdatedTime":"2026-02-22T10:00:00-08:00"}},
                 {"domain":"QBO","status":"Deleted","Id":"131","MetaData":{"LastUpdatedTime":"2026-02-23T11:00:00-08:00"}}],
               "startPosition":1,"maxResults":2},
              {"Payment":[{"Id":"77","SyncToken":"0","TotalAmt":40,"Line":[{"Amount":40,"LinkedTxn":[{"TxnId":"130","TxnType":"Invoice"}]}]}],"startPosition":1,"maxResults":1}
            ]}],"time":"2026-03-01T09:00:00.000-08:00"}
            """);

        var changes = await _test.Client.GetChangesAsync(TestClient.Realm, ["Invoice", "Payment"], Since);

        var request = Assert.Single(_server.Requests);
        Assert.Equal($"/v3/company/{TestClient.Realm}/cdc", request.Path);
        Assert.Equal("Invoice,Payment", request.Query["entities"]);
        Assert.Equal("2026-02-20T00:00:00+00:00", request.Query["changedSince"]);
        Assert.Equal("130", Assert.Single(changes.ChangedOf<Invoice>()).Id);
        Assert.Equal("130", Assert.Single(changes.ChangedOf<Payment>()).Lines![0].LinkedTxns![0].TxnId);
        var deletion = Assert.Single(changes.Deleted);
        Assert.Equal(("Invoice", "131"), (deletion.EntityName, deletion.Id));
        Assert.Equal(new DateTimeOffset(2026, 2, 23, 11, 0, 0, TimeSpan.FromHours(-8)), deletion.DeletedAt);
    }

    [Fact]
    public async Task A_window_that_hits_the_1000_object_cap_is_split_until_nothing_is_missed()
    {
        // 1,500 invoices (every 100th deleted) and 300 payments, one change per second; the fake CDC
        // answers the oldest 1,000 changes across the requested entities, as the cap allows.
        var invoices = Enumerable.Range(1, 1500).Select(i => new Change("Invoice", i.ToString(CultureInfo.InvariantCulture), Since.AddSeconds(i), i % 100 == 0)).ToList();
        var payments = Enumerable.Range(1, 300).Select(i => new Change("Payment", $"p{i}", Since.AddSeconds(i * 3), false)).ToList();
        var all = invoices.Concat(payments).ToList();
        _server.Answer(request => Reply.Json(CdcAnswer(all, request)));

        var changes = await _test.Client.GetChangesAsync(TestClient.Realm, ["Invoice", "Payment"], Since);

        Assert.Equal(1485, changes.ChangedOf<Invoice>().Select(i => i.Id).Distinct().Count());
        Assert.Equal(15, changes.Deleted.Count);
        Assert.Equal(300, changes.ChangedOf<Payment>().Count());
        Assert.Equal(
            ["Invoice,Payment", "Invoice", "Invoice", "Payment"],
            _server.Requests.Select(r => r.Query["entities"]));
        Assert.Equal(Since.AddSeconds(1000), DateTimeOffset.Parse(_server.Requests[2].Query["changedSince"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_capped_answer_whose_changes_share_one_second_fails_clearly_instead_of_looping()
    {
        var all = Enumerable.Range(1, 1200).Select(i => new Change("Invoice", i.ToString(CultureInfo.InvariantCulture), Since, false)).ToList();
        _server.Answer(request => Reply.Json(CdcAnswer(all, request)));

        var error = await Assert.ThrowsAsync<RoApp.QuickBooksSync.Api.Errors.QuickBooksApiException>(() =>
            _test.Client.GetChangesAsync(TestClient.Realm, ["Invoice"], Since));

        Assert.Contains("query", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    private sealed record Change(string Entity, string Id, DateTimeOffset At, bool Deleted);

    private static string CdcAnswer(List<Change> all, SeenRequest request)
    {
        var entities = request.Query["entities"].Split(',');
        var since = DateTimeOffset.Parse(request.Query["changedSince"], CultureInfo.InvariantCulture);
        var returned = all.Where(c => entities.Contains(c.Entity) && c.At >= since).OrderBy(c => c.At).Take(1000).ToList();
        var groups = entities.Select(entity =>
        {
            // Deleted objects come last within their entity.
            var rows = returned.Where(c => c.Entity == entity).OrderBy(c => c.Deleted).Select(c => c.Deleted
                ? $$$"""{"status":"Deleted","Id":"{{{c.Id}}}","MetaData":{"LastUpdatedTime":"{{{c.At:yyyy-MM-ddTHH:mm:sszzz}}}"}}"""
                : $$$"""{"Id":"{{{c.Id}}}","SyncToken":"1","MetaData":{"LastUpdatedTime":"{{{c.At:yyyy-MM-ddTHH:mm:sszzz}}}"}}""");
            return $$"""{"{{entity}}":[{{string.Join(",", rows)}}]}""";
        });
        return $$"""{"CDCResponse":[{"QueryResponse":[{{string.Join(",", groups)}}]}],"time":"2026-03-01T09:00:00Z"}""";
    }
}
