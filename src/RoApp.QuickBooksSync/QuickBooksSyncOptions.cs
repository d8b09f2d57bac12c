namespace RoApp.QuickBooksSync;

/// <summary>
/// Settings of the QuickBooks Online sync shared by every company a host serves.
/// Bound from configuration (section <c>QuickBooksSync</c> by convention) or set in code.
/// </summary>
public sealed class QuickBooksSyncOptions
{
    /// <summary>The configuration section name the options are usually bound from.</summary>
    public const string SectionName = "QuickBooksSync";
}
