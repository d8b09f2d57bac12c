using RoApp.QuickBooksSync.Gateway;
using static RoApp.QuickBooksSync.Tests.Outbound.InvoiceSendTests;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>
/// A QuickBooks customer is never shared by two RO App clients (a match is taken only when nothing says it is someone
/// else), and a linked customer follows the client's changes with no call when nothing changed.
/// </summary>
public sealed class CustomerMatchTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    private static RoAppContact John(string id, string? email = null, string? phone = null) =>
        new() { Id = id, FirstName = "John", LastName = "Smith", Email = email, Phone = phone };

    private static string CustomerOf(OutboundHarness h, string invoiceId) =>
        Str(h.Invoices.Single(i => Str(i["PrivateNote"])!.Contains($"[RO App ref {invoiceId}]", StringComparison.Ordinal))["CustomerRef"]!["value"])!;

    [Fact]
    public async Task Two_clients_called_John_Smith_with_no_e_mail_get_two_QuickBooks_customers()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001", client: John("client-a"));
        h.AddInvoice("1002", client: John("client-b"));

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        await h.Sync.SyncInvoiceNowAsync(Company, "1002", None);

        Assert.NotEqual(CustomerOf(h, "1001"), CustomerOf(h, "1002"));
        var names = h.Sim.Inspect(h.RealmId).All("Customer").Select(c => Str(c["DisplayName"])).ToList();
        Assert.Contains("John Smith", names);
        Assert.Contains("John Smith (RO App client-b)", names);
    }

    [Fact]
    public async Task A_customer_found_by_e_mail_but_linked_to_another_client_is_not_shared()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001", client: John("client-a", email: "family@example.com"));
        h.AddInvoice("1002", client: John("client-b", email: "family@example.com") with { FirstName = "Jane" });

        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        await h.Sync.SyncInvoiceNowAsync(Company, "1002", None);

        Assert.NotEqual(CustomerOf(h, "1001"), CustomerOf(h, "1002"));
    }

    [Fact]
    public async Task A_bookkeepers_customer_of_the_same_name_is_taken_when_nothing_contradicts_it_and_left_when_the_e_mail_differs()
    {
        await using var h = await OutboundHarness.StartAsync();
        var same = Str(h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "John Smith")["Id"])!;
        h.AddInvoice("1001", client: John("client-a", email: "john@example.com"));
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        Assert.Equal(same, CustomerOf(h, "1001")); // a name, no e-mail on the QuickBooks side: nothing contradicts it

        h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "Mary Jones", "mary.jones@elsewhere.example");
        h.AddInvoice("1002", client: new RoAppContact { Id = "client-m", FirstName = "Mary", LastName = "Jones", Email = "mary@example.com" });
        await h.Sync.SyncInvoiceNowAsync(Company, "1002", None);

        var mary = h.Sim.Inspect(h.RealmId).Find("Customer", CustomerOf(h, "1002"))!;
        Assert.Equal(("Mary Jones (RO App client-m)", "mary@example.com"), (Str(mary["DisplayName"]), Str(mary["PrimaryEmailAddr"]!["Address"])));
    }

    [Fact]
    public async Task In_a_bulk_send_two_clients_of_one_name_get_two_customers()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "John Smith");
        h.AddInvoice("1001", client: John("client-a"));
        h.AddInvoice("1002", client: John("client-b"));

        await h.Sync.SyncManyAsync(Company, ["1001", "1002"], None);
        await h.DrainAsync();

        Assert.NotEqual(CustomerOf(h, "1001"), CustomerOf(h, "1002"));
    }

    private static int CustomerWrites(OutboundHarness h) => h.Requests("POST", "/customer");

    [Fact]
    public async Task A_linked_customer_follows_the_clients_new_e_mail_phone_and_address_with_one_sparse_update()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        var writes = CustomerWrites(h);

        var moved = OutboundHarness.Jane with
        {
            Email = "jane.doe@newmail.example",
            Phone = "+1 555 0199",
            Address = new RoAppAddress("9 Elm St", City: "Fresno", Region: "CA", PostalCode: "93701", Country: "US"),
        };
        h.AddInvoice("1002", client: moved);
        await h.Sync.SyncInvoiceNowAsync(Company, "1002", None);
        h.AddInvoice("1003", client: moved);
        await h.Sync.SyncInvoiceNowAsync(Company, "1003", None);

        var customer = Assert.Single(h.Sim.Inspect(h.RealmId).All("Customer"));
        Assert.Equal(("Jane Doe", "jane.doe@newmail.example", "+1 555 0199", "Fresno"),
            (Str(customer["DisplayName"]), Str(customer["PrimaryEmailAddr"]!["Address"]), Str(customer["PrimaryPhone"]!["FreeFormNumber"]), Str(customer["BillAddr"]!["City"])));
        Assert.Equal(writes + 1, CustomerWrites(h)); // one update for the change, none for the invoice after it
    }

    [Fact]
    public async Task A_client_that_did_not_change_costs_no_customer_call()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        var customerId = CustomerOf(h, "1001");
        var (writes, reads) = (CustomerWrites(h), h.Requests("GET", "/customer/" + customerId));

        h.AddInvoice("1002");
        await h.Sync.SyncInvoiceNowAsync(Company, "1002", None);

        Assert.Equal(writes, CustomerWrites(h));
        Assert.Equal(1, h.Sim.Inspect(h.RealmId).Count("Customer"));
        Assert.Equal(reads, h.Requests("GET", "/customer/" + customerId));
    }

    [Fact]
    public async Task A_bookkeepers_customer_keeps_its_name_when_only_the_clients_phone_changed()
    {
        await using var h = await OutboundHarness.StartAsync();
        var existing = Str(h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "Doe, Jane (walk-in)", "jane@example.com")["Id"])!;
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        h.AddInvoice("1002", client: OutboundHarness.Jane with { Phone = "+1 555 0142" });
        await h.Sync.SyncInvoiceNowAsync(Company, "1002", None);

        var customer = h.Sim.Inspect(h.RealmId).Find("Customer", existing)!;
        Assert.Equal(("Doe, Jane (walk-in)", "+1 555 0142"), (Str(customer["DisplayName"]), Str(customer["PrimaryPhone"]!["FreeFormNumber"])));
    }

    [Fact]
    public async Task A_renamed_client_renames_its_customer()
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001");
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        h.AddInvoice("1002", client: OutboundHarness.Jane with { LastName = "Roe" });
        await h.Sync.SyncInvoiceNowAsync(Company, "1002", None);

        var customer = Assert.Single(h.Sim.Inspect(h.RealmId).All("Customer"));
        Assert.Equal(("Jane Roe", "Roe"), (Str(customer["DisplayName"]), Str(customer["FamilyName"])));
    }

    [Fact]
    public async Task Many_new_clients_one_invoice_at_a_time_are_matched_against_the_realm_read_once_not_queried_each()
    {
        await using var h = await OutboundHarness.StartAsync();
        var known = Str(h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "Someone Else", "c5@example.com")["Id"])!;
        for (var i = 0; i < 10; i++)
        {
            h.AddInvoice($"10{i:00}", client: new RoAppContact { Id = $"c{i}", FirstName = "Client", LastName = $"N{i}", Email = $"c{i}@example.com" });
        }

        var logBefore = h.Sim.RequestLog.Count;
        for (var i = 0; i < 10; i++)
        {
            await h.Sync.SyncInvoiceNowAsync(Company, $"10{i:00}", None);
        }

        var queries = h.Sim.RequestLog.Skip(logBefore).Select(r => Uri.UnescapeDataString(r.Query)).Where(q => q.Contains("FROM Customer", StringComparison.OrdinalIgnoreCase)).ToList();
        // The first new client is looked up by query; from the second on the realm read whole (its size, one page) serves.
        Assert.Single(queries, q => q.Contains("PrimaryEmailAddr", StringComparison.OrdinalIgnoreCase));
        Assert.Single(queries, q => q.Contains("count(*)", StringComparison.OrdinalIgnoreCase));
        Assert.Single(queries, q => q.Contains("query=SELECT * FROM Customer START", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(known, CustomerOf(h, "1005"));
        Assert.Equal(10, Enumerable.Range(0, 10).Select(i => CustomerOf(h, $"10{i:00}")).Distinct().Count());
    }

    [Fact]
    public async Task A_customer_made_in_QuickBooks_after_the_realm_was_read_is_taken_by_name_not_given_a_variant()
    {
        await using var h = await OutboundHarness.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            h.AddInvoice($"100{i}", client: new RoAppContact { Id = $"c{i}", FirstName = "Client", LastName = $"N{i}" });
            await h.Sync.SyncInvoiceNowAsync(Company, $"100{i}", None);
        }

        var late = Str(h.Sim.Bookkeeper.CreateCustomer(h.RealmId, "Late Comer")["Id"])!;
        h.AddInvoice("1010", client: new RoAppContact { Id = "c-late", FirstName = "Late", LastName = "Comer", Email = "late@example.com" });

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1010", None);

        Assert.Equal(RoApp.QuickBooksSync.Sync.InvoiceSyncResult.Synced, outcome.Result);
        Assert.Equal(late, CustomerOf(h, "1010"));
        Assert.DoesNotContain(h.Sim.Inspect(h.RealmId).All("Customer"), c => Str(c["DisplayName"])!.Contains("(RO App c-late)", StringComparison.Ordinal));
    }
}
