using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>A bulk chunk finds and creates its customers and items together, not three serial calls a client.</summary>
public sealed class BulkResolutionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_chunk_of_new_clients_in_a_small_realm_reads_its_customers_once_instead_of_a_query_each()
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
        // The realm's size, then its customers (one page), instead of 29 e-mail queries and a name query.
        Assert.Single(queries, q => q.Contains("count(*) FROM Customer", StringComparison.OrdinalIgnoreCase));
        Assert.Single(queries, q => q.Contains("query=SELECT * FROM Customer", StringComparison.OrdinalIgnoreCase) && !q.Contains("WHERE", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(queries, q => q.Contains("PrimaryEmailAddr", StringComparison.OrdinalIgnoreCase) || q.Contains("DisplayName", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, log.Count(r => r.Path.EndsWith("/batch", StringComparison.OrdinalIgnoreCase)));

        var customerOf = h.Invoices.ToDictionary(i => i["DocNumber"]!.GetValue<string>(), i => i["CustomerRef"]!["value"]!.GetValue<string>());
        Assert.Equal(byEmail, customerOf["INV-inv-0"]);
        Assert.Equal(byName, customerOf["INV-inv-1"]);
        Assert.Equal(30, customerOf.Values.Distinct().Count());
    }

    [Fact]
    public async Task A_few_new_clients_in_a_large_realm_are_looked_up_one_query_each_and_one_name_query()
    {
        await using var h = await OutboundHarness.StartAsync();
        // 1,001 customers: two pages to read whole, more than the three look-ups two new clients need.
        for (var i = 0; i < 1001; i++)
        {
            h.Sim.Bookkeeper.CreateCustomer(h.RealmId, $"Existing {i}");
        }

        var known = h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "Known Client", "known@example.com")["Id"]!.GetValue<string>();
        h.AddInvoice("inv-a", new RoAppContact { Id = "ca", FirstName = "Known", LastName = "Client", Email = "known@example.com" });
        h.AddInvoice("inv-b", new RoAppContact { Id = "cb", FirstName = "New", LastName = "Client", Email = "new@example.com" });

        var logBefore = h.Sim.RequestLog.Count;
        await h.Sync.SyncManyAsync(OutboundHarness.CompanyId, ["inv-a", "inv-b"], None);
        await h.DrainAsync();

        var queries = h.Sim.RequestLog.Skip(logBefore).Where(r => r.Path.EndsWith("/query", StringComparison.OrdinalIgnoreCase)).Select(r => Uri.UnescapeDataString(r.Query)).ToList();
        Assert.Equal(2, queries.Count(q => q.Contains("PrimaryEmailAddr", StringComparison.OrdinalIgnoreCase)));
        Assert.Single(queries, q => q.Contains("DisplayName IN", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(queries, q => q.Contains("query=SELECT * FROM Customer", StringComparison.OrdinalIgnoreCase) && !q.Contains("WHERE", StringComparison.OrdinalIgnoreCase));
        var customerOf = h.Invoices.ToDictionary(i => i["DocNumber"]!.GetValue<string>(), i => i["CustomerRef"]!["value"]!.GetValue<string>());
        Assert.Equal(known, customerOf["INV-inv-a"]);
        Assert.NotEqual(known, customerOf["INV-inv-b"]);
    }

    [Fact]
    public async Task A_customer_made_in_QuickBooks_after_the_realm_was_read_is_still_found_by_name_not_duplicated()
    {
        await using var h = await OutboundHarness.StartAsync();
        var first = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            first.Add(h.AddInvoice($"inv-{i}", new RoAppContact { Id = $"c{i}", FirstName = "Client", LastName = $"N{i}", Email = $"c{i}@example.com" }).Id);
        }

        await h.Sync.SyncManyAsync(OutboundHarness.CompanyId, first, None);
        await h.DrainAsync();

        // The bookkeeper adds a customer the read realm does not hold; the next chunk's client has that name.
        var late = h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "Late Comer")["Id"]!.GetValue<string>();
        var second = new List<string>();
        for (var i = 10; i < 20; i++)
        {
            second.Add(h.AddInvoice($"inv-{i}", new RoAppContact { Id = $"c{i}", FirstName = i == 10 ? "Late" : "Client", LastName = i == 10 ? "Comer" : $"N{i}", Email = $"c{i}@example.com" }).Id);
        }

        await h.Sync.SyncManyAsync(OutboundHarness.CompanyId, second, None);
        await h.DrainAsync();

        // The second chunk matched against the realm read for the first (no look-up query of its own).
        Assert.Single(h.Sim.RequestLog, r => Uri.UnescapeDataString(r.Query).Contains("query=SELECT * FROM Customer START", StringComparison.OrdinalIgnoreCase));
        var customerOf = h.Invoices.ToDictionary(i => i["DocNumber"]!.GetValue<string>(), i => i["CustomerRef"]!["value"]!.GetValue<string>());
        Assert.Equal(20, customerOf.Count);
        Assert.Equal(late, customerOf["INV-inv-10"]);
        Assert.Single(h.Sim.Inspect(h.RealmId).All("Customer"), c => c["DisplayName"]!.GetValue<string>().StartsWith("Late Comer", StringComparison.Ordinal));
        Assert.Equal(20, customerOf.Values.Distinct().Count());
    }
}
