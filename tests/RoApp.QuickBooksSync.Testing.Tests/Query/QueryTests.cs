using System.Text;
using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Query;

public sealed class QueryTests
{
    private static async Task<Harness> WithCustomersAsync(params string[] names)
    {
        var h = Harness.Create();
        foreach (var name in names)
        {
            await h.CreateCustomerAsync(name);
            h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        return h;
    }

    private static List<string> Names(Answer answer) =>
        answer.Json["QueryResponse"]!["Customer"]?.AsArray().Select(c => c!["DisplayName"].Str()).ToList() ?? [];

    [Fact]
    public async Task Keywords_and_entity_names_work_in_any_letter_case()
    {
        await using var h = await WithCustomersAsync("Ann", "Bob");

        var answer = await h.QueryAsync("SeLeCt * FROM customer WhErE DisplayName = 'Bob'");

        Assert.Equal(200, answer.Status);
        Assert.Equal(["Bob"], Names(answer));
        Assert.Equal(1, answer.Json["QueryResponse"]!["startPosition"]!.GetValue<int>());
        Assert.Equal(1, answer.Json["QueryResponse"]!["maxResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task In_like_and_and_combine()
    {
        await using var h = await WithCustomersAsync("Anna", "Annabel", "Bob", "Andy");

        var like = Names(await h.QueryAsync("select * from Customer where DisplayName like 'Ann%'"));
        var inList = Names(await h.QueryAsync("select * from Customer where DisplayName in ('Bob', 'Andy') and Active = true"));

        Assert.Equal(["Anna", "Annabel"], like);
        Assert.Equal(["Bob", "Andy"], inList);
    }

    [Fact]
    public async Task String_literals_may_contain_escaped_quotes()
    {
        await using var h = await WithCustomersAsync("O'Brien", "Other");

        var answer = await h.QueryAsync("select * from Customer where DisplayName = 'O\\'Brien'");

        Assert.Equal(["O'Brien"], Names(answer));
    }

    [Fact]
    public async Task Orderby_desc_startposition_and_maxresults_page_the_result()
    {
        await using var h = await WithCustomersAsync("A", "B", "C", "D", "E");

        var answer = await h.QueryAsync("select * from Customer orderby DisplayName desc startposition 2 maxresults 2");

        Assert.Equal(["D", "C"], Names(answer));
        Assert.Equal(2, answer.Json["QueryResponse"]!["startPosition"]!.GetValue<int>());
    }

    [Fact]
    public async Task Count_returns_totalCount()
    {
        await using var h = await WithCustomersAsync("A", "B", "C");

        var answer = await h.QueryAsync("select count(*) from Customer");

        Assert.Equal(3, answer.Json["QueryResponse"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_empty_result_is_an_empty_QueryResponse_object()
    {
        await using var h = await WithCustomersAsync("A");

        var answer = await h.QueryAsync("select * from Customer where DisplayName = 'Nobody'");

        Assert.Empty(answer.Json["QueryResponse"]!.AsObject());
        Assert.NotNull(answer.Json["time"]);
    }

    [Fact]
    public async Task MetaData_LastUpdatedTime_compares_as_a_time()
    {
        await using var h = await WithCustomersAsync("Early", "Middle", "Late");
        var since = Harness.Start.AddSeconds(90).ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

        var answer = await h.QueryAsync($"select * from Customer where MetaData.LastUpdatedTime > '{since}'");

        Assert.Equal(["Late"], Names(answer));
    }

    [Fact]
    public async Task References_compare_by_their_value()
    {
        await using var h = Harness.Create();
        var ann = await h.CreateCustomerAsync("Ann");
        var bob = await h.CreateCustomerAsync("Bob");
        await h.CreateInvoiceAsync(ann["Id"].Str(), 10m, "A1");
        await h.CreateInvoiceAsync(bob["Id"].Str(), 10m, "B1");

        var answer = await h.QueryAsync($"select * from Invoice where CustomerRef = '{bob["Id"].Str()}'");

        Assert.Equal("B1", answer.Json["QueryResponse"]!["Invoice"]![0]!["DocNumber"].Str());
        Assert.Single(answer.Json["QueryResponse"]!["Invoice"]!.AsArray());
    }

    [Fact]
    public async Task Customers_can_be_found_by_e_mail_address()
    {
        await using var h = Harness.Create();
        h.Sim.Bookkeeper.CreateCustomer(h.Realm, "Mail one", "one@example.com");
        h.Sim.Bookkeeper.CreateCustomer(h.Realm, "Mail two", "two@example.com");

        var answer = await h.QueryAsync("select * from Customer where PrimaryEmailAddr = 'TWO@example.com'");

        Assert.Equal(["Mail two"], Names(answer));
    }

    [Fact]
    public async Task Query_can_be_posted_as_application_text()
    {
        await using var h = await WithCustomersAsync("Posted");
        using var content = new StringContent("select * from Customer", Encoding.UTF8, "application/text");

        using var response = await h.Http.PostAsync(h.Api("query?minorversion=75"), content);
        var answer = await Answer.ReadAsync(response);

        Assert.Equal(["Posted"], Names(answer));
    }

    [Fact]
    public async Task Default_page_is_100_and_maxresults_is_capped_at_1000()
    {
        await using var h = Harness.Create();
        for (var i = 0; i < 120; i++)
        {
            h.Sim.Bookkeeper.CreateCustomer(h.Realm, "C" + i);
        }

        var byDefault = await h.QueryAsync("select * from Customer");
        var capped = await h.QueryAsync("select * from Customer maxresults 5000");

        Assert.Equal(100, byDefault.Json["QueryResponse"]!["Customer"]!.AsArray().Count);
        Assert.Equal(120, capped.Json["QueryResponse"]!["Customer"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("select DisplayName from Customer")]
    [InlineData("select * from Customer where DisplayName = 'a' or DisplayName = 'b'")]
    [InlineData("select * from Nothing")]
    [InlineData("select * from Customer where DisplayName = 'unterminated")]
    [InlineData("select * from Customer where DisplayName ~ 'x'")]
    [InlineData("delete from Customer")]
    [InlineData("")]
    [InlineData("select * from Customer maxresults")]
    [InlineData("select * from Customer where PrimaryEmailAddr in ('a@example.com', 'b@example.com')")]
    public async Task Anything_it_cannot_parse_is_a_400_fault(string statement)
    {
        await using var h = Harness.Create();

        var answer = await h.QueryAsync(statement);

        Assert.Equal(400, answer.Status);
        Assert.NotNull(answer.Json["Fault"]);
    }
}
