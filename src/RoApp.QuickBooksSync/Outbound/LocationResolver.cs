using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Finds the QuickBooks location or class an RO App location is sent as: the name its mapping row gives, else its
/// own name; the realm's list is read once per tax-code cache period (a miss reads it again at most once a minute),
/// so bulk sends cost no call per invoice.
/// </summary>
internal sealed class LocationResolver(
    IQuickBooksCompanyDirectory directory,
    IOptionsMonitor<QuickBooksSyncOptions> options,
    TimeProvider timeProvider)
{
    private static readonly TimeSpan MissRefreshInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string RealmId, LocationTrackingMode Kind), CachedNames> _cache = new();
    private readonly Engine.SingleFlight<(string RealmId, LocationTrackingMode Kind), CachedNames> _reads = new();

    public async ValueTask<LocationChoice> ResolveAsync(OutboundCompany company, string? roAppLocation, CancellationToken cancellationToken)
    {
        var tracking = company.Settings.Locations ?? new LocationTracking();
        if (tracking.Mode == LocationTrackingMode.None || string.IsNullOrWhiteSpace(roAppLocation))
        {
            return LocationChoice.None;
        }

        var location = roAppLocation.Trim();
        var row = tracking.Mappings.FirstOrDefault(r => string.Equals(r.RoAppLocation?.Trim(), location, StringComparison.OrdinalIgnoreCase));
        var wanted = string.IsNullOrWhiteSpace(row?.QuickBooksName) ? location : row.QuickBooksName.Trim();
        var what = tracking.Mode == LocationTrackingMode.Class ? "class" : "location";

        var cached = await NamesAsync(company.RealmId, tracking.Mode, forceIfOlderThan: null, cancellationToken).ConfigureAwait(false);
        var found = Find(cached.Names, wanted);
        if ((found is null || !found.Active) && timeProvider.GetUtcNow() - cached.LoadedAt >= MissRefreshInterval)
        {
            // Someone may just have created it in QuickBooks.
            cached = await NamesAsync(company.RealmId, tracking.Mode, MissRefreshInterval, cancellationToken).ConfigureAwait(false);
            found = Find(cached.Names, wanted);
        }

        var mapping = row is null ? $"RO App location '{location}'" : $"RO App location '{location}' (mapped to '{wanted}')";
        if (found is null)
        {
            var closest = NameMatch.Closest(cached.Names.Where(n => n.Active).Select(n => n.Name), wanted);
            return LocationChoice.Refused(
                $"{mapping} has no QuickBooks {what} named '{wanted}'.",
                $"Create the {what} '{wanted}' in QuickBooks, or map RO App location '{location}' to an existing one in the QuickBooks settings (Locations)" +
                (closest.Count > 0 ? $", e.g. {string.Join(", ", closest.Select(n => $"'{n}'"))}" : string.Empty) + "; then use Retry on this entry.");
        }

        if (!found.Active)
        {
            return LocationChoice.Refused(
                $"{mapping} is QuickBooks {what} '{found.Name}', which is inactive; QuickBooks takes no transaction for it.",
                $"Make the {what} '{found.Name}' active again in QuickBooks, or map RO App location '{location}' to another one in the QuickBooks settings (Locations); then use Retry on this entry.");
        }

        return new LocationChoice(tracking.Mode, new QuickBooksRef(found.Id, found.Name), null, null);
    }

    private static QuickBooksTrackingName? Find(IReadOnlyList<QuickBooksTrackingName> names, string wanted) =>
        NameMatch.Find(names, wanted, n => n.Id, n => [n.Name, n.FullyQualifiedName], n => n.Active);

    private async ValueTask<CachedNames> NamesAsync(string realmId, LocationTrackingMode kind, TimeSpan? forceIfOlderThan, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var lifetime = options.CurrentValue.Connection.TaxCodeCacheLifetime;
        if (_cache.TryGetValue((realmId, kind), out var cached))
        {
            var maxAge = forceIfOlderThan is { } force && force < lifetime ? force : lifetime;
            if (now - cached.LoadedAt < maxAge)
            {
                return cached;
            }
        }

        return await _reads.RunAsync((realmId, kind), async () =>
        {
            var names = await directory.ListTrackingNamesAsync(realmId, kind, cancellationToken).ConfigureAwait(false);
            var fresh = new CachedNames(names, timeProvider.GetUtcNow());
            _cache[(realmId, kind)] = fresh;
            return fresh;
        }, cancellationToken).ConfigureAwait(false);
    }

    private sealed record CachedNames(IReadOnlyList<QuickBooksTrackingName> Names, DateTimeOffset LoadedAt);
}

/// <summary>Where an invoice's or payment's location goes: nowhere, a Location, or a Class; or why it cannot be sent.</summary>
internal sealed record LocationChoice(LocationTrackingMode Mode, QuickBooksRef? Ref, string? Problem, string? Fix)
{
    public static readonly LocationChoice None = new(LocationTrackingMode.None, null, null, null);

    public static LocationChoice Refused(string problem, string fix) => new(LocationTrackingMode.None, null, problem, fix);

    public QuickBooksRef? DepartmentRef => Mode == LocationTrackingMode.Location ? Ref : null;

    public QuickBooksRef? ClassRef => Mode == LocationTrackingMode.Class ? Ref : null;
}
