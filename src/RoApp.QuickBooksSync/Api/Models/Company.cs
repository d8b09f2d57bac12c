using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>The QuickBooks company's identity: name, country, address.</summary>
public sealed class CompanyInfo : QuickBooksEntity
{
    /// <summary>The company name.</summary>
    public string? CompanyName { get; set; }

    /// <summary>The legal name.</summary>
    public string? LegalName { get; set; }

    /// <summary>The country code, e.g. <c>US</c>, <c>CA</c>, <c>GB</c>, <c>AU</c>; decides how tax is sent.</summary>
    public string? Country { get; set; }

    /// <summary>The company address.</summary>
    public PhysicalAddress? CompanyAddr { get; set; }

    /// <summary>The company e-mail.</summary>
    public EmailAddress? Email { get; set; }

    /// <summary>The first month of the fiscal year.</summary>
    public string? FiscalYearStartMonth { get; set; }

    /// <summary>Extra name/value pairs (subscription and industry details).</summary>
    [JsonPropertyName("NameValue")]
    public IList<NameValue>? NameValues { get; set; }
}

/// <summary>A name/value pair.</summary>
public sealed class NameValue
{
    /// <summary>The name.</summary>
    public string? Name { get; set; }

    /// <summary>The value.</summary>
    public string? Value { get; set; }
}

/// <summary>The QuickBooks company's preferences: numbering, currencies, sales tax.</summary>
public sealed class Preferences : QuickBooksEntity
{
    /// <summary>Sales form preferences (custom transaction numbers and the like).</summary>
    public SalesFormsPrefs? SalesFormsPrefs { get; set; }

    /// <summary>Currency preferences.</summary>
    public CurrencyPrefs? CurrencyPrefs { get; set; }

    /// <summary>Sales tax preferences.</summary>
    public TaxPrefs? TaxPrefs { get; set; }

    /// <summary>Accounting preferences: location and class tracking.</summary>
    public AccountingInfoPrefs? AccountingInfoPrefs { get; set; }
}

/// <summary>Accounting preferences: whether locations and classes are tracked, and how.</summary>
public sealed class AccountingInfoPrefs
{
    /// <summary>Whether transactions carry a location (<c>DepartmentRef</c>).</summary>
    public bool? TrackDepartments { get; set; }

    /// <summary>What the company calls locations (e.g. <c>Location</c>, <c>Division</c>, <c>Store</c>).</summary>
    public string? DepartmentTerminology { get; set; }

    /// <summary>Whether a transaction carries one class (<c>ClassRef</c> on the transaction).</summary>
    public bool? ClassTrackingPerTxn { get; set; }

    /// <summary>Whether each line carries its class (<c>SalesItemLineDetail.ClassRef</c>).</summary>
    public bool? ClassTrackingPerTxnLine { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Sales form preferences.</summary>
public sealed class SalesFormsPrefs
{
    /// <summary>Whether users type their own invoice numbers (then send <c>DocNumber</c>).</summary>
    public bool? CustomTxnNumbers { get; set; }

    /// <summary>Whether sales forms show shipping fields.</summary>
    public bool? AllowShipping { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Currency preferences.</summary>
public sealed class CurrencyPrefs
{
    /// <summary>Whether several currencies are used.</summary>
    public bool? MultiCurrencyEnabled { get; set; }

    /// <summary>The home currency.</summary>
    public QuickBooksRef? HomeCurrency { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Sales tax preferences.</summary>
public sealed class TaxPrefs
{
    /// <summary>Whether the company charges sales tax.</summary>
    public bool? UsingSalesTax { get; set; }

    /// <summary>Whether Automated Sales Tax is on (QuickBooks picks the tax code itself).</summary>
    public bool? PartnerTaxEnabled { get; set; }

    /// <summary>The default tax group code.</summary>
    public QuickBooksRef? TaxGroupCodeRef { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
