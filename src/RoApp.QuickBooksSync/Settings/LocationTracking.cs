using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Settings;

/// <summary>
/// How RO App locations (branches) reach QuickBooks: as QuickBooks Locations, as Classes, or not at all (the
/// default). A location is found by the QuickBooks name its mapping row gives, else by its own RO App name.
/// </summary>
public sealed record LocationTracking
{
    /// <summary>What an RO App location becomes in QuickBooks.</summary>
    public LocationTrackingMode Mode { get; init; } = LocationTrackingMode.None;

    /// <summary>
    /// RO App location → QuickBooks location or class rows, for names that differ. A location without a row is
    /// looked up in QuickBooks by its RO App name.
    /// </summary>
    public IReadOnlyList<LocationMappingRow> Mappings { get; init; } = [];
}

/// <summary>What an RO App location becomes in QuickBooks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LocationTrackingMode>))]
public enum LocationTrackingMode
{
    /// <summary>Locations are not sent (the default).</summary>
    None,

    /// <summary>
    /// A QuickBooks Location (the API's <c>Department</c>) on every invoice and payment; the company must track
    /// locations in QuickBooks.
    /// </summary>
    Location,

    /// <summary>
    /// A QuickBooks Class: on the invoice when the company tracks one class a transaction, else on each line; the
    /// company must track classes in QuickBooks. Payments carry no class.
    /// </summary>
    Class,
}

/// <summary>One row of the location mapping.</summary>
/// <param name="RoAppLocation">The RO App location name, as on <see cref="Gateway.RoAppInvoiceSnapshot.LocationName"/>.</param>
/// <param name="QuickBooksName">The name of the QuickBooks location or class it is sent as.</param>
public sealed record LocationMappingRow(string RoAppLocation, string QuickBooksName);
