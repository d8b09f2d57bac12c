using System.Globalization;
using System.Text.Json;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Serialization;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Turns an RO App invoice into the QuickBooks invoice to write. Pure: the customer, items and tax plan are
/// resolved before, so the mapping is cheap and its output hashes the same for the same content.
/// </summary>
internal static class InvoiceMapper
{
    private const int MaxDocNumberLength = 21;

    /// <summary>The marker in <c>PrivateNote</c> that finds the invoice again after an ambiguous failure.</summary>
    public static string ReferenceMarker(string roAppInvoiceId) => $"[RO App ref {roAppInvoiceId}]";

    public static Invoice Map(
        RoAppInvoiceSnapshot snapshot,
        string customerId,
        IReadOnlyList<string> itemIds,
        InvoiceTaxPlan tax,
        QuickBooksCompanyProfile profile,
        LocationChoice? location = null)
    {
        // A class goes on the invoice when QuickBooks tracks one class a transaction, else on every line.
        var invoiceClass = profile.ClassTrackingPerTxn ? location?.ClassRef : null;
        var lineClass = profile.ClassTrackingPerTxn ? null : location?.ClassRef;
        var lines = new List<InvoiceLine>(snapshot.Lines.Count);
        for (var i = 0; i < snapshot.Lines.Count; i++)
        {
            var line = snapshot.Lines[i];
            var code = i < tax.LineTaxCodes.Count ? tax.LineTaxCodes[i] : null;
            var (amount, unitPrice, gross) = tax.TaxInclusive && code is not null
                ? Inclusive(line, tax.LineRatePercents is { } rates && i < rates.Count ? rates[i] : 0m)
                : (line.Amount, line.Rate, (decimal?)null);
            lines.Add(new InvoiceLine
            {
                DetailType = InvoiceLine.SalesItemLineDetailType,
                Amount = amount,
                Description = line.Description ?? line.Name,
                SalesItemLineDetail = new SalesItemLineDetail
                {
                    ItemRef = new QuickBooksRef(itemIds[i]),
                    Qty = line.Quantity,
                    UnitPrice = unitPrice,
                    TaxCodeRef = code is null ? null : new QuickBooksRef(code),
                    TaxInclusiveAmt = gross,
                    ClassRef = lineClass,
                },
            });
        }

        if (DiscountLine(snapshot) is { } discount)
        {
            // Last: a QuickBooks discount line discounts the lines above it.
            lines.Add(discount);
        }

        return new Invoice
        {
            CustomerRef = new QuickBooksRef(customerId),
            Lines = lines,
            DocNumber = profile.CustomTransactionNumbers ? Clip(snapshot.Number, MaxDocNumberLength) : null,
            // Without custom numbers QuickBooks numbers the invoice itself; the RO App number stays visible in the memo.
            PrivateNote = $"RO App invoice {snapshot.Number} {ReferenceMarker(snapshot.Id)}",
            TxnDate = snapshot.Date,
            DueDate = snapshot.DueDate,
            BillEmail = string.IsNullOrWhiteSpace(snapshot.Client.Email) ? null : new EmailAddress { Address = snapshot.Client.Email.Trim() },
            BillAddr = BillTo(snapshot),
            CurrencyRef = profile.MultiCurrencyEnabled && !string.IsNullOrWhiteSpace(snapshot.Currency) ? new QuickBooksRef(snapshot.Currency.Trim().ToUpperInvariant()) : null,
            TxnTaxDetail = tax.TransactionTaxCodeId is { } txnCode ? new TxnTaxDetail { TxnTaxCodeRef = new QuickBooksRef(txnCode) } : null,
            GlobalTaxCalculation = tax.GlobalTaxCalculation,
            DepartmentRef = location?.DepartmentRef,
            ClassRef = invoiceClass,
        };
    }

    /// <summary>
    /// A tax-inclusive line as QuickBooks stores it: the gross in <c>TaxInclusiveAmt</c>, the net (gross × 100 /
    /// (100 + rate), rounded to cents) as <c>Amount</c>, and a unit price that multiplies back to it. QuickBooks
    /// derives the same net from the gross; the tax is what the gross holds beyond it, so the total is RO App's.
    /// </summary>
    private static (decimal Amount, decimal UnitPrice, decimal? Gross) Inclusive(RoAppInvoiceLine line, decimal ratePercent)
    {
        var net = Math.Round(line.Amount * 100m / (100m + ratePercent), 2, MidpointRounding.AwayFromZero);
        var unit = line.Quantity == 0m ? line.Rate : Math.Round(net / line.Quantity, 7, MidpointRounding.AwayFromZero);
        return (net, unit, line.Amount);
    }

