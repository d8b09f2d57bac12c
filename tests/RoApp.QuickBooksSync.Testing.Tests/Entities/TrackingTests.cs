using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

/// <summary>Locations and classes on transactions: the preferences decide, references are checked and echoed with their names.</summary>
public sealed class TrackingTests
{
    private static CompanyOptions Tracked(ClassTracking classes = ClassTracking.Off, bool locations = true) => new()
    {
        TrackLocations = locations,
        ClassTracking = classes,
        Locations = { "Downtown", "Uptown" },
        Classes = { "Repairs", "Repairs:Screens" },
    };

    private static JsonObject Ref(string id) => new() { ["value"] = id };

    private static string Element(Answer answer) => (string)answer.Json["Fault"]!["Error"]![0]!["element"]!;

    private static JsonObject LineDetail(JsonObject form, int index = 0) => (JsonObject)form["Line"]![index]!["SalesItemLineDetail"]!;

    private static async Task<JsonObject> InvoiceAsync(Harness h, Action<JsonObject> shape)
    {
        var customer = await h.CreateCustomerAsync("Tracked " + Guid.NewGuid().ToString("N")[..6]);
        var body = h.InvoiceBody(customer["Id"].Str(), 40m);
        shape(body);
        return body;
    }

    [Fact]
    public async Task A_new_company_tracks_nothing_and_calls_its_locations_Location()
    {
        await using var h = Harness.Create();

        var prefs = (JsonObject)(await h.GetAsync("preferences")).Entity("Preferences")["AccountingInfoPrefs"]!;

        Assert.False(prefs["TrackDepartments"]!.GetValue<bool>());
        Assert.Equal("Location", prefs["DepartmentTerminology"].Str());
        Assert.False(prefs["ClassTrackingPerTxn"]!.GetValue<bool>());
        Assert.False(prefs["ClassTrackingPerTxnLine"]!.GetValue<bool>());
        Assert.Empty(h.Company.LocationIds);
        Assert.Equal(0, h.Sim.Inspect(h.Realm).Count("Department"));
    }

