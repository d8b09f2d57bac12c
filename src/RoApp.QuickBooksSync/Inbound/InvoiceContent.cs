using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// What an invoice says, as a hash: customer, lines, amounts, tax, dates, memo, addresses and number.
/// Deliberately left out: <c>Balance</c>, <c>LinkedTxn</c>, <c>SyncToken</c>, <c>MetaData</c> and the private
/// note, which change when a payment is applied or the invoice is e-mailed, so those never look like an edit.
/// </summary>
internal static class InvoiceContent
{
    public static string Hash(Invoice invoice)
    {
        var text = new StringBuilder(512);
        Append(text, invoice.CustomerRef?.Value);
        Append(text, invoice.DocNumber);
        Append(text, invoice.TxnDate?.ToString("O", CultureInfo.InvariantCulture));
        Append(text, invoice.DueDate?.ToString("O", CultureInfo.InvariantCulture));
        Append(text, invoice.BillEmail?.Address);
        Append(text, invoice.CustomerMemo?.Value);
        Append(text, invoice.BillAddr);
        Append(text, invoice.ShipAddr);
        Append(text, invoice.GlobalTaxCalculation);
        Append(text, invoice.TxnTaxDetail?.TxnTaxCodeRef?.Value);
        Append(text, invoice.TxnTaxDetail?.TotalTax);
        Append(text, invoice.TotalAmt);
        foreach (var line in invoice.Lines ?? [])
        {
            if (line.IsSubtotal)
            {
                continue;
            }

            text.Append("|line");
            Append(text, line.DetailType);
            Append(text, line.Description);
            Append(text, line.Amount);
            Append(text, line.SalesItemLineDetail?.ItemRef?.Value);
            Append(text, line.SalesItemLineDetail?.Qty);
            Append(text, line.SalesItemLineDetail?.UnitPrice);
            Append(text, line.SalesItemLineDetail?.TaxCodeRef?.Value);
            Append(text, line.SalesItemLineDetail?.ServiceDate?.ToString("O", CultureInfo.InvariantCulture));
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// A void as QuickBooks leaves it: amounts zero and "Voided" at the start of the private note (there is no
    /// voided flag).
    /// </summary>
    public static bool LooksVoided(Invoice invoice) =>
        invoice.TotalAmt is 0m && invoice.PrivateNote is { } note && note.StartsWith("Voided", StringComparison.OrdinalIgnoreCase);

    private static void Append(StringBuilder text, PhysicalAddress? address)
    {
        Append(text, address?.Line1);
        Append(text, address?.Line2);
        Append(text, address?.Line3);
        Append(text, address?.Line4);
        Append(text, address?.Line5);
        Append(text, address?.City);
        Append(text, address?.CountrySubDivisionCode);
        Append(text, address?.PostalCode);
        Append(text, address?.Country);
    }

    // Decimals are normalised (40 and 40.00 are one amount): QuickBooks echoes amounts with varying scale.
    private static void Append(StringBuilder text, decimal? value) =>
        Append(text, value?.ToString("0.##########", CultureInfo.InvariantCulture));

    private static void Append(StringBuilder text, string? value)
    {
        // Length-prefixed, so that no two different field sequences give the same text.
        text.Append('|').Append(value?.Length ?? -1).Append(':').Append(value);
    }
}