    /// <summary>
    /// RO App's discounts as QuickBooks' one discount line a transaction (QuickBooks has no discount per line): an
    /// invoice percentage alone stays a percentage; otherwise the line discounts and the invoice discount (taken
    /// after them, as RO App does) go as one amount, so the total off is RO App's to the cent. Tax on the discount is
    /// then QuickBooks' (spread over the lines above, before or after tax as the company's preference says): a
    /// different total is journalled as a warning with both totals.
    /// </summary>
    public static InvoiceLine? DiscountLine(RoAppInvoiceSnapshot snapshot)
    {
        var lineOff = 0m;
        var parts = new List<string>();
        foreach (var line in snapshot.Lines)
        {
            if (line.Discount is { } discount && discount.Of(line.Amount) is var off and > 0m)
            {
                lineOff += off;
                parts.Add($"{line.Name} {Describe(discount)}");
            }
        }

        var net = snapshot.Lines.Sum(l => l.Amount) - lineOff;
        var invoiceOff = snapshot.Discount?.Of(net) ?? 0m;
        if (lineOff == 0m && invoiceOff == 0m)
        {
            return null;
        }

        if (invoiceOff > 0m)
        {
            parts.Add($"invoice {Describe(snapshot.Discount!)}");
        }

        var percentOnly = lineOff == 0m && snapshot.Discount?.Percent is not null;
        return new InvoiceLine
        {
            DetailType = InvoiceLine.DiscountLineDetailType,
            Amount = lineOff + invoiceOff,
            Description = "Discount: " + string.Join(", ", parts),
            DiscountLineDetail = percentOnly
                ? new DiscountLineDetail { PercentBased = true, DiscountPercent = snapshot.Discount!.Percent }
                : new DiscountLineDetail { PercentBased = false },
        };
    }

    private static string Describe(RoAppDiscount discount) =>
        discount.Percent is { } p ? p.ToString("0.##", CultureInfo.InvariantCulture) + "%" : Money(discount.Amount ?? 0m);

    /// <summary>
    /// The bill-to rule: when the client pays, the client's address; when someone else pays, the client's name
    /// with the payer's address.
    /// </summary>
    public static PhysicalAddress? BillTo(RoAppInvoiceSnapshot snapshot)
    {
        var payer = snapshot.Payer;
        if (payer is null || payer.Id == snapshot.Client.Id)
        {
            return Address(null, snapshot.Client.Address);
        }

        return Address(snapshot.Client.DisplayName, payer.Address) ?? new PhysicalAddress { Line1 = snapshot.Client.DisplayName };
    }

    /// <summary>A hash of what would be written: equal hashes mean the send would change nothing.</summary>
    public static string ContentHash(Invoice invoice) =>
        RequestIds.Hash(JsonSerializer.SerializeToUtf8Bytes(invoice, QuickBooksJsonContext.Default.Invoice));

    /// <summary>The ids of an invoice's sales lines in order (the subtotal line QuickBooks appends is not one).</summary>
    public static IReadOnlyList<string?> SalesLineIds(Invoice invoice) =>
        invoice.Lines?.Where(l => !l.IsSubtotal && l.SalesItemLineDetail is not null).Select(l => l.Id).ToList() ?? [];

    /// <summary>
    /// Copies the mapped fields onto a sparse update of an existing invoice. Lines are all-or-nothing in
    /// QuickBooks, so the complete list goes, keeping the existing line ids by position (a line sent without
    /// an id would replace the old one under a new id).
    /// </summary>
    public static Invoice SparseUpdate(Invoice mapped, string id, string syncToken, IReadOnlyList<string?>? existingLineIds)
    {
        if (existingLineIds is not null && mapped.Lines is not null)
        {
            // Sales lines only: the discount line is not among the known ids (QuickBooks keeps one discount line anyway).
            var sales = mapped.Lines.Where(l => l.SalesItemLineDetail is not null).ToList();
            for (var i = 0; i < sales.Count && i < existingLineIds.Count; i++)
            {
                sales[i].Id = existingLineIds[i];
            }
        }

        return new Invoice
        {
            Id = id,
            SyncToken = syncToken,
            CustomerRef = mapped.CustomerRef,
            Lines = mapped.Lines,
            DocNumber = mapped.DocNumber,
            PrivateNote = mapped.PrivateNote,
            TxnDate = mapped.TxnDate,
            DueDate = mapped.DueDate,
            BillEmail = mapped.BillEmail,
            BillAddr = mapped.BillAddr,
            CurrencyRef = mapped.CurrencyRef,
            TxnTaxDetail = mapped.TxnTaxDetail,
            GlobalTaxCalculation = mapped.GlobalTaxCalculation,
            DepartmentRef = mapped.DepartmentRef,
            ClassRef = mapped.ClassRef,
        };
    }

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static PhysicalAddress? Address(string? nameLine, RoAppAddress? address)
    {
        if (address is null)
        {
            return nameLine is null ? null : new PhysicalAddress { Line1 = nameLine };
        }

        return nameLine is null
            ? new PhysicalAddress { Line1 = address.Line1, Line2 = address.Line2, City = address.City, CountrySubDivisionCode = address.Region, PostalCode = address.PostalCode, Country = address.Country }
            : new PhysicalAddress { Line1 = nameLine, Line2 = address.Line1, Line3 = address.Line2, City = address.City, CountrySubDivisionCode = address.Region, PostalCode = address.PostalCode, Country = address.Country };
    }

    private static string Clip(string text, int max) => text.Length > max ? text[..max] : text;
}