    [Fact]
    public async Task Company_options_seed_locations_and_classes_by_name_and_switch_tracking_on()
    {
        await using var h = Harness.Create(new CompanyOptions
        {
            TrackLocations = true, LocationTerminology = "Store", ClassTracking = ClassTracking.PerLine,
            Locations = { "Downtown", "Uptown" }, Classes = { "Repairs:Screens" },
        });

        var prefs = (JsonObject)(await h.GetAsync("preferences")).Entity("Preferences")["AccountingInfoPrefs"]!;
        var uptown = (await h.GetAsync("department/" + h.Company.LocationIds["Uptown"])).Entity("Department");
        var screens = (await h.GetAsync("class/" + h.Company.ClassIds["Repairs:Screens"])).Entity("Class");

        Assert.True(prefs["TrackDepartments"]!.GetValue<bool>());
        Assert.Equal("Store", prefs["DepartmentTerminology"].Str());
        Assert.False(prefs["ClassTrackingPerTxn"]!.GetValue<bool>());
        Assert.True(prefs["ClassTrackingPerTxnLine"]!.GetValue<bool>());
        Assert.Equal(["Downtown", "Uptown"], h.Company.LocationIds.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Uptown", uptown["Name"].Str());
        Assert.Equal("Repairs:Screens", screens["FullyQualifiedName"].Str());
        Assert.Equal(h.Company.ClassIds["Repairs"], screens["ParentRef"]!["value"].Str());
    }

    [Fact]
    public async Task Seeding_refuses_a_duplicate_name_and_an_unknown_terminology()
    {
        await using var sim = QuickBooksSimulator.Start();

        var duplicate = Assert.Throws<ArgumentException>(() => sim.AddCompany(new CompanyOptions { Locations = { "Downtown", "downtown" } }));
        Assert.Throws<ArgumentException>(() => sim.AddCompany(new CompanyOptions { LocationTerminology = "Shop" }));

        Assert.Contains("6240", duplicate.Message, StringComparison.Ordinal);
        Assert.Empty(sim.Companies);
    }

    [Fact]
    public async Task The_tracking_preferences_are_updated_through_the_preferences_and_take_effect()
    {
        await using var h = Harness.Create(Tracked(locations: false));
        var before = await InvoiceAsync(h, b => b["DepartmentRef"] = Ref(h.Company.LocationIds["Downtown"]));
        Assert.Equal("6000", (await h.PostAsync("invoice", before)).FaultCode);

        var update = await h.PostAsync("preferences", new JsonObject
        {
            ["Id"] = "1", ["SyncToken"] = "0", ["sparse"] = true,
            ["AccountingInfoPrefs"] = new JsonObject { ["TrackDepartments"] = true, ["DepartmentTerminology"] = "Territory", ["ClassTrackingPerTxn"] = true },
        });
        var after = await h.PostAsync("invoice", before);

        Assert.Equal(200, update.Status);
        var prefs = update.Entity("Preferences");
        Assert.True(prefs["AccountingInfoPrefs"]!["TrackDepartments"]!.GetValue<bool>());
        Assert.Equal("Territory", prefs["AccountingInfoPrefs"]!["DepartmentTerminology"].Str());
        Assert.True(prefs["AccountingInfoPrefs"]!["ClassTrackingPerTxn"]!.GetValue<bool>());
        Assert.False(prefs["AccountingInfoPrefs"]!["ClassTrackingPerTxnLine"]!.GetValue<bool>());
        Assert.NotNull(prefs["SalesFormsPrefs"]!["CustomTxnNumbers"]);
        Assert.Equal(200, after.Status);
    }

    [Fact]
    public async Task A_terminology_Intuit_does_not_list_is_refused()
    {
        await using var h = Harness.Create();

        var answer = await h.PostAsync("preferences", new JsonObject
        {
            ["Id"] = "1", ["SyncToken"] = "0", ["sparse"] = true,
            ["AccountingInfoPrefs"] = new JsonObject { ["DepartmentTerminology"] = "Shop" },
        });

        Assert.Equal("2010", answer.FaultCode);
        Assert.Equal("Location", (await h.GetAsync("preferences")).Entity("Preferences")["AccountingInfoPrefs"]!["DepartmentTerminology"].Str());
    }

    [Fact]
    public async Task An_invoice_location_is_echoed_with_its_name_and_kept()
    {
        await using var h = Harness.Create(Tracked());
        var body = await InvoiceAsync(h, b => b["DepartmentRef"] = Ref(h.Company.LocationIds["Uptown"]));

        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");
        var stored = h.Sim.Inspect(h.Realm).Find("Invoice", invoice["Id"].Str())!;

        Assert.Equal(h.Company.LocationIds["Uptown"], invoice["DepartmentRef"]!["value"].Str());
        Assert.Equal("Uptown", invoice["DepartmentRef"]!["name"].Str());
        Assert.Equal("Uptown", stored["DepartmentRef"]!["name"].Str());
    }

    [Fact]
    public async Task A_missing_location_is_refused_with_2500_naming_DepartmentRef_and_nothing_is_written()
    {
        await using var h = Harness.Create(Tracked());
        var body = await InvoiceAsync(h, b => b["DepartmentRef"] = Ref("999"));

        var answer = await h.PostAsync("invoice", body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("2500", answer.FaultCode);
        Assert.Equal("DepartmentRef", Element(answer));
        Assert.Equal(0, h.Sim.Inspect(h.Realm).Count("Invoice"));
    }

    [Fact]
    public async Task An_inactive_location_is_refused_with_2500()
    {
        await using var h = Harness.Create(Tracked());
        var downtown = h.Company.LocationIds["Downtown"];
        await h.PostAsync("department", new JsonObject { ["Id"] = downtown, ["SyncToken"] = "0", ["sparse"] = true, ["Active"] = false });
        var body = await InvoiceAsync(h, b => b["DepartmentRef"] = Ref(downtown));

        var answer = await h.PostAsync("invoice", body);

        Assert.Equal("2500", answer.FaultCode);
        Assert.Equal("DepartmentRef", Element(answer));
    }

    [Fact]
    public async Task A_stored_location_made_inactive_later_stops_the_next_save()
    {
        await using var h = Harness.Create(Tracked());
        var downtown = h.Company.LocationIds["Downtown"];
        var invoice = (await h.PostAsync("invoice", await InvoiceAsync(h, b => b["DepartmentRef"] = Ref(downtown)))).Entity("Invoice");
        await h.PostAsync("department", new JsonObject { ["Id"] = downtown, ["SyncToken"] = "0", ["sparse"] = true, ["Active"] = false });

        var note = await h.PostAsync("invoice", new JsonObject { ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["PrivateNote"] = "x" });
        var moved = await h.PostAsync("invoice", new JsonObject
        {
            ["Id"] = invoice["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["DepartmentRef"] = Ref(h.Company.LocationIds["Uptown"]),
        });

        Assert.Equal("2500", note.FaultCode);
        Assert.Equal("Uptown", moved.Entity("Invoice")["DepartmentRef"]!["name"].Str());
    }

    [Fact]
    public async Task With_location_tracking_off_a_DepartmentRef_is_refused_with_6000()
    {
        await using var h = Harness.Create(Tracked(locations: false));
        var body = await InvoiceAsync(h, b => b["DepartmentRef"] = Ref(h.Company.LocationIds["Downtown"]));

        var answer = await h.PostAsync("invoice", body);

        Assert.Equal("6000", answer.FaultCode);
        Assert.Equal("DepartmentRef", Element(answer));
        Assert.Equal(0, h.Sim.Inspect(h.Realm).Count("Invoice"));
    }

    [Fact]
    public async Task A_null_reference_is_no_reference_even_with_tracking_off()
    {
        await using var h = Harness.Create();
        var body = await InvoiceAsync(h, b =>
        {
            b["DepartmentRef"] = null;
            b["ClassRef"] = null;
            LineDetail(b)["ClassRef"] = null;
        });

        var answer = await h.PostAsync("invoice", body);

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task One_class_per_transaction_keeps_the_transaction_class_and_drops_line_classes()
    {
        await using var h = Harness.Create(Tracked(ClassTracking.PerTransaction));
        var body = await InvoiceAsync(h, b =>
        {
            b["ClassRef"] = Ref(h.Company.ClassIds["Repairs:Screens"]);
            LineDetail(b)["ClassRef"] = Ref(h.Company.ClassIds["Repairs"]);
        });

        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");

        Assert.Equal("Repairs:Screens", invoice["ClassRef"]!["name"].Str());
        Assert.Null(LineDetail(invoice)["ClassRef"]);
    }

    [Fact]
    public async Task One_class_per_line_keeps_line_classes_and_drops_the_transaction_class()
    {
        await using var h = Harness.Create(Tracked(ClassTracking.PerLine));
        var body = await InvoiceAsync(h, b =>
        {
            b["ClassRef"] = Ref(h.Company.ClassIds["Repairs"]);
            ((JsonArray)b["Line"]!).Add(Harness.SalesLine(h.Company.ServiceItemId, 1, 5m));
            LineDetail(b, 0)["ClassRef"] = Ref(h.Company.ClassIds["Repairs:Screens"]);
            LineDetail(b, 1)["ClassRef"] = Ref(h.Company.ClassIds["Repairs"]);
        });

        var invoice = (await h.PostAsync("invoice", body)).Entity("Invoice");

        Assert.Null(invoice["ClassRef"]);
        Assert.Equal("Repairs:Screens", LineDetail(invoice, 0)["ClassRef"]!["name"].Str());
        Assert.Equal(h.Company.ClassIds["Repairs"], LineDetail(invoice, 1)["ClassRef"]!["value"].Str());
        Assert.Equal("Repairs", LineDetail(invoice, 1)["ClassRef"]!["name"].Str());
    }

    [Theory]
    [InlineData(true, "ClassRef")]
    [InlineData(false, "Line.SalesItemLineDetail.ClassRef")]
    public async Task With_class_tracking_off_a_class_anywhere_is_refused_with_6000(bool onTransaction, string element)
    {
        await using var h = Harness.Create(Tracked(ClassTracking.Off));
        var body = await InvoiceAsync(h, b =>
        {
            if (onTransaction)
            {
                b["ClassRef"] = Ref(h.Company.ClassIds["Repairs"]);
            }
            else
            {
                LineDetail(b)["ClassRef"] = Ref(h.Company.ClassIds["Repairs"]);
            }
        });

        var answer = await h.PostAsync("invoice", body);

        Assert.Equal("6000", answer.FaultCode);
        Assert.Equal(element, Element(answer));
    }

    [Theory]
    [InlineData(ClassTracking.PerTransaction, true, "ClassRef")]
    [InlineData(ClassTracking.PerLine, false, "Line.SalesItemLineDetail.ClassRef")]
    public async Task A_missing_or_inactive_class_is_refused_with_2500_naming_where_it_was(ClassTracking mode, bool onTransaction, string element)
    {
        await using var h = Harness.Create(Tracked(mode));
        var retired = (await h.PostAsync("class", new JsonObject { ["Name"] = "Retired", ["Active"] = false })).Entity("Class")["Id"].Str();

        foreach (var id in new[] { "999", retired })
        {
            var body = await InvoiceAsync(h, b =>
            {
                if (onTransaction)
                {
                    b["ClassRef"] = Ref(id);
                }
                else
                {
                    LineDetail(b)["ClassRef"] = Ref(id);
                }
            });

            var answer = await h.PostAsync("invoice", body);

            Assert.Equal("2500", answer.FaultCode);
            Assert.Equal(element, Element(answer));
        }
    }

    [Fact]
    public async Task A_payment_carries_a_location_but_no_class()
    {
        await using var h = Harness.Create(Tracked(ClassTracking.PerTransaction));
        var customer = await h.CreateCustomerAsync("Payer");
        JsonObject Payment(string departmentId) => new()
        {
            ["CustomerRef"] = Ref(customer["Id"].Str()), ["TotalAmt"] = 10m, ["DepartmentRef"] = Ref(departmentId),
        };
        var withClass = Payment(h.Company.LocationIds["Downtown"]);
        withClass["ClassRef"] = Ref(h.Company.ClassIds["Repairs"]);

        var ok = await h.PostAsync("payment", Payment(h.Company.LocationIds["Downtown"]));
        var missing = await h.PostAsync("payment", Payment("999"));
        var classed = await h.PostAsync("payment", withClass);

        Assert.Equal("Downtown", ok.Entity("Payment")["DepartmentRef"]!["name"].Str());
        Assert.Equal("2500", missing.FaultCode);
        Assert.Equal("2010", classed.FaultCode);
        Assert.Equal("ClassRef", Element(classed));
    }

    [Fact]
    public async Task With_location_tracking_off_a_payment_location_is_refused()
    {
        await using var h = Harness.Create(Tracked(locations: false));
        var customer = await h.CreateCustomerAsync("Payer");

        var answer = await h.PostAsync("payment", new JsonObject
        {
            ["CustomerRef"] = Ref(customer["Id"].Str()), ["TotalAmt"] = 10m, ["DepartmentRef"] = Ref(h.Company.LocationIds["Downtown"]),
        });

        Assert.Equal("6000", answer.FaultCode);
        Assert.Equal(0, h.Sim.Inspect(h.Realm).Count("Payment"));
    }

    [Theory]
    [InlineData("refundreceipt", "RefundReceipt")]
    [InlineData("creditmemo", "CreditMemo")]
    public async Task Refund_forms_check_and_echo_their_location_and_line_classes(string resource, string entity)
    {
        await using var h = Harness.Create(Tracked(ClassTracking.PerLine));
        var customer = await h.CreateCustomerAsync("Refunded");
        JsonObject Form(string departmentId, string classId)
        {
            var line = Harness.SalesLine(h.Company.ServiceItemId, 1, 20m);
            ((JsonObject)line["SalesItemLineDetail"]!)["ClassRef"] = Ref(classId);
            var form = new JsonObject
            {
                ["CustomerRef"] = Ref(customer["Id"].Str()), ["DepartmentRef"] = Ref(departmentId), ["Line"] = new JsonArray(line),
            };
            if (entity == "RefundReceipt")
            {
                form["DepositToAccountRef"] = Ref(h.Company.BankAccountId);
            }

            return form;
        }

        var ok = (await h.PostAsync(resource, Form(h.Company.LocationIds["Uptown"], h.Company.ClassIds["Repairs"]))).Entity(entity);
        var badLocation = await h.PostAsync(resource, Form("999", h.Company.ClassIds["Repairs"]));
        var badClass = await h.PostAsync(resource, Form(h.Company.LocationIds["Uptown"], "999"));

        Assert.Equal("Uptown", ok["DepartmentRef"]!["name"].Str());
        Assert.Equal("Repairs", LineDetail(ok)["ClassRef"]!["name"].Str());
        Assert.Equal("DepartmentRef", Element(badLocation));
        Assert.Equal("2500", badClass.FaultCode);
        Assert.Equal("Line.SalesItemLineDetail.ClassRef", Element(badClass));
        Assert.Equal(1, h.Sim.Inspect(h.Realm).Count(entity));
    }

    [Fact]
    public async Task A_batch_item_gets_the_same_refusal()
    {
        await using var h = Harness.Create(Tracked());
        var customer = await h.CreateCustomerAsync("Batched");
        var body = h.InvoiceBody(customer["Id"].Str(), 10m);
        body["DepartmentRef"] = Ref("999");

        var answer = await h.PostAsync("batch", new JsonObject
        {
            ["BatchItemRequest"] = new JsonArray(new JsonObject { ["bId"] = "1", ["operation"] = "create", ["Invoice"] = body }),
        });

        var item = (JsonObject)answer.Json["BatchItemResponse"]![0]!;
        Assert.Equal("2500", (string)item["Fault"]!["Error"]![0]!["code"]!);
    }
}
