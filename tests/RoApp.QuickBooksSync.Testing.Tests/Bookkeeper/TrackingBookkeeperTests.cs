using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Bookkeeper;

/// <summary>A bookkeeper keeps the location and class lists and switches tracking on and off; the API follows at once.</summary>
public sealed class TrackingBookkeeperTests
{
    private static JsonObject Ref(string id) => new() { ["value"] = id };

    [Fact]
    public async Task Locations_and_classes_made_by_the_bookkeeper_are_seen_through_the_API()
    {
        await using var h = Harness.Create();

        var north = h.Sim.Bookkeeper.CreateDepartment(h.Realm, "North");
        var store = h.Sim.Bookkeeper.CreateDepartment(h.Realm, "Store 1", north["Id"].Str());
        var repairs = h.Sim.Bookkeeper.CreateClass(h.Realm, "Repairs");

        var found = (await h.QueryAsync("select * from Department where Name = 'Store 1'")).Entity("QueryResponse");
        var read = (await h.GetAsync("class/" + repairs["Id"].Str())).Entity("Class");

        Assert.Equal("North:Store 1", Assert.Single(((JsonArray)found["Department"]!).OfType<JsonObject>())["FullyQualifiedName"].Str());
        Assert.Equal(store["Id"].Str(), found["Department"]![0]!["Id"].Str());
        Assert.Equal("Repairs", read["Name"].Str());
    }

    [Fact]
    public async Task Switching_location_tracking_on_and_off_changes_what_an_invoice_may_carry()
    {
        await using var h = Harness.Create(new CompanyOptions { Locations = { "Downtown" } });
        var customer = await h.CreateCustomerAsync("Switch");
        var body = h.InvoiceBody(customer["Id"].Str(), 10m);
        body["DepartmentRef"] = Ref(h.Company.LocationIds["Downtown"]);

        var prefs = h.Sim.Bookkeeper.SetLocationTracking(h.Realm, true, "Store");
        var on = await h.PostAsync("invoice", body);
        h.Sim.Bookkeeper.SetLocationTracking(h.Realm, false);
        var off = await h.PostAsync("invoice", body);

        Assert.True(prefs["AccountingInfoPrefs"]!["TrackDepartments"]!.GetValue<bool>());
        Assert.Equal("Store", prefs["AccountingInfoPrefs"]!["DepartmentTerminology"].Str());
        Assert.Equal("1", prefs["SyncToken"].Str());
        Assert.Equal(200, on.Status);
        Assert.Equal("6000", off.FaultCode);
        Assert.Equal("Store", (await h.GetAsync("preferences")).Entity("Preferences")["AccountingInfoPrefs"]!["DepartmentTerminology"].Str());
    }

    [Fact]
    public async Task Switching_class_tracking_between_modes_moves_where_the_class_is_kept()
    {
        await using var h = Harness.Create(new CompanyOptions { Classes = { "Repairs" } });
        var customer = await h.CreateCustomerAsync("Classy");
        var body = h.InvoiceBody(customer["Id"].Str(), 10m);
        body["ClassRef"] = Ref(h.Company.ClassIds["Repairs"]);
        ((JsonObject)body["Line"]![0]!["SalesItemLineDetail"]!)["ClassRef"] = Ref(h.Company.ClassIds["Repairs"]);

        var off = await h.PostAsync("invoice", body);
        h.Sim.Bookkeeper.SetClassTracking(h.Realm, ClassTracking.PerLine);
        var perLine = (await h.PostAsync("invoice", body)).Entity("Invoice");
        var prefs = h.Sim.Bookkeeper.SetClassTracking(h.Realm, ClassTracking.PerTransaction);
        var perTransaction = (await h.PostAsync("invoice", body)).Entity("Invoice");

        Assert.Equal("6000", off.FaultCode);
        Assert.Null(perLine["ClassRef"]);
        Assert.Equal("Repairs", perLine["Line"]![0]!["SalesItemLineDetail"]!["ClassRef"]!["name"].Str());
        Assert.True(prefs["AccountingInfoPrefs"]!["ClassTrackingPerTxn"]!.GetValue<bool>());
        Assert.False(prefs["AccountingInfoPrefs"]!["ClassTrackingPerTxnLine"]!.GetValue<bool>());
        Assert.Equal("Repairs", perTransaction["ClassRef"]!["name"].Str());
        Assert.Null(perTransaction["Line"]![0]!["SalesItemLineDetail"]!["ClassRef"]);
    }

