using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

/// <summary>Unapplied payments applied later, deposited payments (6540) and payment methods, as QuickBooks answers them.</summary>
public sealed class MoneyLifecycleTests
{
    private static JsonObject Unapplied(string customerId, decimal total) =>
        new() { ["CustomerRef"] = new JsonObject { ["value"] = customerId }, ["TotalAmt"] = total, ["Line"] = new JsonArray() };

    private static JsonArray AppliedTo(string invoiceId, decimal amount) =>
        new(new JsonObject { ["Amount"] = amount, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = invoiceId, ["TxnType"] = "Invoice" }) });

    [Fact]
    public async Task An_unapplied_payment_is_applied_later_by_a_sparse_update_with_the_link()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Depositor");
        var deposit = (await h.PostAsync("payment", Unapplied(customer["Id"].Str(), 50m))).Entity("Payment");
        Assert.Equal(50m, deposit["UnappliedAmt"].Dec());
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m);

        var applied = (await h.PostAsync("payment", new JsonObject
        {
            ["Id"] = deposit["Id"].Str(), ["SyncToken"] = deposit["SyncToken"].Str(), ["sparse"] = true,
            ["Line"] = AppliedTo(invoice["Id"].Str(), 50m),
        })).Entity("Payment");

        Assert.Equal(0m, applied["UnappliedAmt"].Dec());
        Assert.Equal("1", applied["SyncToken"].Str());
        Assert.Equal(50m, (await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice")["Balance"].Dec());
    }

    [Fact]
    public async Task A_deposited_payment_cannot_be_changed_voided_or_deleted_until_taken_out_of_the_deposit()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Banked");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m);
        var payment = (await h.PostAsync("payment", new JsonObject
        {
            ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() }, ["TotalAmt"] = 40m, ["Line"] = AppliedTo(invoice["Id"].Str(), 40m),
        })).Entity("Payment");
        var id = payment["Id"].Str();
        h.Sim.Bookkeeper.DepositPayment(h.Realm, id);
        JsonObject Key() => new() { ["Id"] = id, ["SyncToken"] = payment["SyncToken"].Str() };

        var update = await h.PostAsync("payment", new JsonObject { ["Id"] = id, ["SyncToken"] = payment["SyncToken"].Str(), ["sparse"] = true, ["TotalAmt"] = 45m, ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() } });
        var voiding = await h.PostAsync("payment?operation=update&include=void", Key().Also("sparse", true));
        var deleting = await h.PostAsync("payment?operation=delete", Key());

        Assert.Equal(["6540", "6540", "6540"], new[] { update.FaultCode, voiding.FaultCode, deleting.FaultCode });
        Assert.Equal(60m, (await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice")["Balance"].Dec());

        h.Sim.Bookkeeper.RemoveFromDeposit(h.Realm, id);
        var voided = await h.PostAsync("payment?operation=update&include=void", Key().Also("sparse", true));
        Assert.Equal(200, voided.Status);
        Assert.Equal(100m, (await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice")["Balance"].Dec());
    }

    private static JsonObject Credit(string creditMemoId, decimal amount) =>
        new() { ["Amount"] = amount, ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = creditMemoId, ["TxnType"] = "CreditMemo" }) };

    [Fact]
    public async Task A_credit_memo_is_applied_to_an_invoice_through_a_payment_and_given_back_when_the_payment_is_voided()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Credited");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m);
        var memo = (await h.PostAsync("creditmemo", new JsonObject
        {
            ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() },
            ["Line"] = new JsonArray(Harness.SalesLine(h.Company.ServiceItemId, 1, 30m)),
        })).Entity("CreditMemo");

        // As Intuit documents it: one payment, a line on the invoice and a line on the credit memo; the money paid is the difference.
        var lines = AppliedTo(invoice["Id"].Str(), 100m);
        lines.Add(Credit(memo["Id"].Str(), 30m));
        var payment = (await h.PostAsync("payment", new JsonObject { ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() }, ["TotalAmt"] = 70m, ["Line"] = lines })).Entity("Payment");
        async Task<(decimal Balance, decimal Remaining)> StateAsync() =>
            ((await h.GetAsync("invoice/" + invoice["Id"].Str())).Entity("Invoice")["Balance"].Dec(), (await h.GetAsync("creditmemo/" + memo["Id"].Str())).Entity("CreditMemo")["RemainingCredit"].Dec());

        Assert.Equal(0m, payment["UnappliedAmt"].Dec());
        Assert.Equal((0m, 0m), await StateAsync());

        var second = await h.CreateInvoiceAsync(customer["Id"].Str(), 100m);
        var tooMuch = AppliedTo(second["Id"].Str(), 100m);
        tooMuch.Add(Credit(memo["Id"].Str(), 10m));
        var overdrawn = await h.PostAsync("payment", new JsonObject { ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() }, ["TotalAmt"] = 90m, ["Line"] = tooMuch });
        var deleteApplied = await h.PostAsync("creditmemo?operation=delete", new JsonObject { ["Id"] = memo["Id"].Str(), ["SyncToken"] = (await h.GetAsync("creditmemo/" + memo["Id"].Str())).Entity("CreditMemo")["SyncToken"].Str() });
        Assert.Equal(400, overdrawn.Status);
        Assert.Contains("RemainingCredit", overdrawn.Text, StringComparison.Ordinal);
        Assert.Equal(400, deleteApplied.Status);

        var voided = await h.PostAsync("payment?operation=update&include=void", new JsonObject { ["Id"] = payment["Id"].Str(), ["SyncToken"] = payment["SyncToken"].Str(), ["sparse"] = true });
        Assert.Equal(200, voided.Status);
        Assert.Equal((100m, 30m), await StateAsync());
    }

    [Fact]
    public async Task Payment_methods_have_unique_names_and_a_card_or_non_card_type_and_payments_must_name_an_existing_one()
    {
        await using var h = Harness.Create();
        var visa = (await h.PostAsync("paymentmethod", new JsonObject { ["Name"] = "Visa", ["Type"] = "CREDIT_CARD" })).Entity("PaymentMethod");
        var twin = await h.PostAsync("paymentmethod", new JsonObject { ["Name"] = "VISA" });
        var badType = await h.PostAsync("paymentmethod", new JsonObject { ["Name"] = "Barter", ["Type"] = "GOATS" });
        var found = await h.QueryAsync("select * from PaymentMethod where Name = 'Visa'");
        var customer = await h.CreateCustomerAsync("Card holder");
        var paid = await h.PostAsync("payment", Unapplied(customer["Id"].Str(), 10m).Also("PaymentMethodRef", new JsonObject { ["value"] = visa["Id"].Str() }));
        var unknown = await h.PostAsync("payment", Unapplied(customer["Id"].Str(), 10m).Also("PaymentMethodRef", new JsonObject { ["value"] = "999" }));

        Assert.Equal("6240", twin.FaultCode);
        Assert.Equal("2010", badType.FaultCode);
        Assert.Equal(visa["Id"].Str(), found.Json["QueryResponse"]!["PaymentMethod"]![0]!["Id"].Str());
        Assert.Equal("Visa", paid.Entity("Payment")["PaymentMethodRef"]!["name"].Str());
        Assert.Equal("610", unknown.FaultCode);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject obj, string name, JsonNode? value)
    {
        obj[name] = value;
        return obj;
    }
}

