namespace RoApp.QuickBooksSync.Testing;

/// <summary>Which kind of QuickBooks company to seed.</summary>
public enum CompanyProfile
{
    /// <summary>US company with manual sales tax: line codes TAX/NON plus a transaction tax code (8.25%).</summary>
    UnitedStates,

    /// <summary>US company with Automated Sales Tax: QuickBooks picks the tax (a fixed 8.5% here) unless TotalTax is sent.</summary>
    UnitedStatesAutomatedSalesTax,

    /// <summary>Canadian company: GST 5%, HST ON 13%, GST/PST BC 5%+7%, Exempt; GlobalTaxCalculation required.</summary>
    Canada,

    /// <summary>UK company: VAT 20% standard, 5% reduced, 0% zero-rated, Exempt; GlobalTaxCalculation required.</summary>
    UnitedKingdom,
}
