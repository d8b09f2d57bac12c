using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>
/// RO App locations reach QuickBooks as the company's settings say: as Locations (<c>DepartmentRef</c>) on invoices and
/// payments, or as Classes on the invoice or its lines; an unknown one is a failed entry that names the fix.
/// </summary>
public sealed class LocationSendTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<OutboundHarness> StartAsync(LocationTracking tracking, ClassTracking classes = ClassTracking.Off)
    {
        var h = await OutboundHarness.StartAsync(company: c =>
        {
            c.TrackLocations = tracking.Mode == LocationTrackingMode.Location;
            c.ClassTracking = classes;
            foreach (var name in new[] { "Downtown", "Uptown" })
            {
                c.Locations.Add(name);
                c.Classes.Add(name);
            }
        });
        await h.SaveSettingsAsync(s => s with { Locations = tracking });
        return h;
    }

    private static string? RefValue(JsonNode? node) => node?["value"]?.GetValue<string>();

    private static IEnumerable<JsonObject> SalesLines(JsonObject invoice) =>
        ((JsonArray)invoice["Line"]!).OfType<JsonObject>().Where(l => l["DetailType"]!.GetValue<string>() == "SalesItemLineDetail");

    private static void AddAt(OutboundHarness h, string id, string? location) =>
        h.Gateway.Invoices[id] = h.AddInvoice(id) with { LocationName = location };

    [Fact]
    public async Task Each_invoice_and_payment_carries_its_QuickBooks_location_read_once_for_all()
    {
        await using var h = await StartAsync(new LocationTracking { Mode = LocationTrackingMode.Location });
        AddAt(h, "1001", "Downtown");
        AddAt(h, "1002", "uptown");

        var first = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);
        var second = await h.Sync.SyncInvoiceNowAsync(Company, "1002", None);
        h.Gateway.Payments["pay-1"] = new RoAppPaymentSnapshot { Id = "pay-1", InvoiceId = "1002", Amount = 50m, Date = new DateOnly(2026, 3, 3), LocationName = "Uptown" };
        await h.Sync.PaymentRecordedAsync(Company, "pay-1", "1002", None);
        await h.DrainAsync();

        Assert.Equal((InvoiceSyncResult.Synced, InvoiceSyncResult.Synced), (first.Result, second.Result));
        var inspect = h.Sim.Inspect(h.RealmId);
        Assert.Equal(h.Company.LocationIds["Downtown"], RefValue(inspect.Find("Invoice", first.QuickBooksId!)!["DepartmentRef"]));
        Assert.Equal(h.Company.LocationIds["Uptown"], RefValue(inspect.Find("Invoice", second.QuickBooksId!)!["DepartmentRef"]));
        Assert.Equal(h.Company.LocationIds["Uptown"], RefValue(Assert.Single(inspect.All("Payment"))["DepartmentRef"]));
        // The active and the inactive locations, once for both invoices and the payment.
        Assert.Equal(2, h.Sim.RequestLog.Count(r => r.Query.Contains("Department", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_mapping_row_sends_an_RO_App_location_under_its_QuickBooks_name()
    {
        await using var h = await StartAsync(new LocationTracking { Mode = LocationTrackingMode.Location, Mappings = [new("Main street", "Downtown")] });
        AddAt(h, "1001", "Main street");

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, outcome.Result);
        Assert.Equal(h.Company.LocationIds["Downtown"], RefValue(Assert.Single(h.Invoices)["DepartmentRef"]));
    }

    [Theory]
    [InlineData(ClassTracking.PerTransaction)]
    [InlineData(ClassTracking.PerLine)]
    public async Task As_a_class_the_location_goes_where_QuickBooks_tracks_classes(ClassTracking classes)
    {
        await using var h = await StartAsync(new LocationTracking { Mode = LocationTrackingMode.Class }, classes);
        AddAt(h, "1001", "Uptown");

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, outcome.Result);
        var stored = Assert.Single(h.Invoices);
        var uptown = h.Company.ClassIds["Uptown"];
        if (classes == ClassTracking.PerTransaction)
        {
            Assert.Equal(uptown, RefValue(stored["ClassRef"]));
        }
        else
        {
            Assert.All(SalesLines(stored), l => Assert.Equal(uptown, RefValue(l["SalesItemLineDetail"]!["ClassRef"])));
        }

        Assert.Null(stored["DepartmentRef"]);
    }

    [Fact]
    public async Task An_unknown_location_fails_before_anything_is_sent_and_a_retry_after_it_is_created_sends_it()
    {
        await using var h = await StartAsync(new LocationTracking { Mode = LocationTrackingMode.Location });
        AddAt(h, "1001", "Airport");

        var refused = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Failed, refused.Result);
        Assert.Contains("'Airport'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Create the location 'Airport' in QuickBooks", refused.Fix, StringComparison.Ordinal);
        Assert.Empty(h.Invoices);
        Assert.Equal(JournalOutcome.Failed, Assert.Single(await h.JournalAsync("1001")).Outcome);

        // The bookkeeper creates it; a minute later the list is read again on a miss.
        var airport = h.Sim.Bookkeeper.CreateDepartment(h.RealmId, "Airport");
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var sent = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, sent.Result);
        Assert.Equal(airport["Id"]!.GetValue<string>(), RefValue(Assert.Single(h.Invoices)["DepartmentRef"]));
    }

    [Fact]
    public async Task An_inactive_location_is_refused_naming_it()
    {
        await using var h = await StartAsync(new LocationTracking { Mode = LocationTrackingMode.Location });
        h.Sim.Bookkeeper.SetDepartmentActive(h.RealmId, h.Company.LocationIds["Uptown"], active: false);
        AddAt(h, "1001", "Uptown");

        var refused = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Failed, refused.Result);
        Assert.Contains("inactive", refused.Message, StringComparison.Ordinal);
        Assert.Empty(h.Invoices);
    }

    [Fact]
    public async Task Without_location_tracking_nothing_is_sent_or_read_for_the_location()
    {
        await using var h = await StartAsync(new LocationTracking());
        AddAt(h, "1001", "Downtown");

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.Equal(InvoiceSyncResult.Synced, outcome.Result);
        Assert.Null(Assert.Single(h.Invoices)["DepartmentRef"]);
        Assert.DoesNotContain(h.Sim.RequestLog, r => r.Query.Contains("Department", StringComparison.OrdinalIgnoreCase));
    }
}
