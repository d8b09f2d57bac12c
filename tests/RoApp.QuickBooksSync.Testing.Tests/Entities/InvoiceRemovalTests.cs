using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

/// <summary>Void and delete of an invoice through the API while a payment is applied to it (Intuit: unlink first).</summary>
public sealed class InvoiceRemovalTests
{
    private static async Task<(JsonObject Invoice, JsonObject Payment)> PaidInvoiceAsync(Harness h)
    {
        var customer = await h.CreateCustomerAsync("Paid up");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 50m);
        var line = new JsonObject { ["Amount"] = 20m, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = invoice["Id"].Str(), ["TxnType"] = "Invoice" }) };
        var payment = (await h.PostAsync("payment", new JsonObject { ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() }, ["TotalAmt"] = 20m, ["Line"] = new JsonArray(line) })).Entity("Payment");
        return ((await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice"), payment);
    }

    [Theory]
    [InlineData("void")]
    [InlineData("delete")]
    public async Task An_invoice_with_a_payment_applied_is_refused_with_6000_and_left_as_it_was(string operation)
    {
        await using var h = Harness.Create();
        var (invoice, _) = await PaidInvoiceAsync(h);

        var answer = await h.PostAsync($"invoice?operation={operation}", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = invoice["SyncToken"].Str() });
        var after = (await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice");

        Assert.Equal("6000", answer.FaultCode);
        Assert.Contains("payments applied", answer.Json["Fault"]!["Error"]![0]!["Detail"].Str(), StringComparison.Ordinal);
        Assert.Equal(invoice["SyncToken"].Str(), after["SyncToken"].Str());
        Assert.Equal(30m, after["Balance"].Dec());
    }

    [Fact]
    public async Task Once_the_payment_is_deleted_the_invoice_can_be_voided()
    {
        await using var h = Harness.Create();
        var (invoice, payment) = await PaidInvoiceAsync(h);
        await h.PostAsync("payment?operation=delete", new JsonObject { ["Id"] = payment["Id"].Str(), ["SyncToken"] = payment["SyncToken"].Str() });
        var reopened = (await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice");

        var voided = (await h.PostAsync("invoice?operation=void", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = reopened["SyncToken"].Str() })).Entity("Invoice");

        Assert.Equal(0m, voided["TotalAmt"].Dec());
    }

    [Fact]
    public async Task The_bookkeeper_in_the_web_app_may_still_void_it_leaving_the_payment_unapplied()
    {
        await using var h = Harness.Create();
        var (invoice, payment) = await PaidInvoiceAsync(h);

        h.Sim.Bookkeeper.VoidInvoice(h.Realm, invoice["Id"].Str());
        var after = (await h.GetAsync("payment/" + payment["Id"].Str())).Entity("Payment");

        Assert.Equal(20m, after["UnappliedAmt"].Dec());
    }
}
