using System.Globalization;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// What RO App sent that QuickBooks could not take as meant (a negative quantity, a discount larger than what it
/// discounts): refused before anything is resolved or written, naming the field and the fix.
/// </summary>
internal static class InvoiceInputCheck
{
    public static InvoiceSyncOutcome? Check(RoAppInvoiceSnapshot snapshot)
    {
        // QuickBooks needs a customer's display name; the client's id would be a name no bookkeeper recognises.
        var client = snapshot.Client;
        if (new[] { client.FirstName, client.LastName, client.CompanyName }.All(string.IsNullOrWhiteSpace))
        {
            return Refuse(snapshot, "Client", $"client {client.Id} has no name (first name, last name and organisation are all empty)",
                $"Give client {client.Id} a name or an organisation name in RO App, then sync again.");
        }

        var afterLineDiscounts = 0m;
        for (var i = 0; i < snapshot.Lines.Count; i++)
        {
            var line = snapshot.Lines[i];
            var field = $"Lines[{i}]";
            var where = $"line {i + 1} ('{line.Name}')";
            if (line.Quantity < 0)
            {
                return Refuse(snapshot, $"{field}.Quantity", $"{where} has a negative quantity ({Number(line.Quantity)})",
                    $"Make the quantity on {where} positive (record a return or a refund instead of a negative line) in RO App, then sync again.");
            }

            if (line.Discount is { } discount)
            {
                if (Problem(discount) is { } problem)
                {
                    return Refuse(snapshot, $"{field}.Discount", $"the discount on {where} {problem}", $"Correct the discount on {where} in RO App, then sync again.");
                }

                var off = discount.Of(line.Amount);
                if (off > line.Amount)
                {
                    return Refuse(snapshot, $"{field}.Discount", $"the discount on {where} ({InvoiceMapper.Money(off)}) is larger than the line amount ({InvoiceMapper.Money(line.Amount)})",
                        $"Make the discount on {where} at most {InvoiceMapper.Money(line.Amount)} in RO App, then sync again.");
                }

                afterLineDiscounts += line.Amount - off;
            }
            else
            {
                afterLineDiscounts += line.Amount;
            }
        }

        if (snapshot.Discount is { } invoiceDiscount)
        {
            if (Problem(invoiceDiscount) is { } problem)
            {
                return Refuse(snapshot, "Discount", $"the invoice discount {problem}", "Correct the invoice discount in RO App, then sync again.");
            }

            var off = invoiceDiscount.Of(afterLineDiscounts);
            if (off > afterLineDiscounts)
            {
                return Refuse(snapshot, "Discount", $"the invoice discount ({InvoiceMapper.Money(off)}) is larger than the lines after their discounts ({InvoiceMapper.Money(afterLineDiscounts)})",
                    $"Make the invoice discount at most {InvoiceMapper.Money(afterLineDiscounts)} in RO App, then sync again.");
            }
        }

        return null;
    }

    private static string? Problem(RoAppDiscount discount) => (discount.Percent, discount.Amount) switch
    {
        (null, null) => "gives neither a percentage nor an amount",
        ({ }, { }) => "gives both a percentage and an amount (give one)",
        ({ } p, _) when p <= 0 || p > 100 => $"is {Number(p)}%, outside 0-100%",
        (_, { } a) when a < 0 => $"is negative ({InvoiceMapper.Money(a)})",
        _ => null,
    };

    private static InvoiceSyncOutcome Refuse(RoAppInvoiceSnapshot snapshot, string field, string what, string fix) =>
        new(InvoiceSyncResult.Failed, $"RO App invoice {snapshot.Number} was not sent: {what} (field {field}). Nothing was sent to QuickBooks.", fix);

    private static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
