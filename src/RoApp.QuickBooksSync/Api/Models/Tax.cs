using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>A QuickBooks Online tax code (not covered by change data capture: re-read when needed).</summary>
public sealed class TaxCode : QuickBooksEntity
{
    /// <summary>The code's name as users see it.</summary>
    public string? Name { get; set; }

    /// <summary>The description.</summary>
    public string? Description { get; set; }

    /// <summary>Whether the code is active.</summary>
    public bool? Active { get; set; }

    /// <summary>Whether the code applies tax.</summary>
    public bool? Taxable { get; set; }

    /// <summary>Whether the code groups several rates.</summary>
    public bool? TaxGroup { get; set; }

    /// <summary>The rates applied on sales.</summary>
    public TaxRateList? SalesTaxRateList { get; set; }

    /// <summary>The rates applied on purchases.</summary>
    public TaxRateList? PurchaseTaxRateList { get; set; }
}

/// <summary>The rates of a tax code.</summary>
public sealed class TaxRateList
{
    /// <summary>One entry per rate.</summary>
    [JsonPropertyName("TaxRateDetail")]
    public IList<TaxRateDetail>? TaxRateDetails { get; set; }
}

/// <summary>One rate of a tax code.</summary>
public sealed class TaxRateDetail
{
    /// <summary>The rate.</summary>
    public QuickBooksRef? TaxRateRef { get; set; }

    /// <summary>Where it applies, e.g. <c>TaxOnAmount</c>.</summary>
    public string? TaxTypeApplicable { get; set; }

    /// <summary>The order of application.</summary>
    public int? TaxOrder { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A QuickBooks Online tax rate (not covered by change data capture).</summary>
public sealed class TaxRate : QuickBooksEntity
{
    /// <summary>The rate's name.</summary>
    public string? Name { get; set; }

    /// <summary>The description.</summary>
    public string? Description { get; set; }

    /// <summary>Whether the rate is active.</summary>
    public bool? Active { get; set; }

    /// <summary>The percentage, e.g. 8.5.</summary>
    public decimal? RateValue { get; set; }

    /// <summary>The tax agency collecting it.</summary>
    public QuickBooksRef? AgencyRef { get; set; }

    /// <summary>Special rates such as <c>ZERO_RATE</c> or <c>ADJUSTMENT_RATE</c>.</summary>
    public string? SpecialTaxType { get; set; }

    /// <summary>Where the rate is shown.</summary>
    public string? DisplayType { get; set; }
}
