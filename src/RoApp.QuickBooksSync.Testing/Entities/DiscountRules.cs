using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>
/// The discount line (<c>DiscountLineDetail</c>): one a transaction, discounting the lines above it. Percent based,
/// QuickBooks computes the amount (subtotal × percent, rounded half away from zero to cents); otherwise the line's
/// <c>Amount</c> is the discount. Either missing: 6090, as Intuit lists it. Its tax effect is spread over the lines
/// in proportion to their amounts: in the US only when tax is applied after the discount
/// (<c>ApplyTaxAfterDiscount</c>, taken as true when not sent), elsewhere always.
/// </summary>
internal static class DiscountRules
{
    public const string DetailType = "DiscountLineDetail";

    public static decimal Amount(JsonObject line, decimal subtotal)
    {
        var detail = line[DetailType] as JsonObject;
        if (detail is null)
        {
            detail = Json.Object();
            line[DetailType] = detail;
        }

        decimal discount;
        if (Json.Bool(detail["PercentBased"]) == true)
        {
            var percent = Json.Decimal(detail["DiscountPercent"]) ?? throw MissingInfo();
            discount = Math.Round(subtotal * percent / 100m, 2, MidpointRounding.AwayFromZero);
        }
        else
        {
            discount = Json.Decimal(line["Amount"]) ?? throw MissingInfo();
        }

        if (discount < 0m || discount > subtotal)
        {
            throw QuickBooksFault.Business($"The discount {discount:0.00} must be between 0 and the subtotal {subtotal:0.00}.", "Line.DiscountLineDetail");
        }

        line["Amount"] = Json.Money(discount);
        return discount;
    }

    /// <summary>The part of the discount that falls on <paramref name="part"/> of the subtotal, rounded to cents.</summary>
    public static decimal Share(decimal discount, decimal part, decimal subtotal) =>
        subtotal == 0m ? 0m : Math.Round(discount * part / subtotal, 2, MidpointRounding.AwayFromZero);

    private static QuickBooksFault MissingInfo() =>
        new(400, "6090", "Discount Line missing required info.", "Discount amount or percent should be provided.", "Line.DiscountLineDetail");
}
