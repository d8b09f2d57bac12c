using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

/// <summary>QuickBooks' discount line: one a transaction, discounting the lines above it, tax on its share.</summary>
public sealed class DiscountTests
{
    private static JsonObject Discount(decimal? amount, decimal? percent = null) => new()
    {
        ["DetailType"] = "DiscountLineDetail",
        ["Amount"] = amount,
        ["DiscountLineDetail"] = percent is null ? new JsonObject { ["PercentBased"] = false } : new JsonObject { ["PercentBased"] = true, ["DiscountPercent"] = percent },
    };

    private static JsonObject UsBody(Harness h, string customerId, JsonObject discount, bool? taxAfterDiscount = null)
    {
        var body = h.InvoiceBody(customerId, 100m, null, "TAX");
        var lines = (JsonArray)body["Line"]!;
        lines.Add(Harness.SalesLine(h.Company.ServiceItemId, 1, 50m, "NON"));
        lines.Add(discount);
        body["TxnTaxDetail"] = new JsonObject { ["TxnTaxCodeRef"] = new JsonObject { ["value"] = h.Company.TaxCodeIds["California"] } };
        if (taxAfterDiscount is { } after)
        {
            body["ApplyTaxAfterDiscount"] = after;
        }

        return body;
    }

    [Theory]
    [InlineData(15.0, null)]
    [InlineData(null, 10.0)]
    public async Task A_US_discount_takes_its_share_off_the_taxable_lines_before_tax(double? amount, double? percent)
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Discounted");

        var invoice = (await h.PostAsync("invoice", UsBody(h, customer["Id"].Str(), Discount((decimal?)amount, (decimal?)percent)))).Entity("Invoice");

        // 150 subtotal, 15 off; the taxable 100 carries 10 of it: 90 × 8.25% = 7.43.
        var discountLine = ((JsonArray)invoice["Line"]!).OfType<JsonObject>().Single(l => l["DetailType"].Str() == "DiscountLineDetail");
        Assert.Equal(15m, discountLine["Amount"].Dec());
        Assert.Equal(7.43m, invoice["TxnTaxDetail"]!["TotalTax"].Dec());
        Assert.Equal(142.43m, invoice["TotalAmt"].Dec());
    }

    [Fact]
    public async Task With_tax_before_the_discount_the_tax_is_on_the_full_amounts()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Tax first");

        var invoice = (await h.PostAsync("invoice", UsBody(h, customer["Id"].Str(), Discount(15m), taxAfterDiscount: false))).Entity("Invoice");

        Assert.Equal(8.25m, invoice["TxnTaxDetail"]!["TotalTax"].Dec());
        Assert.Equal(143.25m, invoice["TotalAmt"].Dec());
    }

    [Theory]
    [InlineData("TaxExcluded", 18.00, 108.00)]
    [InlineData("TaxInclusive", 15.00, 90.00)]
    public async Task Outside_the_US_the_tax_is_on_the_discounted_amount(string mode, double tax, double total)
    {
        await using var h = Harness.Create(CompanyProfile.UnitedKingdom);
        var customer = await h.CreateCustomerAsync("UK discount");
        var body = h.InvoiceBody(customer["Id"].Str(), 100m, null, h.Company.TaxCodeIds["20.0% S"]);
        ((JsonArray)body["Line"]!).Add(Discount(10m));
        body["GlobalTaxCalculation"] = mode;
        if (mode == "TaxInclusive")
        {
            body["Line"]![0]!["SalesItemLineDetail"]!["TaxInclusiveAmt"] = 100m;
        }

        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");

        Assert.Equal((decimal)tax, invoice["TxnTaxDetail"]!["TotalTax"].Dec());
        Assert.Equal((decimal)total, invoice["TotalAmt"].Dec());
    }

    [Fact]
    public async Task A_discount_line_with_neither_amount_nor_percent_is_refused_with_6090()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("No discount info");
        var body = h.InvoiceBody(customer["Id"].Str(), 100m);
        ((JsonArray)body["Line"]!).Add(new JsonObject { ["DetailType"] = "DiscountLineDetail", ["DiscountLineDetail"] = new JsonObject { ["PercentBased"] = true } });

        var answer = await h.PostAsync("invoice", body);

        Assert.Equal("6090", answer.FaultCode);
    }
}
