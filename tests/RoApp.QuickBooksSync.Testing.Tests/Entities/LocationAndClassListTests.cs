using System.Globalization;
using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

/// <summary>Locations (<c>Department</c>) and classes (<c>Class</c>) as name lists: create, read, query, sparse update, inactive instead of deleted.</summary>
public sealed class LocationAndClassListTests
{
    private static JsonObject Named(string name, string? parentId = null)
    {
        var body = new JsonObject { ["Name"] = name };
        if (parentId is not null)
        {
            body["ParentRef"] = new JsonObject { ["value"] = parentId };
        }

        return body;
    }

    [Theory]
    [InlineData("department", "Department", "SubDepartment")]
    [InlineData("class", "Class", "SubClass")]
    public async Task Create_gives_an_active_top_level_object_that_reads_back(string resource, string entity, string subFlag)
    {
        await using var h = Harness.Create();

        var created = (await h.PostAsync(resource, Named("  Downtown "))).Entity(entity);
        var read = (await h.GetAsync($"{resource}/{created["Id"].Str()}")).Entity(entity);

        Assert.Equal("Downtown", read["Name"].Str());
        Assert.Equal("Downtown", read["FullyQualifiedName"].Str());
        Assert.True(read["Active"]!.GetValue<bool>());
        Assert.False(read[subFlag]!.GetValue<bool>());
        Assert.Equal("0", read["SyncToken"].Str());
    }

    [Theory]
    [InlineData("department", "Department")]
    [InlineData("class", "Class")]
    public async Task A_name_is_required(string resource, string entity)
    {
        await using var h = Harness.Create();

        var answer = await h.PostAsync(resource, new JsonObject { ["Name"] = " " });

        Assert.Equal("2020", answer.FaultCode);
        Assert.Equal(0, h.Sim.Inspect(h.Realm).Count(entity));
    }

    [Theory]
    [InlineData("department")]
    [InlineData("class")]
    public async Task A_duplicate_name_is_refused_with_6240_ignoring_case(string resource)
    {
        await using var h = Harness.Create();
        await h.PostAsync(resource, Named("Uptown"));

        var answer = await h.PostAsync(resource, Named("UPTOWN"));

        Assert.Equal(400, answer.Status);
        Assert.Equal("6240", answer.FaultCode);
    }

    [Fact]
    public async Task A_location_and_a_class_may_share_a_name()
    {
        await using var h = Harness.Create();

        var location = await h.PostAsync("department", Named("Repairs"));
        var @class = await h.PostAsync("class", Named("Repairs"));

        Assert.Equal(200, location.Status);
        Assert.Equal(200, @class.Status);
    }

