namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>
/// A QuickBooks Online location (the API calls it <c>Department</c>), referenced by a transaction's
/// <c>DepartmentRef</c> when the company tracks locations (<see cref="AccountingInfoPrefs.TrackDepartments"/>).
/// </summary>
public sealed class Department : QuickBooksEntity
{
    /// <summary>The name, unique among locations.</summary>
    public string? Name { get; set; }

    /// <summary>The name with its parents', e.g. <c>North:Downtown</c>.</summary>
    public string? FullyQualifiedName { get; set; }

    /// <summary>Whether the location is in use (locations are made inactive, not deleted).</summary>
    public bool? Active { get; set; }
}

/// <summary>
/// A QuickBooks Online class (the API entity <c>Class</c>), referenced by <c>ClassRef</c> on a transaction or on its lines when the company tracks
/// classes (<see cref="AccountingInfoPrefs.ClassTrackingPerTxn"/>, <see cref="AccountingInfoPrefs.ClassTrackingPerTxnLine"/>).
/// </summary>
public sealed class QuickBooksClass : QuickBooksEntity
{
    /// <summary>The name, unique among classes.</summary>
    public string? Name { get; set; }

    /// <summary>The name with its parents', e.g. <c>Repairs:Phones</c>.</summary>
    public string? FullyQualifiedName { get; set; }

    /// <summary>Whether the class is in use (classes are made inactive, not deleted).</summary>
    public bool? Active { get; set; }
}
