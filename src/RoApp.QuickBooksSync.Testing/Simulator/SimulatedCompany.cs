namespace RoApp.QuickBooksSync.Testing;

/// <summary>A seeded company and the ids of what was seeded, so tests need not look them up.</summary>
public sealed class SimulatedCompany
{
    internal SimulatedCompany(string realmId, CompanyProfile profile, IReadOnlyDictionary<string, string> taxCodes)
    {
        RealmId = realmId;
        Profile = profile;
        TaxCodeIds = taxCodes;
    }

    /// <summary>The realm (company) id.</summary>
    public string RealmId { get; }

    /// <summary>The seed profile.</summary>
    public CompanyProfile Profile { get; }

    /// <summary>Undeposited Funds (Other Current Asset, subtype UndepositedFunds).</summary>
    public string UndepositedFundsAccountId { get; internal init; } = "";

    /// <summary>A Bank account ("Checking").</summary>
    public string BankAccountId { get; internal init; } = "";

    /// <summary>An Income account ("Services").</summary>
    public string IncomeAccountId { get; internal init; } = "";

    /// <summary>A Service item ("Repair service").</summary>
    public string ServiceItemId { get; internal init; } = "";

    /// <summary>Tax code ids by name (e.g. "California", "GST", "20.0% S").</summary>
    public IReadOnlyDictionary<string, string> TaxCodeIds { get; }

    /// <summary>Seeded location (<c>Department</c>) ids by full name ("Downtown", "North:Store 1"), from <see cref="CompanyOptions.Locations"/>.</summary>
    public IReadOnlyDictionary<string, string> LocationIds { get; internal init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Seeded class ids by full name ("Repairs", "Repairs:Screens"), from <see cref="CompanyOptions.Classes"/>.</summary>
    public IReadOnlyDictionary<string, string> ClassIds { get; internal init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
