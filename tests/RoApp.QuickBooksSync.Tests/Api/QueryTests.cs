using System.Globalization;
using System.Text.RegularExpressions;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;

namespace RoApp.QuickBooksSync.Tests.Api;

public sealed partial class QueryTests : IDisposable
{
    private readonly FakeQuickBooksServer _server = new();
    private readonly TestClient _test;

    public QueryTests() => _test = new TestClient(_server);

    public void Dispose()
    {
        _test.Dispose();
        _server.Dispose();
    }

    [Fact]
    public void Quotes_in_values_are_escaped_so_the_statement_stays_one_condition()
    {
        var query = QuickBooksQuery.From<Customer>()
            .Where("DisplayName", QueryOperator.Equal, "O'Brien & Sons")
            .Where("Active", true);

        Assert.Equal(@"SELECT * FROM Customer WHERE DisplayName = 'O\'Brien & Sons' AND Active = true", query.ToString());
    }

    [Fact]
    public void An_injection_attempt_stays_inside_the_quoted_value()
    {
        var query = QuickBooksQuery.From<Customer>().Where("DisplayName", QueryOperator.Equal, @"x\' OR Id > '0");

        Assert.Equal(@"SELECT * FROM Customer WHERE DisplayName = 'x\\\' OR Id > \'0'", query.ToString());
    }

    [Theory]
    [InlineData("DisplayName = 'x' --")]
    [InlineData("Name'")]
    [InlineData("")]
    public void Field_names_that_could_change_the_statement_are_refused(string field)
    {
        Assert.ThrowsAny<ArgumentException>(() => QuickBooksQuery.From<Customer>().Where(field, QueryOperator.Equal, "x"));
    }

    [Fact]
    public void Builds_in_dates_numbers_like_order_and_page()
    {
        var query = QuickBooksQuery.From<Invoice>()
            .WhereIn("Id", ["1", "2"])
            .Where("TotalAmt", QueryOperator.GreaterThanOrEqual, 10.5m)
            .Where("TxnDate", QueryOperator.LessThan, new DateOnly(2026, 3, 1))
            .Where("MetaData.LastUpdatedTime", QueryOperator.GreaterThan, new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.FromHours(-8)))
            .WhereLike("DocNumber", "RO-%")
            .OrderBy("MetaData.LastUpdatedTime", descending: true)
            .Page(11, 10);

        Assert.Equal(
            "SELECT * FROM Invoice WHERE Id IN ('1', '2') AND TotalAmt >= '10.5' AND TxnDate < '2026-03-01' AND MetaData.LastUpdatedTime > '2026-02-01T08:00:00-08:00' AND DocNumber LIKE 'RO-%' ORDERBY MetaData.LastUpdatedTime DESC STARTPOSITION 11 MAXRESULTS 10",
            query.ToString());
    }

    [Fact]
    public async Task A_name_with_an_apostrophe_and_ampersand_reaches_QuickBooks_intact()
    {
        _server.Answer("""{"QueryResponse":{"Customer":[{"Id":"58","SyncToken":"0","DisplayName":"O'Brien & Sons"}],"startPosition":1,"maxResults":1},"time":"2026-03-01T09:00:00Z"}""");

        var page = await _test.Client.QueryAsync<Customer>(TestClient.Realm, QuickBooksQuery.From<Customer>().Where("DisplayName", QueryOperator.Equal, "O'Brien & Sons"));

        var request = Assert.Single(_server.Requests);
        Assert.Equal($"/v3/company/{TestClient.Realm}/query", request.Path);
        Assert.Equal(@"SELECT * FROM Customer WHERE DisplayName = 'O\'Brien & Sons'", request.Query["query"]);
        Assert.Equal("75", request.Query["minorversion"]);
        Assert.Equal("O'Brien & Sons", Assert.Single(page.Items).DisplayName);
    }

    [Fact]
    public async Task An_empty_query_response_is_an_empty_page()
    {
        _server.Answer("""{"QueryResponse":{},"time":"2026-03-01T09:00:00Z"}""");

        var page = await _test.Client.QueryAsync<Customer>(TestClient.Realm, QuickBooksQuery.From<Customer>());

        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task Count_reads_the_total()
    {
        _server.Answer("""{"QueryResponse":{"totalCount":2500},"time":"2026-03-01T09:00:00Z"}""");

        var count = await _test.Client.CountAsync(TestClient.Realm, QuickBooksQuery.From<Invoice>().Count());

        Assert.Equal(2500, count);
        Assert.Equal("SELECT COUNT(*) FROM Invoice", _server.Requests[0].Query["query"]);
    }

    [Fact]
    public async Task Paging_reads_all_2500_objects_page_by_page()
    {
        const int total = 2500;
        _server.Answer(request =>
        {
            var match = PageClause().Match(request.Query["query"]);
            var start = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var max = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            var ids = Enumerable.Range(start, Math.Max(0, Math.Min(max, total - start + 1)));
            var rows = string.Join(",", ids.Select(i => Payloads.Customer(i.ToString(CultureInfo.InvariantCulture), $"Customer {i}")));
            return Reply.Json($$$"""{"QueryResponse":{"Customer":[{{{rows}}}],"startPosition":{{{start}}},"maxResults":{{{ids.Count()}}}}}""");
        });

        var ids = new List<string>();
        await foreach (var customer in _test.Client.QueryAllAsync<Customer>(TestClient.Realm, QuickBooksQuery.From<Customer>().OrderBy("Id")))
        {
            ids.Add(customer.Id!);
        }

        Assert.Equal(total, ids.Count);
        Assert.Equal(total, ids.Distinct().Count());
        Assert.Equal(
            ["SELECT * FROM Customer ORDERBY Id STARTPOSITION 1 MAXRESULTS 1000", "SELECT * FROM Customer ORDERBY Id STARTPOSITION 1001 MAXRESULTS 1000", "SELECT * FROM Customer ORDERBY Id STARTPOSITION 2001 MAXRESULTS 1000"],
            _server.Requests.Select(r => r.Query["query"]));
    }

    [GeneratedRegex(@"STARTPOSITION (\d+) MAXRESULTS (\d+)")]
    private static partial Regex PageClause();
}

public sealed class LongQueryTests : IDisposable
{
    private readonly FakeQuickBooksServer _server = new();
    private readonly TestClient _test;

    public LongQueryTests() => _test = new TestClient(_server);

    public void Dispose()
    {
        _test.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task A_statement_too_long_for_a_URL_is_posted_as_text()
    {
        _server.Answer("""{"QueryResponse":{}}""");
        var ids = Enumerable.Range(1, 400).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var query = QuickBooksQuery.From<Invoice>().WhereIn("Id", ids);

        await _test.Client.QueryAsync<Invoice>(TestClient.Realm, query);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v3/company/{TestClient.Realm}/query", request.Path);
        Assert.False(request.Query.ContainsKey("query"));
        Assert.Null(request.RequestId);
        Assert.Equal(query.ToString(), request.Body);
    }
}
