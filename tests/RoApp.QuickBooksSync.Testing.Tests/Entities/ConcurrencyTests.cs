namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Concurrent_writes_to_one_company_all_land_with_distinct_ids()
    {
        await using var h = Harness.Create(configure: o => o.Limits.Enabled = false);
        var customer = await h.CreateCustomerAsync("Busy");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            h.PostAsync("invoice", h.InvoiceBody(customer["Id"].Str(), 10m + i, "C-" + i))));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(40, answers.Select(a => a.Entity("Invoice")["Id"].Str()).Distinct().Count());
        Assert.Equal(40, h.Sim.Inspect(h.Realm).Count("Invoice"));
    }

    [Fact]
    public async Task Concurrent_stale_updates_let_exactly_one_win()
    {
        await using var h = Harness.Create(configure: o => o.Limits.Enabled = false);
        var customer = await h.CreateCustomerAsync("Race");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "RACE");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            h.PostAsync("invoice", new System.Text.Json.Nodes.JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["PrivateNote"] = "n" + i })));

        Assert.Single(answers, a => a.Status == 200);
        Assert.Equal(9, answers.Count(a => a.Status == 400 && a.FaultCode == "5010"));
    }
}
