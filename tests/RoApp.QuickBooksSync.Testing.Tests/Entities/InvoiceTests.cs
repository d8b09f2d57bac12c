using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

public sealed class InvoiceTests
{
    [Fact]
    public async Task Created_invoice_has_totals_tax_balance_and_the_automatic_subtotal_line()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Ann Lee");
        var body = new JsonObject
        {
            ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() },
            ["DocNumber"] = "RO-1",
            ["Line"] = new JsonArray(
                Harness.SalesLine(h.Company.ServiceItemId, 2, 50m, "TAX"),
                Harness.SalesLine(h.Company.ServiceItemId, 1, 20m, "NON")),
            ["TxnTaxDetail"] = new JsonObject { ["TxnTaxCodeRef"] = new JsonObject { ["value"] = h.Company.TaxCodeIds["California"] } },
        };

        var answer = await h.PostAsync("invoice?minorversion=75&format=json", body);

        Assert.Equal(200, answer.Status);
        var invoice = answer.Entity("Invoice");
        Assert.Equal("0", invoice["SyncToken"].Str());
        Assert.Equal(8.25m, invoice["TxnTaxDetail"]!["TotalTax"].Dec());   // 8.25% of the 100.00 taxable
        Assert.Equal(128.25m, invoice["TotalAmt"].Dec());
        Assert.Equal(128.25m, invoice["Balance"].Dec());
        var lines = invoice["Line"]!.AsArray();
        Assert.Equal(3, lines.Count);
        Assert.Equal("SubTotalLineDetail", lines[2]!["DetailType"].Str());
        Assert.Equal(120m, lines[2]!["Amount"].Dec());
        Assert.NotNull(invoice["MetaData"]!["CreateTime"]);
        Assert.NotNull(answer.Json["time"]);
    }

    [Fact]
    public async Task Line_amounts_round_half_away_from_zero_and_tax_is_computed_on_the_sum()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Rounding");
        var body = new JsonObject
        {
            ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() },
            ["Line"] = new JsonArray(
                new JsonObject
                {
                    ["DetailType"] = "SalesItemLineDetail",
                    ["SalesItemLineDetail"] = new JsonObject { ["ItemRef"] = new JsonObject { ["value"] = h.Company.ServiceItemId }, ["Qty"] = 3, ["UnitPrice"] = 3.335m, ["TaxCodeRef"] = new JsonObject { ["value"] = "TAX" } },
                },
                new JsonObject
                {
                    ["DetailType"] = "SalesItemLineDetail",
                    ["SalesItemLineDetail"] = new JsonObject { ["ItemRef"] = new JsonObject { ["value"] = h.Company.ServiceItemId }, ["Qty"] = 1, ["UnitPrice"] = 0.07m, ["TaxCodeRef"] = new JsonObject { ["value"] = "TAX" } },
                }),
            ["TxnTaxDetail"] = new JsonObject { ["TxnTaxCodeRef"] = new JsonObject { ["value"] = h.Company.TaxCodeIds["California"] } },
        };

        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");

        Assert.Equal(10.01m, invoice["Line"]![0]!["Amount"].Dec());   // 3 x 3.335 = 10.005 -> 10.01
        // 8.25% of 10.08 = 0.8316 -> 0.83 (per unit it would be 0.28 x 3 + 0.01 = 0.85).
        Assert.Equal(0.83m, invoice["TxnTaxDetail"]!["TotalTax"].Dec());
        Assert.Equal(10.91m, invoice["TotalAmt"].Dec());
    }

    [Fact]
    public async Task Amount_that_is_not_qty_times_price_is_refused()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Wrong amount");
        var body = h.InvoiceBody(customer["Id"].Str(), 10m);
        body["Line"]![0]!["Amount"] = 11m;

        var answer = await h.PostAsync("invoice", body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("6070", answer.FaultCode);
    }

    [Fact]
    public async Task Missing_customer_ref_is_a_validation_fault_naming_the_field()
    {
        await using var h = Harness.Create();

        var answer = await h.PostAsync("invoice", new JsonObject { ["Line"] = new JsonArray(Harness.SalesLine(h.Company.ServiceItemId, 1, 1m)) });

        Assert.Equal(400, answer.Status);
        Assert.Equal("ValidationFault", answer.Json["Fault"]!["type"].Str());
        Assert.Equal("2020", answer.FaultCode);
        Assert.Equal("CustomerRef", answer.Json["Fault"]!["Error"]![0]!["element"].Str());
    }

    [Fact]
    public async Task Invoice_without_lines_is_refused()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("No lines");

        var answer = await h.PostAsync("invoice", new JsonObject { ["CustomerRef"] = new JsonObject { ["value"] = customer["Id"].Str() } });

        Assert.Equal(400, answer.Status);
        Assert.Equal("2020", answer.FaultCode);
    }

    [Fact]
    public async Task References_to_missing_or_inactive_objects_fail_with_610()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Soon inactive");
        var missingItem = h.InvoiceBody(customer["Id"].Str(), 5m);
        missingItem["Line"]![0]!["SalesItemLineDetail"]!["ItemRef"]!["value"] = "999";

        var itemAnswer = await h.PostAsync("invoice", missingItem);
        await h.PostAsync("customer", new JsonObject { ["Id"] = customer["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["Active"] = false });
        var inactiveAnswer = await h.PostAsync("invoice", h.InvoiceBody(customer["Id"].Str(), 5m));

        Assert.Equal("610", itemAnswer.FaultCode);
        Assert.Equal("610", inactiveAnswer.FaultCode);
    }

    [Fact]
    public async Task Duplicate_doc_number_fails_with_6140_when_custom_numbers_are_on()
    {
        await using var h = Harness.Create(customNumbers: true);
        var customer = await h.CreateCustomerAsync("Dup doc");
        await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "INV-7");

        var answer = await h.PostAsync("invoice", h.InvoiceBody(customer["Id"].Str(), 10m, "INV-7"));

        Assert.Equal(400, answer.Status);
        Assert.Equal("6140", answer.FaultCode);
    }

    [Fact]
    public async Task Doc_number_longer_than_21_characters_is_refused()
    {
        await using var h = Harness.Create(customNumbers: true);
        var customer = await h.CreateCustomerAsync("Long doc");

        var answer = await h.PostAsync("invoice", h.InvoiceBody(customer["Id"].Str(), 10m, new string('9', 22)));

        Assert.Equal("2050", answer.FaultCode);
    }

    [Fact]
    public async Task With_custom_numbers_off_QuickBooks_numbers_invoices_itself()
    {
        await using var h = Harness.Create(customNumbers: false);
        var customer = await h.CreateCustomerAsync("Auto numbers");

        var first = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "IGNORED");
        var second = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m);

        Assert.Equal("1001", first["DocNumber"].Str());
        Assert.Equal("1002", second["DocNumber"].Str());
    }

    [Fact]
    public async Task Sparse_update_changes_only_what_is_sent_and_moves_the_sync_token()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Sparse");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 40m, "S-1");
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var answer = await h.PostAsync("invoice", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["PrivateNote"] = "checked" });

        var updated = answer.Entity("Invoice");
        Assert.Equal("1", updated["SyncToken"].Str());
        Assert.Equal("checked", updated["PrivateNote"].Str());
        Assert.Equal("S-1", updated["DocNumber"].Str());
        Assert.Equal(40m, updated["TotalAmt"].Dec());
        Assert.NotEqual(invoice["MetaData"]!["LastUpdatedTime"].Str(), updated["MetaData"]!["LastUpdatedTime"].Str());
    }

    [Fact]
    public async Task Full_update_clears_fields_it_omits()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Full");
        var body = h.InvoiceBody(customer["Id"].Str(), 40m, "F-1");
        body["PrivateNote"] = "will vanish";
        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");

        var full = h.InvoiceBody(customer["Id"].Str(), 45m, "F-1");
        full["Id"] = invoice["Id"].Str();
        full["SyncToken"] = "0";
        var updated = (await h.PostAsync("invoice?operation=update", full)).Entity("Invoice");

        Assert.Null(updated["PrivateNote"]);
        Assert.Equal(45m, updated["TotalAmt"].Dec());
    }

    [Fact]
    public async Task Stale_write_fails_with_5010()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Stale");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m);
        await h.PostAsync("invoice", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["PrivateNote"] = "a" });

        var answer = await h.PostAsync("invoice?operation=update", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["PrivateNote"] = "b" });

        Assert.Equal(400, answer.Status);
        Assert.Equal("5010", answer.FaultCode);
    }

    [Fact]
    public async Task Lines_keep_their_ids_when_the_complete_list_is_sent_back()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Line ids");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m);
        var lines = invoice["Line"]!.AsArray().DeepClone().AsArray();
        lines.Add(Harness.SalesLine(h.Company.ServiceItemId, 1, 5m));

        var updated = (await h.PostAsync("invoice", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["Line"] = lines })).Entity("Invoice");

        Assert.Equal("1", updated["Line"]![0]!["Id"].Str());
        Assert.Equal("2", updated["Line"]![1]!["Id"].Str());
        Assert.Equal(15m, updated["TotalAmt"].Dec());
        Assert.Equal(3, updated["Line"]!.AsArray().Count); // two sales lines and the subtotal, not two subtotals
    }

    [Fact]
    public async Task Lines_sent_without_ids_replace_the_old_ones_under_new_ids()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("New line ids");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m);

        var lines = new JsonArray(Harness.SalesLine(h.Company.ServiceItemId, 1, 10m), Harness.SalesLine(h.Company.ServiceItemId, 1, 5m));
        var updated = (await h.PostAsync("invoice", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["Line"] = lines })).Entity("Invoice");

        // The old line 1 is gone; ids are never reused within an invoice.
        Assert.Equal("2", updated["Line"]![0]!["Id"].Str());
        Assert.Equal("3", updated["Line"]![1]!["Id"].Str());
    }

    [Fact]
    public async Task Void_zeroes_the_invoice_and_prepends_Voided_to_the_private_note()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Void me");
        var body = h.InvoiceBody(customer["Id"].Str(), 30m);
        body["PrivateNote"] = "RO-55";
        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");

        var voided = (await h.PostAsync("invoice?operation=void", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0" })).Entity("Invoice");

        Assert.Equal(0m, voided["TotalAmt"].Dec());
        Assert.Equal(0m, voided["Balance"].Dec());
        Assert.Equal(0m, voided["Line"]![0]!["Amount"].Dec());
        Assert.StartsWith("Voided", voided["PrivateNote"].Str(), StringComparison.Ordinal);
        Assert.Contains("RO-55", voided["PrivateNote"].Str(), StringComparison.Ordinal);
        Assert.Equal("1", voided["SyncToken"].Str());
    }

    [Fact]
    public async Task Delete_answers_Deleted_and_the_invoice_is_gone()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Delete me");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 30m);

        var answer = await h.PostAsync("invoice?operation=delete", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0" });
        var read = await h.GetAsync("invoice/" + invoice["Id"].Str());

        Assert.Equal("Deleted", answer.Entity("Invoice")["status"].Str());
        Assert.Equal("610", read.FaultCode);
    }

    [Fact]
    public async Task Automated_sales_tax_replaces_the_code_but_honours_an_explicit_total_tax()
    {
        await using var h = Harness.Create(CompanyProfile.UnitedStatesAutomatedSalesTax);
        var customer = await h.CreateCustomerAsync("AST");
        var computed = (await h.PostAsync("invoice", h.InvoiceBody(customer["Id"].Str(), 100m, "A-1", "TAX"))).Entity("Invoice");
        var explicitBody = h.InvoiceBody(customer["Id"].Str(), 100m, "A-2", "TAX");
        explicitBody["TxnTaxDetail"] = new JsonObject { ["TotalTax"] = 7.77m };
        var honoured = (await h.PostAsync("invoice", explicitBody)).Entity("Invoice");

        Assert.Equal(8.5m, computed["TxnTaxDetail"]!["TotalTax"].Dec());
        Assert.Equal(h.Company.TaxCodeIds["AST"], computed["TxnTaxDetail"]!["TxnTaxCodeRef"]!["value"].Str());
        Assert.Equal(7.77m, honoured["TxnTaxDetail"]!["TotalTax"].Dec());
        Assert.Equal(107.77m, honoured["TotalAmt"].Dec());
    }

    [Fact]
    public async Task Without_automated_sales_tax_a_sent_TotalTax_does_not_override_the_codes()
    {
        await using var h = Harness.Create(CompanyProfile.UnitedStates);
        var customer = await h.CreateCustomerAsync("Manual tax");
        var body = h.InvoiceBody(customer["Id"].Str(), 100m, "M-1", "TAX");
        body["TxnTaxDetail"] = new JsonObject { ["TxnTaxCodeRef"] = new JsonObject { ["value"] = h.Company.TaxCodeIds["California"] }, ["TotalTax"] = 1m };

        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");

        Assert.Equal(8.25m, invoice["TxnTaxDetail"]!["TotalTax"].Dec());
    }

    [Fact]
    public async Task Sending_back_the_stored_TotalTax_with_new_lines_lets_QuickBooks_recompute()
    {
        await using var h = Harness.Create(CompanyProfile.UnitedStatesAutomatedSalesTax);
        var customer = await h.CreateCustomerAsync("Read modify write");
        var invoice = (await h.PostAsync("invoice", h.InvoiceBody(customer["Id"].Str(), 100m, "RMW", "TAX"))).Entity("Invoice");

        // A client reads the invoice, changes the lines and sends the whole object back, old TotalTax included.
        invoice["Line"] = new JsonArray(Harness.SalesLine(h.Company.ServiceItemId, 2, 100m, "TAX"));
        var updated = (await h.PostAsync("invoice", invoice)).Entity("Invoice");

        Assert.Equal(17m, updated["TxnTaxDetail"]!["TotalTax"].Dec());
        Assert.Equal(217m, updated["TotalAmt"].Dec());
    }

    [Fact]
    public async Task Non_US_company_requires_GlobalTaxCalculation_and_a_tax_code_per_line()
    {
        await using var h = Harness.Create(CompanyProfile.Canada);
        var customer = await h.CreateCustomerAsync("Canuck");
        var noMode = h.InvoiceBody(customer["Id"].Str(), 100m, "C-1", h.Company.TaxCodeIds["GST"]);
        var noCode = h.InvoiceBody(customer["Id"].Str(), 100m, "C-2");
        noCode["GlobalTaxCalculation"] = "TaxExcluded";

        Assert.Equal("6000", (await h.PostAsync("invoice", noMode)).FaultCode);
        Assert.Equal("6000", (await h.PostAsync("invoice", noCode)).FaultCode);
    }

    [Theory]
    [InlineData(CompanyProfile.Canada, "GST/PST BC", "TaxExcluded", 12.00, 112.00)]
    [InlineData(CompanyProfile.Canada, "HST ON", "TaxInclusive", 11.50, 100.00)]
    [InlineData(CompanyProfile.UnitedKingdom, "20.0% S", "TaxExcluded", 20.00, 120.00)]
    [InlineData(CompanyProfile.UnitedKingdom, "Exempt", "TaxExcluded", 0.00, 100.00)]
    public async Task Non_US_tax_is_computed_per_rate_of_the_line_code(CompanyProfile profile, string code, string mode, double tax, double total)
    {
        await using var h = Harness.Create(profile);
        var customer = await h.CreateCustomerAsync("Tax " + code);
        var body = h.InvoiceBody(customer["Id"].Str(), 100m, null, h.Company.TaxCodeIds[code]);
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
    public async Task Tax_inclusive_lines_are_stored_net_with_the_gross_in_TaxInclusiveAmt()
    {
        await using var h = Harness.Create(CompanyProfile.Canada);
        var customer = await h.CreateCustomerAsync("Inclusive shape");
        var body = h.InvoiceBody(customer["Id"].Str(), 45m, null, h.Company.TaxCodeIds["HST ON"]);
        body["GlobalTaxCalculation"] = "TaxInclusive";
        var detail = body["Line"]![0]!["SalesItemLineDetail"]!;
        detail["Qty"] = 3m;
        detail["UnitPrice"] = 15m;
        body["Line"]![0]!["Amount"] = 45m;
        detail["TaxInclusiveAmt"] = 45m;

        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");

        // 45.00 gross at 13%: net round(45 / 1.13) = 39.82, tax 5.18; the unit price is the net one.
        var line = invoice["Line"]![0]!;
        Assert.Equal(39.82m, line["Amount"].Dec());
        Assert.Equal(45.00m, line["SalesItemLineDetail"]!["TaxInclusiveAmt"].Dec());
        Assert.Equal(13.2733333m, line["SalesItemLineDetail"]!["UnitPrice"].Dec());
        Assert.Equal(39.82m, invoice["Line"]!.AsArray().Single(l => l!["DetailType"].Str() == "SubTotalLineDetail")!["Amount"].Dec());
        Assert.Equal(5.18m, invoice["TxnTaxDetail"]!["TotalTax"].Dec());
        Assert.Equal(39.82m, invoice["TxnTaxDetail"]!["TaxLine"]![0]!["TaxLineDetail"]!["NetAmountTaxable"].Dec());
        Assert.Equal(45.00m, invoice["TotalAmt"].Dec());
    }

    [Fact]
    public async Task Tax_inclusive_without_TaxInclusiveAmt_takes_the_Amount_as_net()
    {
        await using var h = Harness.Create(CompanyProfile.Canada);
        var customer = await h.CreateCustomerAsync("Inclusive net");
        var body = h.InvoiceBody(customer["Id"].Str(), 100m, null, h.Company.TaxCodeIds["HST ON"]);
        body["GlobalTaxCalculation"] = "TaxInclusive";

        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");

        Assert.Equal(100.00m, invoice["Line"]![0]!["Amount"].Dec());
        Assert.Equal(113.00m, invoice["Line"]![0]!["SalesItemLineDetail"]!["TaxInclusiveAmt"].Dec());
        Assert.Equal(13.00m, invoice["TxnTaxDetail"]!["TotalTax"].Dec());
        Assert.Equal(113.00m, invoice["TotalAmt"].Dec());
    }

    [Fact]
    public async Task Tax_inclusive_with_two_rates_keeps_the_gross_total_to_the_cent()
    {
        await using var h = Harness.Create(CompanyProfile.Canada);
        var customer = await h.CreateCustomerAsync("Inclusive BC");
        var body = h.InvoiceBody(customer["Id"].Str(), 10m, null, h.Company.TaxCodeIds["GST/PST BC"]);
        body["GlobalTaxCalculation"] = "TaxInclusive";
        body["Line"]![0]!["SalesItemLineDetail"]!["TaxInclusiveAmt"] = 10m;

        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");

        // 10.00 at 5% + 7%: net round(10 / 1.12) = 8.93, tax 1.07 shared 0.45 (5% of 8.93) and 0.62.
        var taxLines = invoice["TxnTaxDetail"]!["TaxLine"]!.AsArray();
        Assert.Equal(8.93m, invoice["Line"]![0]!["Amount"].Dec());
        Assert.Equal([0.45m, 0.62m], taxLines.Select(t => t!["Amount"].Dec()));
        Assert.Equal(1.07m, invoice["TxnTaxDetail"]!["TotalTax"].Dec());
        Assert.Equal(10.00m, invoice["TotalAmt"].Dec());
    }

    [Fact]
    public async Task Unknown_query_parameters_such_as_format_json_are_tolerated()
    {
        await using var h = Harness.Create();

        var answer = await h.GetAsync($"companyinfo/{h.Realm}?format=json&minorversion=75&whatever=1");

        Assert.Equal(200, answer.Status);
        Assert.Equal("US", answer.Entity("CompanyInfo")["Country"].Str());
    }

    [Fact]
    public async Task Preferences_show_custom_numbers_and_automated_sales_tax()
    {
        await using var h = Harness.Create(CompanyProfile.UnitedStatesAutomatedSalesTax, customNumbers: false);

        var prefs = (await h.GetAsync("preferences")).Entity("Preferences");

        Assert.False(prefs["SalesFormsPrefs"]!["CustomTxnNumbers"]!.GetValue<bool>());
        Assert.True(prefs["TaxPrefs"]!["PartnerTaxEnabled"]!.GetValue<bool>());
        Assert.False(prefs["CurrencyPrefs"]!["MultiCurrencyEnabled"]!.GetValue<bool>());
    }
}
