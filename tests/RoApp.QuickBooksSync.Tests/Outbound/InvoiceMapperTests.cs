using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>Mapping rules the simulator cannot show (it has no multicurrency).</summary>
public sealed class InvoiceMapperTests
{
    private static readonly RoAppInvoiceSnapshot Invoice = new()
    {
        Id = "77",
        Number = "REPAIR-ORDER-2026-000077-B",
        Date = new DateOnly(2026, 3, 2),
        Currency = "cad",
        Client = new RoAppContact { Id = "c1", FirstName = "Jean", LastName = "Roy" },
        Lines = [new RoAppInvoiceLine("Battery", 1, 50m, 50m, "gst")],
        Total = 52.50m,
    };

    private static readonly InvoiceTaxPlan Tax = new(["5"], null, "TaxExcluded", []);

    [Fact]
    public void Currency_is_sent_only_when_the_QuickBooks_company_has_multicurrency_on()
    {
        var multi = InvoiceMapper.Map(Invoice, "9", ["3"], Tax, new QuickBooksCompanyProfile { Country = "CA", MultiCurrencyEnabled = true });
        var single = InvoiceMapper.Map(Invoice, "9", ["3"], Tax, new QuickBooksCompanyProfile { Country = "CA" });

        Assert.Equal("CAD", multi.CurrencyRef?.Value);
        Assert.Null(single.CurrencyRef);
        Assert.Equal("TaxExcluded", single.GlobalTaxCalculation);
        Assert.Equal("5", single.Lines![0].SalesItemLineDetail!.TaxCodeRef!.Value);
    }

    [Fact]
    public void A_long_RO_App_number_is_cut_to_QuickBooks_21_characters_and_kept_whole_in_the_memo()
    {
        var mapped = InvoiceMapper.Map(Invoice, "9", ["3"], Tax, new QuickBooksCompanyProfile { Country = "CA", CustomTransactionNumbers = true });

        Assert.Equal("REPAIR-ORDER-2026-000", mapped.DocNumber);
        Assert.Contains("REPAIR-ORDER-2026-000077-B", mapped.PrivateNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_hash_changes_with_the_content_and_only_then()
    {
        var profile = new QuickBooksCompanyProfile { Country = "CA" };
        var a = InvoiceMapper.ContentHash(InvoiceMapper.Map(Invoice, "9", ["3"], Tax, profile));
        var b = InvoiceMapper.ContentHash(InvoiceMapper.Map(Invoice, "9", ["3"], Tax, profile));
        var c = InvoiceMapper.ContentHash(InvoiceMapper.Map(Invoice with { DueDate = new DateOnly(2026, 4, 1) }, "9", ["3"], Tax, profile));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Request_ids_are_stable_and_fit_the_batch_limit_of_36_characters()
    {
        var first = RequestIds.For("shop-1", "realm", "invoice", "77", "create", "0");

        Assert.Equal(first, RequestIds.For("shop-1", "realm", "invoice", "77", "create", "0"));
        Assert.NotEqual(first, RequestIds.For("shop-1", "realm", "invoice", "78", "create", "0"));
        Assert.InRange(first.Length, 1, 36);
    }
}
