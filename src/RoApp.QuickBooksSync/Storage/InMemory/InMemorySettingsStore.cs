using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Storage.InMemory;

/// <summary>Company settings in process memory (tests, trials); honours the <see cref="ISettingsStore"/> contract.</summary>
public sealed class InMemorySettingsStore : ISettingsStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CompanySettings> _settings = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<CompanySettings?> GetAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_settings.GetValueOrDefault(companyId));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SaveAsync(CompanySettings settings, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.CompanyId, "settings.CompanyId");
        cancellationToken.ThrowIfCancellationRequested();

        // A JSON round trip detaches the stored value from collections the caller may still change,
        // and keeps this store as faithful as the SQL ones.
        var copy = SettingsJson.Deserialize(SettingsJson.Serialize(settings), expectedVersion + 1);
        lock (_gate)
        {
            var storedVersion = _settings.TryGetValue(settings.CompanyId, out var stored) ? stored.Version : 0;
            if (storedVersion != expectedVersion)
            {
                return ValueTask.FromResult(false);
            }

            _settings[settings.CompanyId] = copy;
            return ValueTask.FromResult(true);
        }
    }
}