    [Fact]
    public async Task A_location_made_inactive_is_refused_until_it_is_active_again()
    {
        await using var h = Harness.Create(new CompanyOptions { TrackLocations = true, Locations = { "Uptown" } });
        var customer = await h.CreateCustomerAsync("Paused");
        var body = h.InvoiceBody(customer["Id"].Str(), 10m);
        body["DepartmentRef"] = Ref(h.Company.LocationIds["Uptown"]);

        var inactive = h.Sim.Bookkeeper.SetDepartmentActive(h.Realm, h.Company.LocationIds["Uptown"], false);
        var refused = await h.PostAsync("invoice", body);
        h.Sim.Bookkeeper.SetDepartmentActive(h.Realm, h.Company.LocationIds["Uptown"], true);
        var accepted = await h.PostAsync("invoice", body);

        Assert.False(inactive["Active"]!.GetValue<bool>());
        Assert.Equal("2500", refused.FaultCode);
        Assert.Equal(200, accepted.Status);
    }

    [Fact]
    public async Task An_inactive_class_is_refused_on_a_line()
    {
        await using var h = Harness.Create(new CompanyOptions { ClassTracking = ClassTracking.PerLine, Classes = { "Repairs" } });
        var customer = await h.CreateCustomerAsync("Old class");
        var body = h.InvoiceBody(customer["Id"].Str(), 10m);
        ((JsonObject)body["Line"]![0]!["SalesItemLineDetail"]!)["ClassRef"] = Ref(h.Company.ClassIds["Repairs"]);

        h.Sim.Bookkeeper.SetClassActive(h.Realm, h.Company.ClassIds["Repairs"], false);
        var answer = await h.PostAsync("invoice", body);

        Assert.Equal("2500", answer.FaultCode);
    }

    [Fact]
    public async Task Refused_bookkeeper_actions_throw_with_QuickBooks_code()
    {
        await using var h = Harness.Create(new CompanyOptions { Locations = { "Downtown" } });

        var duplicate = Assert.Throws<InvalidOperationException>(() => h.Sim.Bookkeeper.CreateDepartment(h.Realm, "downtown"));
        var terminology = Assert.Throws<InvalidOperationException>(() => h.Sim.Bookkeeper.SetLocationTracking(h.Realm, true, "Shop"));

        Assert.Contains("6240", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("2010", terminology.Message, StringComparison.Ordinal);
        Assert.False((await h.GetAsync("preferences")).Entity("Preferences")["AccountingInfoPrefs"]!["TrackDepartments"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_bookkeeper_editing_an_invoice_meets_the_same_rules()
    {
        await using var h = Harness.Create(new CompanyOptions { TrackLocations = true, Locations = { "Downtown" } });
        var customer = await h.CreateCustomerAsync("Edited");
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "L-1");

        var edited = h.Sim.Bookkeeper.EditInvoice(h.Realm, invoice["Id"].Str(), i => i["DepartmentRef"] = Ref(h.Company.LocationIds["Downtown"]));

        Assert.Equal("Downtown", edited["DepartmentRef"]!["name"].Str());
        Assert.Throws<InvalidOperationException>(() =>
            h.Sim.Bookkeeper.EditInvoice(h.Realm, invoice["Id"].Str(), i => i["DepartmentRef"] = Ref("999")));
    }
}
