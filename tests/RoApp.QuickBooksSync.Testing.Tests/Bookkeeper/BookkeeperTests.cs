using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.Testing.Tests.Bookkeeper;

public sealed class BookkeeperTests
{
    [Fact]
    public async Task Editing_an_invoice_in_QuickBooks_moves_its_SyncToken_so_an_old_write_is_stale()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Edited");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "E-1");

        var edited = h.Sim.Bookkeeper.SetInvoiceDates(h.Realm, invoice["Id"].Str(), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        var stale = await h.PostAsync("invoice", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["PrivateNote"] = "x" });

        Assert.Equal("1", edited["SyncToken"].Str());
        Assert.Equal("2026-03-31", edited["DueDate"].Str());
        Assert.Equal("5010", stale.FaultCode);
    }

    [Fact]
    public async Task Memo_and_lines_can_be_edited()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Lines");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "E-2");

        h.Sim.Bookkeeper.SetInvoiceMemo(h.Realm, invoice["Id"].Str(), "Thanks!");
        var after = h.Sim.Bookkeeper.ReplaceInvoiceLines(h.Realm, invoice["Id"].Str(), [new InvoiceLineInput(h.Company.ServiceItemId, 2, 15m, "Two hours")]);

        Assert.Equal("Thanks!", after["CustomerMemo"]!["value"].Str());
        Assert.Equal(30m, after["TotalAmt"].Dec());
        Assert.Equal("2", after["SyncToken"].Str());
    }

    [Fact]
    public async Task One_payment_can_cover_several_invoices_partly_and_leave_an_unapplied_amount()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Several");
        var a = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m, "P-A");
        var b = await h.CreateInvoiceAsync(customer["Id"].Str(), 50m, "P-B");

        var payment = h.Sim.Bookkeeper.RecordPayment(h.Realm, 150m, [new PaymentApplication(a["Id"].Str(), 100m), new PaymentApplication(b["Id"].Str(), 20m)]);

        Assert.Equal(30m, payment["UnappliedAmt"].Dec());
        var inspect = h.Sim.Inspect(h.Realm);
        Assert.Equal(0m, inspect.Find("Invoice", a["Id"].Str())!["Balance"].Dec());
        Assert.Equal(30m, inspect.Find("Invoice", b["Id"].Str())!["Balance"].Dec());
    }

    [Fact]
    public async Task Bookkeeper_actions_fire_webhooks_like_api_changes()
    {
        var received = new ConcurrentQueue<WebhookDelivery>();
        await using var h = Harness.Create(configure: o => o.Webhooks.Target = (d, _) =>
        {
            received.Enqueue(d);
            return Task.FromResult(200);
        });
        var customer = await h.CreateCustomerAsync("Hooks");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m, "W-1");
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);
        received.Clear();

        var payment = h.Sim.Bookkeeper.RecordPayment(h.Realm, 100m, [new PaymentApplication(invoice["Id"].Str(), 100m)]);
        await h.Sim.Webhooks.WhenIdleAsync(CancellationToken.None);

        var events = received.Select(d => JsonNode.Parse(d.BodyText)!["eventNotifications"]![0]!["dataChangeEvent"]!["entities"]![0]!)
            .Select(e => $"{e["name"].Str()} {e["id"].Str()} {e["operation"].Str()}").ToList();
        Assert.Contains($"Payment {payment["Id"].Str()} Create", events);
        Assert.Contains($"Invoice {invoice["Id"].Str()} Update", events);
    }

    [Fact]
    public async Task Voiding_an_invoice_in_QuickBooks_unapplies_its_payment()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Void bk");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m, "V-1");
        var payment = h.Sim.Bookkeeper.RecordPayment(h.Realm, 60m, [new PaymentApplication(invoice["Id"].Str(), 60m)]);

        var voided = h.Sim.Bookkeeper.VoidInvoice(h.Realm, invoice["Id"].Str());

        Assert.Equal(0m, voided["TotalAmt"].Dec());
        Assert.Equal("Voided", voided["PrivateNote"].Str());
        Assert.Equal(60m, h.Sim.Inspect(h.Realm).Find("Payment", payment["Id"].Str())!["UnappliedAmt"].Dec());
    }

    [Fact]
    public async Task Voiding_or_deleting_a_payment_in_QuickBooks_reopens_the_invoice()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Reopen");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m, "R-1");
        var one = h.Sim.Bookkeeper.RecordPayment(h.Realm, 30m, [new PaymentApplication(invoice["Id"].Str(), 30m)]);
        var two = h.Sim.Bookkeeper.RecordPayment(h.Realm, 70m, [new PaymentApplication(invoice["Id"].Str(), 70m)]);

        h.Sim.Bookkeeper.VoidPayment(h.Realm, one["Id"].Str());
        Assert.Equal(30m, h.Sim.Inspect(h.Realm).Find("Invoice", invoice["Id"].Str())!["Balance"].Dec());
        h.Sim.Bookkeeper.DeletePayment(h.Realm, two["Id"].Str());

        Assert.Equal(100m, h.Sim.Inspect(h.Realm).Find("Invoice", invoice["Id"].Str())!["Balance"].Dec());
        Assert.Equal([two["Id"].Str()], h.Sim.Inspect(h.Realm).DeletedIds("Payment"));
    }

    [Fact]
    public async Task A_refused_bookkeeper_action_says_why()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Refused");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "X-1");

        var error = Assert.Throws<InvalidOperationException>(() =>
            h.Sim.Bookkeeper.RecordPayment(h.Realm, 50m, [new PaymentApplication(invoice["Id"].Str(), 50m)]));

        Assert.Contains("open balance", error.Message, StringComparison.Ordinal);
    }
}
