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

    /// <summary>
    /// The "Track locations" preference (<c>Preferences.AccountingInfoPrefs.TrackDepartments</c>, default off): on, a
    /// transaction may carry a <c>DepartmentRef</c>; off, one that does is refused.
    /// </summary>
    public bool TrackLocations { get; set; }

    /// <summary>
    /// What the company calls its locations (<c>AccountingInfoPrefs.DepartmentTerminology</c>): Business, Department,
    /// Division, Location (the default), Property, Store or Territory.
    /// </summary>
    public string LocationTerminology { get; set; } = "Location";

    /// <summary>
    /// Locations (QuickBooks' <c>Department</c> list) to seed, by name; <c>"Parent:Child"</c> seeds a sub-location and
    /// its parent. Seeding does not switch tracking on (<see cref="TrackLocations"/> does); the ids are in
    /// <see cref="SimulatedCompany.LocationIds"/>. One line: <c>new CompanyOptions { TrackLocations = true, Locations = { "Downtown", "Uptown" } }</c>.
    /// </summary>
    public IList<string> Locations { get; } = new List<string>();

    /// <summary>The "Track classes" preference: off (the default), one class per transaction, or one per line.</summary>
    public ClassTracking ClassTracking { get; set; } = ClassTracking.Off;

    /// <summary>
    /// Classes to seed, by name; <c>"Parent:Child"</c> seeds a sub-class and its parent. Seeding does not switch class
    /// tracking on (<see cref="ClassTracking"/> does); the ids are in <see cref="SimulatedCompany.ClassIds"/>.
    /// </summary>
    public IList<string> Classes { get; } = new List<string>();
}
