using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

public sealed class NameListTests
{
    [Fact]
    public async Task Duplicate_display_name_fails_with_6240()
    {
        await using var h = Harness.Create();
        await h.CreateCustomerAsync("Bob Smith");

        var answer = await h.PostAsync("customer", new JsonObject { ["DisplayName"] = "bob smith" });

        Assert.Equal(400, answer.Status);
        Assert.Equal("6240", answer.FaultCode);
    }

    [Fact]
    public async Task Display_name_is_derived_from_the_name_parts_when_missing()
    {
        await using var h = Harness.Create();

        var answer = await h.PostAsync("customer", new JsonObject { ["GivenName"] = "Ann", ["FamilyName"] = "Lee" });

        Assert.Equal("Ann Lee", answer.Entity("Customer")["DisplayName"].Str());
    }

    [Fact]
    public async Task Service_item_needs_an_income_account()
    {
        await using var h = Harness.Create();

        var missing = await h.PostAsync("item", new JsonObject { ["Name"] = "Screen", ["Type"] = "Service" });
        var ok = await h.PostAsync("item", new JsonObject { ["Name"] = "Screen", ["Type"] = "Service", ["IncomeAccountRef"] = new JsonObject { ["value"] = h.Company.IncomeAccountId } });
        var duplicate = await h.PostAsync("item", new JsonObject { ["Name"] = "screen", ["Type"] = "Service", ["IncomeAccountRef"] = new JsonObject { ["value"] = h.Company.IncomeAccountId } });

        Assert.Equal("2020", missing.FaultCode);
        Assert.Equal(200, ok.Status);
        Assert.Equal("6240", duplicate.FaultCode);
    }

    [Fact]
    public async Task Tax_codes_are_read_only()
    {
        await using var h = Harness.Create();

        var answer = await h.PostAsync("taxcode", new JsonObject { ["Name"] = "New" });

        Assert.Equal(400, answer.Status);
    }
}
