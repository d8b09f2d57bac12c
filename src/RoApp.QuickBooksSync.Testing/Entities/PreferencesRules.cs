using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>Preferences: updated by merging nested groups, and the company facts rules depend on follow them.</summary>
internal static class PreferencesRules
{
    public static JsonObject Update(RealmState realm, JsonObject body)
    {
        var existing = realm.Find(EntityNames.Preferences, "1")!;
        var sent = Json.String(body, "SyncToken") ?? throw QuickBooksFault.Required("SyncToken");
        var current = Json.String(existing, "SyncToken")!;
        if (sent != current)
        {
            throw QuickBooksFault.Stale(EntityNames.Preferences, "1", sent, current);
        }

        var updated = Json.Clone(existing);
        foreach (var (name, value) in body)
        {
            if (name is "Id" or "SyncToken" or "MetaData" or "sparse" or "domain")
            {
                continue;
            }

            Merge(updated, name, value);
        }

        TrackingRules.CheckPreferences(updated);
        Apply(realm, updated);
        return Json.Clone(updated);
    }

    /// <summary>Stores new preferences and re-derives the facts (custom transaction numbers).</summary>
    public static void Apply(RealmState realm, JsonObject preferences)
    {
        var custom = Json.Bool(Json.Path(preferences, "SalesFormsPrefs.CustomTxnNumbers")) ?? realm.Facts.CustomTransactionNumbers;
        realm.Facts = realm.Facts with { CustomTransactionNumbers = custom };
        realm.Touch(preferences);
        realm.Table(EntityNames.Preferences)["1"] = preferences;
    }

    private static void Merge(JsonObject target, string name, JsonNode? value)
    {
        if (value is JsonObject incoming && target[name] is JsonObject existing)
        {
            foreach (var (childName, childValue) in incoming)
            {
                Merge(existing, childName, childValue);
            }

            return;
        }

        target[name] = value?.DeepClone();
    }
}
