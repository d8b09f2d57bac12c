namespace RoApp.QuickBooksSync.Settings;

/// <summary>
/// Reads, checks and saves a company's sync settings. Checks run against both sides (RO App through the
/// host port, QuickBooks through the connection) and report every problem at once; invalid settings are
/// never saved.
/// </summary>
public interface IQuickBooksSettingsService
{
    /// <summary>The company's settings, or the defaults (integration off, nothing mapped) when none were saved.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<CompanySettings> GetAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>Checks settings without saving them.</summary>
    /// <param name="settings">The settings to check.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<SettingsValidationResult> ValidateAsync(CompanySettings settings, CancellationToken cancellationToken);

    /// <summary>
    /// Checks and, when there is no error, saves settings with compare-and-swap on
    /// <see cref="CompanySettings.Version"/> (the version they were read with; 0 for the first save).
    /// Neither changes nor requires <see cref="CompanySettings.Enabled"/>: the stored switch is kept
    /// (switch it with <see cref="Connection.IQuickBooksConnector.EnableAsync"/> and <c>DisableAsync</c>).
    /// </summary>
    /// <param name="settings">The settings as edited.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<SettingsSaveResult> SaveAsync(CompanySettings settings, CancellationToken cancellationToken);
}

/// <summary>What a save did.</summary>
/// <param name="Outcome">Saved, refused as invalid, or refused because someone else saved first.</param>
/// <param name="Validation">The check's problems (warnings are kept even when saved).</param>
/// <param name="Settings">The stored settings after the call (with the new version when saved).</param>
public sealed record SettingsSaveResult(SettingsSaveOutcome Outcome, SettingsValidationResult Validation, CompanySettings? Settings);

/// <summary>The outcome of a settings save.</summary>
public enum SettingsSaveOutcome
{
    /// <summary>Saved.</summary>
    Saved,

    /// <summary>Not saved: the settings have errors.</summary>
    Invalid,

    /// <summary>Not saved: someone else saved the settings since they were read. Re-read, re-apply, save again.</summary>
    Conflict,
}
