using System.Globalization;
using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Cdc;

public sealed class CdcTests
{
    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Changes_come_grouped_per_entity_with_deleted_objects_last()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Cdc");
        var kept = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "K");
        var gone = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "G");
        await h.PostAsync("invoice?operation=delete", new JsonObject { ["Id"] = gone["Id"].Str(), ["SyncToken"] = "0" });

        var answer = await h.GetAsync($"cdc?entities=Invoice,Payment&changedSince={Uri.EscapeDataString(Iso(Harness.Start.AddMinutes(-1)))}&minorversion=75");

        Assert.Equal(200, answer.Status);
        var groups = answer.Json["CDCResponse"]![0]!["QueryResponse"]!.AsArray();
        Assert.Equal(2, groups.Count);
        var invoices = groups[0]!["Invoice"]!.AsArray();
        Assert.Equal(kept["Id"].Str(), invoices[0]!["Id"].Str());
        Assert.Equal("Deleted", invoices[^1]!["status"].Str());
        Assert.Equal(gone["Id"].Str(), invoices[^1]!["Id"].Str());
        Assert.NotNull(invoices[^1]!["MetaData"]!["LastUpdatedTime"]);
        Assert.Empty(groups[1]!.AsObject());
    }

    [Fact]
    public async Task Only_changes_since_the_given_time_are_returned()
    {
        await using var h = Harness.Create();
        await h.CreateCustomerAsync("Before");
        h.Time.Advance(TimeSpan.FromMinutes(50)); // inside the access token's hour
        await h.CreateCustomerAsync("After");

        var answer = await h.GetAsync($"cdc?entities=Customer&changedSince={Uri.EscapeDataString(Iso(Harness.Start.AddMinutes(30)))}");

        var customers = answer.Json["CDCResponse"]![0]!["QueryResponse"]![0]!["Customer"]!.AsArray();
        Assert.Equal(["After"], customers.Select(c => c!["DisplayName"].Str()));
    }

    [Fact]
    public async Task Looking_back_more_than_30_days_is_refused()
    {
        await using var h = Harness.Create();

        var answer = await h.GetAsync($"cdc?entities=Invoice&changedSince={Uri.EscapeDataString(Iso(Harness.Start.AddDays(-31)))}");

        Assert.Equal(400, answer.Status);
        Assert.NotNull(answer.Json["Fault"]);
    }

    [Fact]
    public async Task At_most_1000_objects_come_back_oldest_changes_first()
    {
        await using var h = Harness.Create();
        for (var i = 0; i < 1005; i++)
        {
            h.Sim.Bookkeeper.CreateCustomer(h.Realm, "N" + i.ToString("0000", CultureInfo.InvariantCulture));
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var answer = await h.GetAsync($"cdc?entities=Customer&changedSince={Uri.EscapeDataString(Iso(Harness.Start))}");

        var customers = answer.Json["CDCResponse"]![0]!["QueryResponse"]![0]!["Customer"]!.AsArray();
        Assert.Equal(1000, customers.Count);
        Assert.Equal("N0000", customers[0]!["DisplayName"].Str());
        Assert.Equal("N0999", customers[^1]!["DisplayName"].Str());
    }
}
