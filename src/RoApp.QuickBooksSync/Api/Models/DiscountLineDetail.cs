using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>
/// The detail of a discount line: with <see cref="PercentBased"/> QuickBooks takes <see cref="DiscountPercent"/> of
/// the lines above it; otherwise the line's amount is the discount. The company's "discount" sales-form preference
/// must be on.
/// </summary>
public sealed class DiscountLineDetail
{
    /// <summary>Whether the discount is a percentage.</summary>
    public bool? PercentBased { get; set; }

    /// <summary>The percentage, e.g. <c>10</c> for 10%.</summary>
    public decimal? DiscountPercent { get; set; }

    /// <summary>The account discounts post to; none: the company's default discount account.</summary>
    public QuickBooksRef? DiscountAccountRef { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
