using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>
/// Locations (<c>DepartmentRef</c>) and classes (<c>ClassRef</c>) on sales transactions and payments, following the
/// company's preferences (<c>Preferences.AccountingInfoPrefs</c>):
/// <list type="bullet">
/// <item><c>DepartmentRef</c> is one per transaction (Invoice, Payment, RefundReceipt, CreditMemo), honoured with
/// <c>TrackDepartments</c>.</item>
/// <item><c>ClassRef</c> is on the transaction with <c>ClassTrackingPerTxn</c> and on each
/// <c>SalesItemLineDetail</c> with <c>ClassTrackingPerTxnLine</c>; with class tracking on, a class at the level the
/// company does not use is dropped without error, as QuickBooks does. A Payment has no <c>ClassRef</c> (2010).</item>
/// <item>An honoured reference must name an existing, active object (2500 naming the element) and is echoed with its
/// <c>name</c> (the full name).</item>
/// <item>A reference while that tracking is off is refused (6000): no report says what QuickBooks does, and the
/// strictest answer makes a client read the preferences first.</item>
/// </list>
/// Runs before the entity's own rules, so a refused write changes nothing.
/// </summary>
internal static class TrackingRules
{
    private const string LineClass = "Line.SalesItemLineDetail.ClassRef";
    private const string ClassesOff = "ClassTrackingPerTxn and ClassTrackingPerTxnLine are false";

    /// <summary>The terms Intuit lists for <c>DepartmentTerminology</c>.</summary>
    public static readonly IReadOnlyList<string> Terminologies = ["Business", "Department", "Division", "Location", "Property", "Store", "Territory"];

    /// <summary>The transactions that carry locations and classes.</summary>
    public static bool Applies(string entity) =>
        entity is EntityNames.Invoice or EntityNames.Payment or EntityNames.RefundReceipt or EntityNames.CreditMemo;

    public static void Prepare(RealmState realm, string entity, JsonObject transaction)
    {
        var preferences = realm.Find(EntityNames.Preferences, "1");
        var locations = Preference(preferences, "TrackDepartments");
        var perTransaction = Preference(preferences, "ClassTrackingPerTxn");
        var perLine = Preference(preferences, "ClassTrackingPerTxnLine");

        if (Json.RefValue(transaction["DepartmentRef"]) is { } departmentId)
        {
            if (!locations)
            {
                throw TrackingOff("DepartmentRef", "Location tracking", "TrackDepartments is false");
            }

            transaction["DepartmentRef"] = Resolve(realm, EntityNames.Department, departmentId, "DepartmentRef");
        }

        if (Json.RefValue(transaction["ClassRef"]) is { } classId)
        {
            if (entity == EntityNames.Payment)
            {
                throw QuickBooksFault.Invalid("A Payment has no ClassRef (its class comes from the transactions it pays); leave ClassRef out.", "ClassRef");
            }

            if (!perTransaction && !perLine)
            {
                throw TrackingOff("ClassRef", "Class tracking", ClassesOff);
            }

            if (perTransaction)
            {
                transaction["ClassRef"] = Resolve(realm, EntityNames.Class, classId, "ClassRef");
            }
            else
            {
                transaction.Remove("ClassRef");
            }
        }

        if (transaction["Line"] is not JsonArray lines)
        {
            return;
        }

        foreach (var detail in lines.OfType<JsonObject>().Select(l => l["SalesItemLineDetail"]).OfType<JsonObject>())
        {
            if (Json.RefValue(detail["ClassRef"]) is not { } lineClassId)
            {
                continue;
            }

            if (!perTransaction && !perLine)
            {
                throw TrackingOff(LineClass, "Class tracking", ClassesOff);
            }

            if (perLine)
            {
                detail["ClassRef"] = Resolve(realm, EntityNames.Class, lineClassId, LineClass);
            }
            else
            {
                detail.Remove("ClassRef");
            }
        }
    }

    /// <summary>A preferences update may only name a terminology Intuit lists (2010).</summary>
    public static void CheckPreferences(JsonObject preferences)
    {
        var term = Json.String(Json.Path(preferences, "AccountingInfoPrefs.DepartmentTerminology"));
        if (term is not null && !Terminologies.Contains(term))
        {
            throw QuickBooksFault.Invalid(
                $"DepartmentTerminology '{term}' is not one of {string.Join(", ", Terminologies)}.", "AccountingInfoPrefs.DepartmentTerminology");
        }
    }

    private static bool Preference(JsonObject? preferences, string name) =>
        preferences is not null && Json.Bool(Json.Path(preferences, "AccountingInfoPrefs." + name)) == true;

    private static JsonObject Resolve(RealmState realm, string entity, string id, string element)
    {
        var found = realm.Find(entity, id);
        if (found is null || Json.Bool(found["Active"]) == false)
        {
            throw QuickBooksFault.InvalidReference(element, entity, id, found is not null);
        }

        return Json.Ref(id, Json.String(found, "FullyQualifiedName") ?? Json.String(found, "Name"));
    }

    private static QuickBooksFault TrackingOff(string element, string feature, string preferences) => QuickBooksFault.Business(
        $"{feature} is off in this company (Preferences.AccountingInfoPrefs.{preferences}), so a transaction cannot carry {element}. Turn it on in the preferences or leave {element} out.",
        element);
}
