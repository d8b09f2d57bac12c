using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

public sealed class RequestIdTests
{
    [Fact]
    public async Task The_same_requestid_returns_the_first_answer_without_acting_again()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Idempotent");
        var body = h.InvoiceBody(customer["Id"].Str(), 10m, "R-1");

        var first = await h.PostAsync("invoice?requestid=ro-42-1", body);
        var second = await h.PostAsync("invoice?requestid=ro-42-1", body);

        Assert.Equal(200, second.Status);
        Assert.Equal(first.Entity("Invoice")["Id"].Str(), second.Entity("Invoice")["Id"].Str());
        Assert.Equal(1, h.Sim.Inspect(h.Realm).Count("Invoice"));
        Assert.Equal(1, h.Sim.Counters.RequestIdReplays);
    }

    [Fact]
    public async Task Requestids_are_per_company()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Per company");

        await h.PostAsync("invoice?requestid=same", h.InvoiceBody(customer["Id"].Str(), 10m, "P-1"));
        var differentId = await h.PostAsync("invoice?requestid=other", h.InvoiceBody(customer["Id"].Str(), 10m, "P-2"));

        Assert.Equal(200, differentId.Status);
        Assert.Equal(2, h.Sim.Inspect(h.Realm).Count("Invoice"));
    }

    [Fact]
    public async Task A_requestid_longer_than_50_characters_is_refused()
    {
        await using var h = Harness.Create();

        var answer = await h.PostAsync("customer?requestid=" + new string('x', 51), new JsonObject { ["DisplayName"] = "Long id" });

        Assert.Equal(400, answer.Status);
    }
}
