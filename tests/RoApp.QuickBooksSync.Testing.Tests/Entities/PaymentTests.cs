using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

public sealed class PaymentTests
{
    private static JsonObject PaymentBody(string customerId, decimal total, params (string InvoiceId, decimal Amount)[] lines)
    {
        var array = new JsonArray();
        foreach (var (invoiceId, amount) in lines)
        {
            array.Add(new JsonObject { ["Amount"] = amount, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = invoiceId, ["TxnType"] = "Invoice" }) });
        }

        return new JsonObject { ["CustomerRef"] = new JsonObject { ["value"] = customerId }, ["TotalAmt"] = total, ["Line"] = array };
    }

    [Fact]
    public async Task Payment_reduces_the_invoice_balance_and_appears_in_its_linked_transactions()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Payer");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m);

        var payment = (await h.PostAsync("payment", PaymentBody(customer["Id"].Str(), 40m, (invoice["Id"].Str(), 40m)))).Entity("Payment");
        var after = (await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice");

        Assert.Equal(60m, after["Balance"].Dec());
        Assert.Equal(payment["Id"].Str(), after["LinkedTxn"]![0]!["TxnId"].Str());
        Assert.Equal("Payment", after["LinkedTxn"]![0]!["TxnType"].Str());
        Assert.Equal("1", after["SyncToken"].Str());
        Assert.Equal(h.Company.UndepositedFundsAccountId, payment["DepositToAccountRef"]!["value"].Str());
    }

    [Fact]
    public async Task Over_payment_leaves_an_unapplied_amount()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Generous");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m);

        var payment = (await h.PostAsync("payment", PaymentBody(customer["Id"].Str(), 130m, (invoice["Id"].Str(), 100m)))).Entity("Payment");

        Assert.Equal(30m, payment["UnappliedAmt"].Dec());
        Assert.Equal(0m, (await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice")["Balance"].Dec());
    }

    [Fact]
    public async Task Applying_more_than_the_open_balance_is_refused()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Too much");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m);

        var answer = await h.PostAsync("payment", PaymentBody(customer["Id"].Str(), 150m, (invoice["Id"].Str(), 150m)));

        Assert.Equal("6000", answer.FaultCode);
    }

    [Fact]
    public async Task Deposit_account_must_be_bank_or_other_current_asset()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Deposit");
        var toIncome = PaymentBody(customer["Id"].Str(), 10m);
        toIncome["DepositToAccountRef"] = new JsonObject { ["value"] = h.Company.IncomeAccountId };
        var toBank = PaymentBody(customer["Id"].Str(), 10m);
        toBank["DepositToAccountRef"] = new JsonObject { ["value"] = h.Company.BankAccountId };

        Assert.Equal("6000", (await h.PostAsync("payment", toIncome)).FaultCode);
        Assert.Equal(200, (await h.PostAsync("payment", toBank)).Status);
    }

    [Fact]
    public async Task Voiding_a_payment_with_include_void_reopens_the_invoice()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Void pay");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m);
        var payment = (await h.PostAsync("payment", PaymentBody(customer["Id"].Str(), 100m, (invoice["Id"].Str(), 100m)))).Entity("Payment");

        var voided = (await h.PostAsync("payment?operation=update&include=void", new JsonObject { ["Id"] = payment["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true })).Entity("Payment");

        Assert.Equal(0m, voided["TotalAmt"].Dec());
        var reopened = (await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice");
        Assert.Equal(100m, reopened["Balance"].Dec());
        Assert.Empty(reopened["LinkedTxn"]!.AsArray());
    }

    [Fact]
    public async Task Deleting_a_payment_reopens_the_invoice()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Delete pay");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m);
        var payment = (await h.PostAsync("payment", PaymentBody(customer["Id"].Str(), 25m, (invoice["Id"].Str(), 25m)))).Entity("Payment");

        var deleted = await h.PostAsync("payment?operation=delete", new JsonObject { ["Id"] = payment["Id"].Str(), ["SyncToken"] = "0" });

        Assert.Equal("Deleted", deleted.Entity("Payment")["status"].Str());
        Assert.Equal(100m, (await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice")["Balance"].Dec());
    }
}
