using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Storage;

/// <summary>Stores each company's sync settings.</summary>
/// <remarks>
/// Contract: <see cref="SaveAsync"/> is a compare-and-swap on <see cref="CompanySettings.Version"/>
/// (0 meaning "no row yet"), atomic across processes; the stored version becomes expected + 1.
/// Implementations persist the whole <see cref="CompanySettings"/> value (SQL stores keep it as JSON
/// through <see cref="SettingsJson"/>), so fields added later need no schema change.
/// </remarks>
public interface ISettingsStore
{
    /// <summary>A company's settings, or <see langword="null"/> when none were saved.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<CompanySettings?> GetAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>Saves a company's settings if the stored version is <paramref name="expectedVersion"/>.</summary>
    /// <param name="settings">The settings; their <see cref="CompanySettings.Version"/> is ignored.</param>
    /// <param name="expectedVersion">The version read before the change, or 0 for the first save.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when someone else wrote first.</returns>
    ValueTask<bool> SaveAsync(CompanySettings settings, long expectedVersion, CancellationToken cancellationToken);
}
