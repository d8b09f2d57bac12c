using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>A reference to another QuickBooks object (<c>{"value": id, "name": display}</c>).</summary>
public sealed class QuickBooksRef
{
    /// <summary>Creates an empty reference (for deserialisation).</summary>
    public QuickBooksRef()
    {
    }

    /// <summary>Creates a reference to an object id.</summary>
    /// <param name="value">The referenced object's id (or code, for pseudo tax codes such as <c>TAX</c>).</param>
    /// <param name="name">The display name; optional on writes.</param>
    public QuickBooksRef(string value, string? name = null)
    {
        Value = value;
        Name = name;
    }

    /// <summary>The referenced object's id.</summary>
    [JsonPropertyName("value")]
    public string? Value { get; set; }

    /// <summary>The referenced object's display name (informational).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}

/// <summary>A postal address.</summary>
public sealed class PhysicalAddress
{
    /// <summary>QuickBooks' id of the address record (keep it on updates).</summary>
    public string? Id { get; set; }

    /// <summary>First address line.</summary>
    public string? Line1 { get; set; }

    /// <summary>Second address line.</summary>
    public string? Line2 { get; set; }

    /// <summary>Third address line.</summary>
    public string? Line3 { get; set; }

    /// <summary>Fourth address line.</summary>
    public string? Line4 { get; set; }

    /// <summary>Fifth address line.</summary>
    public string? Line5 { get; set; }

    /// <summary>City.</summary>
    public string? City { get; set; }

    /// <summary>Region within the country: state, province.</summary>
    public string? CountrySubDivisionCode { get; set; }

    /// <summary>Postal code.</summary>
    public string? PostalCode { get; set; }

    /// <summary>Country.</summary>
    public string? Country { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>An e-mail address (<c>{"Address": ..}</c>).</summary>
public sealed class EmailAddress
{
    /// <summary>The address.</summary>
    public string? Address { get; set; }
}

/// <summary>A telephone number (<c>{"FreeFormNumber": ..}</c>).</summary>
public sealed class TelephoneNumber
{
    /// <summary>The number as typed.</summary>
    public string? FreeFormNumber { get; set; }
}

/// <summary>A memo shown to the customer (<c>{"value": ..}</c>).</summary>
public sealed class MemoRef
{
    /// <summary>The memo text.</summary>
    [JsonPropertyName("value")]
    public string? Value { get; set; }
}

/// <summary>A link to another transaction, e.g. a payment applied to an invoice.</summary>
public sealed class LinkedTxn
{
    /// <summary>The linked transaction's id.</summary>
    public string? TxnId { get; set; }

    /// <summary>The linked transaction's type, e.g. <c>Invoice</c> or <c>Payment</c>.</summary>
    public string? TxnType { get; set; }

    /// <summary>The linked line, when the link is per line.</summary>
    public string? TxnLineId { get; set; }
}

/// <summary>A custom field value on a sales form.</summary>
public sealed class CustomField
{
    /// <summary>Which custom field (1 to 3 for the classic string fields).</summary>
    public string? DefinitionId { get; set; }

    /// <summary>The field's name.</summary>
    public string? Name { get; set; }

    /// <summary>The field's type, e.g. <c>StringType</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The value of a string field.</summary>
    public string? StringValue { get; set; }
}
