using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Settings;

internal sealed class QuickBooksSettingsService(ISettingsStore store, CompanySettingsValidator validator) : IQuickBooksSettingsService
{
    public async ValueTask<CompanySettings> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        return await store.GetAsync(companyId, cancellationToken).ConfigureAwait(false) ?? new CompanySettings { CompanyId = companyId };
    }

    public ValueTask<SettingsValidationResult> ValidateAsync(CompanySettings settings, CancellationToken cancellationToken) =>
        validator.ValidateAsync(settings, cancellationToken);

    public async ValueTask<SettingsSaveResult> SaveAsync(CompanySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var validation = await validator.ValidateAsync(settings, cancellationToken).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return new SettingsSaveResult(SettingsSaveOutcome.Invalid, validation, await store.GetAsync(settings.CompanyId, cancellationToken).ConfigureAwait(false));
        }

        // The enable switch belongs to IQuickBooksConnector: a save keeps the stored value, whatever the caller read.
        // Enabling changes the version too, so a save racing it is refused as a conflict rather than undoing it.
        var stored = await store.GetAsync(settings.CompanyId, cancellationToken).ConfigureAwait(false);
        var next = settings with { Enabled = stored?.Enabled ?? false };
        if (!await store.SaveAsync(next, settings.Version, cancellationToken).ConfigureAwait(false))
        {
            return new SettingsSaveResult(SettingsSaveOutcome.Conflict, validation, await store.GetAsync(settings.CompanyId, cancellationToken).ConfigureAwait(false));
        }

        return new SettingsSaveResult(SettingsSaveOutcome.Saved, validation, next with { Version = settings.Version + 1 });
    }
}