public sealed class RefundFormTests
{
    private static JsonArray Lines(string itemId, decimal amount) =>
        new(new JsonObject { ["DetailType"] = "SalesItemLineDetail", ["Amount"] = amount, ["SalesItemLineDetail"] = new JsonObject { ["ItemRef"] = new JsonObject { ["value"] = itemId } } });

    [Fact]
    public async Task A_refund_receipt_needs_a_bank_or_other_current_asset_account_and_lines()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Returner");
        JsonObject Body(string? account) => new()
        {
            ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() },
            ["Line"] = Lines(h.Company.ServiceItemId, 25m),
            ["DepositToAccountRef"] = account is null ? null : new JsonObject { ["value"] = account },
        };

        var noAccount = await h.PostAsync("refundreceipt", Body(null));
        var income = await h.PostAsync("refundreceipt", Body(h.Company.IncomeAccountId));
        var noLines = await h.PostAsync("refundreceipt", Body(h.Company.BankAccountId).Also("Line", new JsonArray()));
        var ok = await h.PostAsync("refundreceipt", Body(h.Company.BankAccountId));

        Assert.Equal(["2020", "6000", "2020"], new[] { noAccount.FaultCode, income.FaultCode, noLines.FaultCode });
        Assert.Equal(25m, ok.Entity("RefundReceipt")["TotalAmt"].Dec());
    }

    [Fact]
    public async Task A_credit_memo_starts_with_its_whole_total_as_remaining_credit()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Credited");

        var memo = (await h.PostAsync("creditmemo", new JsonObject
        {
            ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() },
            ["Line"] = Lines(h.Company.ServiceItemId, 40m),
        })).Entity("CreditMemo");

        Assert.Equal((40m, 40m), (memo["TotalAmt"].Dec(), memo["RemainingCredit"].Dec()));
    }
}
