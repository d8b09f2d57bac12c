namespace RoApp.QuickBooksSync.Testing;

/// <summary>A company (realm) to add to the simulator.</summary>
public sealed class CompanyOptions
{
    /// <summary>Realm id; null picks the next free one (a 16-digit number like Intuit's).</summary>
    public string? RealmId { get; set; }

    /// <summary>Country and tax set-up.</summary>
    public CompanyProfile Profile { get; set; } = CompanyProfile.UnitedStates;

    /// <summary>The "custom transaction numbers" preference: on, invoices carry the DocNumber the caller sends (duplicates fail with 6140); off, QuickBooks numbers them.</summary>
    public bool CustomTransactionNumbers { get; set; } = true;

    /// <summary>Company name.</summary>
    public string CompanyName { get; set; } = "Simulated Repair Shop";

    /// <summary>Offset used when writing times (MetaData, <c>time</c>); QuickBooks writes company-local times.</summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(-7);
}
