namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>A QuickBooks Online customer.</summary>
public sealed class Customer : QuickBooksEntity
{
    /// <summary>The name shown everywhere; unique across customers, vendors and employees (else fault 6240).</summary>
    public string? DisplayName { get; set; }

    /// <summary>First name.</summary>
    public string? GivenName { get; set; }

    /// <summary>Last name.</summary>
    public string? FamilyName { get; set; }

    /// <summary>The company name, for business customers.</summary>
    public string? CompanyName { get; set; }

    /// <summary>The main e-mail address.</summary>
    public EmailAddress? PrimaryEmailAddr { get; set; }

    /// <summary>The main phone number.</summary>
    public TelephoneNumber? PrimaryPhone { get; set; }

    /// <summary>The billing address.</summary>
    public PhysicalAddress? BillAddr { get; set; }

    /// <summary>Whether the customer is active; inactive customers are hidden, not deleted.</summary>
    public bool? Active { get; set; }

    /// <summary>The open balance (read-only).</summary>
    public decimal? Balance { get; set; }

    /// <summary>The customer's currency (multicurrency companies).</summary>
    public QuickBooksRef? CurrencyRef { get; set; }
}
