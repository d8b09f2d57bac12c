using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>A bulk chunk finds and creates its customers and items together, not three serial calls a client.</summary>
public sealed class BulkResolutionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_chunk_of_new_clients_is_resolved_with_one_name_query_and_one_batch_of_creates()
    {
        await using var h = await OutboundHarness.StartAsync();
        // Two clients QuickBooks knows already: one by e-mail (under another name), one by name (no e-mail there).
        var byEmail = h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "Someone Else", "c0@example.com")["Id"]!.GetValue<string>();
        var byName = h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "Client One")["Id"]!.GetValue<string>();
        var customersBefore = h.Sim.Inspect(h.RealmId).Count("Customer");
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var client = new RoAppContact { Id = $"c{i}", FirstName = "Client", LastName = i == 1 ? "One" : $"N{i}", Email = i == 1 ? null : $"c{i}@example.com" };
            ids.Add(h.AddInvoice($"inv-{i}", client).Id);
        }

        var logBefore = h.Sim.RequestLog.Count;
        await h.Sync.SyncManyAsync(OutboundHarness.CompanyId, ids, None);
        await h.DrainAsync();

        var log = h.Sim.RequestLog.Skip(logBefore).ToList();
        var queries = log.Where(r => r.Path.EndsWith("/query", StringComparison.OrdinalIgnoreCase)).Select(r => Uri.UnescapeDataString(r.Query)).ToList();
        Assert.Equal(30, h.Invoices.Count);
        Assert.Equal(customersBefore + 28, h.Sim.Inspect(h.RealmId).Count("Customer"));
        Assert.Equal(0, log.Count(r => r.Method == "POST" && r.Path.EndsWith("/customer", StringComparison.OrdinalIgnoreCase)));
        Assert.Single(queries, q => q.Contains("DisplayName IN", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(29, queries.Count(q => q.Contains("PrimaryEmailAddr", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(2, log.Count(r => r.Path.EndsWith("/batch", StringComparison.OrdinalIgnoreCase)));

        var customerOf = h.Invoices.ToDictionary(i => i["DocNumber"]!.GetValue<string>(), i => i["CustomerRef"]!["value"]!.GetValue<string>());
        Assert.Equal(byEmail, customerOf["INV-inv-0"]);
        Assert.Equal(byName, customerOf["INV-inv-1"]);
        Assert.Equal(30, customerOf.Values.Distinct().Count());
    }
}
