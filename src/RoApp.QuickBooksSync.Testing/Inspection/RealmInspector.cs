using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Inspection;

/// <summary>Read-only view of one company's objects for test assertions. Every answer is a copy.</summary>
public sealed class RealmInspector
{
    private readonly RealmState _realm;

    internal RealmInspector(RealmState realm) => _realm = realm;

    /// <summary>The realm id.</summary>
    public string RealmId => _realm.RealmId;

    /// <summary>All live objects of an entity (e.g. "Invoice"), in id order; deleted ones are gone, inactive ones included.</summary>
    public IReadOnlyList<JsonObject> All(string entity)
    {
        var name = Canonical(entity);
        lock (_realm.Gate)
        {
            return _realm.Table(name).Values
                .OrderBy(e => long.TryParse(Json.String(e, "Id"), out var id) ? id : long.MaxValue)
                .Select(Json.Clone)
                .ToList();
        }
    }

    /// <summary>One object, or null when it does not exist (or was deleted).</summary>
    public JsonObject? Find(string entity, string id)
    {
        var name = Canonical(entity);
        lock (_realm.Gate)
        {
            var found = _realm.Find(name, id);
            return found is null ? null : Json.Clone(found);
        }
    }

    /// <summary>How many live objects of an entity exist.</summary>
    public int Count(string entity)
    {
        var name = Canonical(entity);
        lock (_realm.Gate)
        {
            return _realm.Table(name).Count;
        }
    }

    /// <summary>Ids of deleted objects of an entity, oldest deletion first.</summary>
    public IReadOnlyList<string> DeletedIds(string entity)
    {
        var name = Canonical(entity);
        lock (_realm.Gate)
        {
            return _realm.Tombstones.Where(t => t.Entity == name).Select(t => t.Id).ToList();
        }
    }

    private static string Canonical(string entity) =>
        EntityNames.Canonical(entity) ?? throw new ArgumentException($"Unknown entity '{entity}'. Known: {string.Join(", ", EntityNames.All)}.", nameof(entity));
}