    [Theory]
    [InlineData("department", "Department", "SubDepartment")]
    [InlineData("class", "Class", "SubClass")]
    public async Task A_child_carries_its_parents_full_name_and_a_rename_carries_over(string resource, string entity, string subFlag)
    {
        await using var h = Harness.Create();
        var parent = (await h.PostAsync(resource, Named("North"))).Entity(entity);
        var child = (await h.PostAsync(resource, Named("Store 1", parent["Id"].Str()))).Entity(entity);

        var renamed = await h.PostAsync(resource, new JsonObject
        {
            ["Id"] = parent["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["Name"] = "North Region",
        });
        var childAfter = (await h.GetAsync($"{resource}/{child["Id"].Str()}")).Entity(entity);

        Assert.Equal("North:Store 1", child["FullyQualifiedName"].Str());
        Assert.True(child[subFlag]!.GetValue<bool>());
        Assert.Equal("North", child["ParentRef"]!["name"].Str());
        Assert.Equal(200, renamed.Status);
        Assert.Equal("North Region:Store 1", childAfter["FullyQualifiedName"].Str());
        Assert.Equal("North Region", childAfter["ParentRef"]!["name"].Str());
    }

    [Fact]
    public async Task The_same_name_under_two_parents_is_two_full_names()
    {
        await using var h = Harness.Create();
        var north = (await h.PostAsync("class", Named("North"))).Entity("Class");
        var south = (await h.PostAsync("class", Named("South"))).Entity("Class");

        var a = await h.PostAsync("class", Named("Phones", north["Id"].Str()));
        var b = await h.PostAsync("class", Named("Phones", south["Id"].Str()));
        var again = await h.PostAsync("class", Named("phones", north["Id"].Str()));

        Assert.Equal(200, a.Status);
        Assert.Equal(200, b.Status);
        Assert.Equal("6240", again.FaultCode);
    }

    [Fact]
    public async Task A_missing_or_inactive_parent_is_refused_with_2500()
    {
        await using var h = Harness.Create();
        var old = (await h.PostAsync("department", new JsonObject { ["Name"] = "Closed", ["Active"] = false })).Entity("Department");

        var missing = await h.PostAsync("department", Named("Orphan", "999"));
        var inactive = await h.PostAsync("department", Named("Orphan", old["Id"].Str()));

        Assert.Equal("2500", missing.FaultCode);
        Assert.Equal("ParentRef", (string)missing.Json["Fault"]!["Error"]![0]!["element"]!);
        Assert.Equal("2500", inactive.FaultCode);
    }

    [Fact]
    public async Task An_object_cannot_be_moved_under_its_own_child()
    {
        await using var h = Harness.Create();
        var parent = (await h.PostAsync("class", Named("Top"))).Entity("Class");
        var child = (await h.PostAsync("class", Named("Below", parent["Id"].Str()))).Entity("Class");

        var answer = await h.PostAsync("class", new JsonObject
        {
            ["Id"] = parent["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true,
            ["ParentRef"] = new JsonObject { ["value"] = child["Id"].Str() },
        });

        Assert.Equal("6000", answer.FaultCode);
    }

    [Fact]
    public async Task Query_by_name_finds_one_and_select_all_lists_the_active_ones()
    {
        await using var h = Harness.Create();
        await h.PostAsync("department", Named("Downtown"));
        await h.PostAsync("department", Named("Uptown"));
        await h.PostAsync("class", Named("Repairs"));
        await h.PostAsync("class", new JsonObject { ["Name"] = "Retired", ["Active"] = false });

        var byName = (await h.QueryAsync("select * from Department where Name = 'Uptown'")).Entity("QueryResponse");
        var classes = (await h.QueryAsync("select * from Class")).Entity("QueryResponse");
        var withInactive = (await h.QueryAsync("select * from Class where Active in (true, false)")).Entity("QueryResponse");

        Assert.Equal("Uptown", Assert.Single(((JsonArray)byName["Department"]!).OfType<JsonObject>())["Name"].Str());
        Assert.Equal("Repairs", Assert.Single(((JsonArray)classes["Class"]!).OfType<JsonObject>())["Name"].Str());
        Assert.Equal(2, ((JsonArray)withInactive["Class"]!).Count);
    }

    [Theory]
    [InlineData("department", "Department")]
    [InlineData("class", "Class")]
    public async Task Objects_are_made_inactive_not_deleted(string resource, string entity)
    {
        await using var h = Harness.Create();
        var created = (await h.PostAsync(resource, Named("Gone soon"))).Entity(entity);

        var delete = await h.PostAsync($"{resource}?operation=delete", new JsonObject { ["Id"] = created["Id"].Str(), ["SyncToken"] = "0" });
        var inactive = await h.PostAsync(resource, new JsonObject { ["Id"] = created["Id"].Str(), ["SyncToken"] = "0", ["sparse"] = true, ["Active"] = false });
        var reused = await h.PostAsync(resource, Named("Gone soon"));

        Assert.Equal("500", delete.FaultCode);
        Assert.False(inactive.Entity(entity)["Active"]!.GetValue<bool>());
        Assert.Equal("1", inactive.Entity(entity)["SyncToken"].Str());
        Assert.Equal(200, reused.Status);
    }

    [Fact]
    public async Task The_full_name_is_computed_not_taken_from_the_caller()
    {
        await using var h = Harness.Create();

        var created = (await h.PostAsync("department", new JsonObject { ["Name"] = "East", ["FullyQualifiedName"] = "Somewhere:East" })).Entity("Department");

        Assert.Equal("East", created["FullyQualifiedName"].Str());
    }

    [Fact]
    public async Task Changes_to_locations_and_classes_are_reported_by_CDC()
    {
        await using var h = Harness.Create();
        var location = (await h.PostAsync("department", Named("Downtown"))).Entity("Department");
        var @class = (await h.PostAsync("class", Named("Repairs"))).Entity("Class");
        var since = Harness.Start.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        var answer = await h.GetAsync($"cdc?entities=Department,Class&changedSince={Uri.EscapeDataString(since)}");

        var groups = answer.Json["CDCResponse"]![0]!["QueryResponse"]!.AsArray();
        Assert.Equal(location["Id"].Str(), groups[0]!["Department"]![0]!["Id"].Str());
        Assert.Equal(@class["Id"].Str(), groups[1]!["Class"]![0]!["Id"].Str());
    }
}
