using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Bookkeeper;

/// <summary>Locations and classes as a bookkeeper keeps them: the lists, and the "Track locations" / "Track classes" settings.</summary>
public sealed partial class QuickBooksBookkeeper
{
    /// <summary>Adds a location (QuickBooks' <c>Department</c>), optionally under a parent location; the answer carries its id.</summary>
    public JsonObject CreateDepartment(string realmId, string name, string? parentId = null) =>
        Do(realmId, realm => EntityEngine.Create(realm, EntityNames.Department, Category(name, parentId)));

    /// <summary>Adds a class, optionally under a parent class; the answer carries its id.</summary>
    public JsonObject CreateClass(string realmId, string name, string? parentId = null) =>
        Do(realmId, realm => EntityEngine.Create(realm, EntityNames.Class, Category(name, parentId)));

    /// <summary>Makes a location inactive (QuickBooks' "delete" of a list entry) or active again; transactions can no longer name an inactive one.</summary>
    public JsonObject SetDepartmentActive(string realmId, string departmentId, bool active) =>
        Do(realmId, realm => SetActive(realm, EntityNames.Department, departmentId, active));

    /// <summary>Makes a class inactive or active again; transactions can no longer name an inactive one.</summary>
    public JsonObject SetClassActive(string realmId, string classId, bool active) =>
        Do(realmId, realm => SetActive(realm, EntityNames.Class, classId, active));

    /// <summary>
    /// Turns "Track locations" on or off (<c>AccountingInfoPrefs.TrackDepartments</c>), optionally with what the company
    /// calls them (<c>DepartmentTerminology</c>: Business, Department, Division, Location, Property, Store or Territory).
    /// Answers the preferences.
    /// </summary>
    public JsonObject SetLocationTracking(string realmId, bool enabled, string? terminology = null) =>
        Do(realmId, realm => ChangePreferences(realm, prefs =>
        {
            prefs["TrackDepartments"] = enabled;
            if (terminology is not null)
            {
                prefs["DepartmentTerminology"] = terminology;
            }
        }));

    /// <summary>Sets "Track classes": off, one class per transaction, or one per line. Answers the preferences.</summary>
    public JsonObject SetClassTracking(string realmId, ClassTracking tracking)
    {
        if (!Enum.IsDefined(tracking))
        {
            throw new ArgumentOutOfRangeException(nameof(tracking), tracking, "Not a ClassTracking value.");
        }

        return Do(realmId, realm => ChangePreferences(realm, prefs =>
        {
            prefs["ClassTrackingPerTxn"] = tracking == ClassTracking.PerTransaction;
            prefs["ClassTrackingPerTxnLine"] = tracking == ClassTracking.PerLine;
        }));
    }

    private static JsonObject Category(string name, string? parentId)
    {
        var body = Json.Object();
        body["Name"] = name;
        if (parentId is not null)
        {
            body["ParentRef"] = Json.Ref(parentId);
        }

        return body;
    }

    private static JsonObject SetActive(RealmState realm, string entity, string id, bool active)
    {
        var body = Version(realm, entity, id);
        body["sparse"] = true;
        body["Active"] = active;
        return EntityEngine.Update(realm, entity, body);
    }

    private static JsonObject ChangePreferences(RealmState realm, Action<JsonObject> change)
    {
        var preferences = Json.Clone(realm.Find(EntityNames.Preferences, "1")!);
        change(Json.Obj(preferences, "AccountingInfoPrefs"));
        TrackingRules.CheckPreferences(preferences);
        PreferencesRules.Apply(realm, preferences);
        return Json.Clone(preferences);
    }
}
