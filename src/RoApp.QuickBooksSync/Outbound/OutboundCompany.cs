using System.Collections.Concurrent;
using System.Text.Json;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>Everything about a company that sending needs: its realm, its settings and its QuickBooks profile.</summary>
internal sealed record OutboundCompany(string CompanyId, string RealmId, CompanySettings Settings, QuickBooksCompanyProfile Profile);

/// <summary>A company that is ready to take work: connected, set up and (where asked) switched on; no QuickBooks call made.</summary>
internal sealed record ReadyCompany(string CompanyId, string RealmId, CompanySettings Settings);

/// <summary>Why a company cannot send now, in words for the journal, and the fix.</summary>
internal sealed record NotReady(string Message, string Fix);

/// <summary>
/// Loads a company's connection, settings and QuickBooks profile. The profile is cached per realm for an
/// hour (it is also stored on the connection by the connector), so steady-state sends read it without an
/// API call, and a preference changed in QuickBooks (custom numbers, multicurrency) is seen within the hour.
/// </summary>
internal sealed class OutboundCompanyLoader(IConnectionStore connections, ISettingsStore settings, IQuickBooksCompanyDirectory directory, TimeProvider time)
{
    private static readonly TimeSpan ProfileLifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (QuickBooksCompanyProfile Profile, DateTimeOffset LoadedAt)> _profiles = new(StringComparer.Ordinal);
    private readonly Engine.SingleFlight<string, QuickBooksCompanyProfile> _profileReads = new(StringComparer.Ordinal);

    public async ValueTask<(OutboundCompany? Company, NotReady? NotReady)> LoadAsync(string companyId, bool requireEnabled, CancellationToken cancellationToken)
    {
        var (connection, stored, notReady) = await ReadStoresAsync(companyId, requireEnabled, cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return (null, notReady);
        }

        var profile = await ProfileAsync(connection, cancellationToken).ConfigureAwait(false);
        return (new OutboundCompany(companyId, connection.RealmId, stored!, profile), null);
    }

    /// <summary>
    /// Whether the company can take work, from the stores alone. The host's event calls use this: they only write
    /// work down, and must not wait on QuickBooks (a profile read behind a busy realm's rate limit takes seconds).
    /// </summary>
    public async ValueTask<(ReadyCompany? Company, NotReady? NotReady)> CheckAsync(string companyId, bool requireEnabled, CancellationToken cancellationToken)
    {
        var (connection, stored, notReady) = await ReadStoresAsync(companyId, requireEnabled, cancellationToken).ConfigureAwait(false);
        return connection is null ? (null, notReady) : (new ReadyCompany(companyId, connection.RealmId, stored!), null);
    }

    private async ValueTask<(StoredConnection? Connection, CompanySettings? Settings, NotReady? NotReady)> ReadStoresAsync(string companyId, bool requireEnabled, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return (null, null, new NotReady("QuickBooks is not connected for this company, so nothing was sent.", "Connect QuickBooks in the integration settings, then sync again."));
        }

        if (connection.Health != ConnectionHealth.Connected)
        {
            return (null, null, new NotReady(
                "The QuickBooks connection needs to be authorised again, so nothing was sent.",
                "Reconnect QuickBooks in the integration settings; queued work resumes after that."));
        }

        var stored = await settings.GetAsync(companyId, cancellationToken).ConfigureAwait(false) ?? new CompanySettings { CompanyId = companyId };
        if (requireEnabled && !stored.Enabled)
        {
            return (null, null, new NotReady("The QuickBooks integration is switched off for this company, so nothing was sent.", "Turn on \"Enable integration\" in the QuickBooks settings, then sync again."));
        }

        return (connection, stored, null);
    }

    private async ValueTask<QuickBooksCompanyProfile> ProfileAsync(StoredConnection connection, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_profiles.TryGetValue(connection.RealmId, out var cached))
        {
            if (now - cached.LoadedAt < ProfileLifetime)
            {
                return cached.Profile;
            }

            // Stale: read QuickBooks again rather than the copy stored at connect time.
            return await ReadProfileAsync(connection.RealmId, cancellationToken).ConfigureAwait(false);
        }

        var profile = connection.CompanyProfileJson is { } json
            ? JsonSerializer.Deserialize(json, DirectoryJsonContext.Default.QuickBooksCompanyProfile)
            : null;
        if (profile is null)
        {
            return await ReadProfileAsync(connection.RealmId, cancellationToken).ConfigureAwait(false);
        }

        _profiles[connection.RealmId] = (profile, now);
        return profile;
    }

    /// <summary>One read a realm at a time: workers starting together on a cold cache share it.</summary>
    private Task<QuickBooksCompanyProfile> ReadProfileAsync(string realmId, CancellationToken cancellationToken) =>
        _profileReads.RunAsync(realmId, async () =>
        {
            var fresh = await directory.GetProfileAsync(realmId, cancellationToken).ConfigureAwait(false);
            _profiles[realmId] = (fresh, time.GetUtcNow());
            return fresh;
        }, cancellationToken);

    /// <summary>Forgets a realm's profile (preferences changed in QuickBooks).</summary>
    public void Invalidate(string realmId) => _profiles.TryRemove(realmId, out _);
}
