using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Cdc;

/// <summary>
/// <c>GET /cdc?entities=..&amp;changedSince=..</c>: objects changed since a time (at most 30 days back),
/// at most 1,000 objects across all entities (oldest changes first), deleted ones last as tombstones.
/// </summary>
internal static class ChangeDataCapture
{
    public const int MaxObjects = 1000;
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(30);

    public static JsonArray Run(RealmState realm, string? entitiesParam, string? changedSinceParam)
    {
        if (string.IsNullOrWhiteSpace(entitiesParam))
        {
            throw QuickBooksFault.Required("entities");
        }

        if (string.IsNullOrWhiteSpace(changedSinceParam))
        {
            throw QuickBooksFault.Required("changedSince");
        }

        if (!SimulatorClock.TryParse(changedSinceParam, out var since))
        {
            throw QuickBooksFault.Invalid($"changedSince '{changedSinceParam}' is not an ISO 8601 date-time such as 2026-01-31T10:00:00-07:00.", "changedSince");
        }

        if (realm.Now - since > LookBack)
        {
            throw QuickBooksFault.Invalid($"changedSince {changedSinceParam} is more than 30 days ago; CDC looks back at most 30 days.", "changedSince");
        }

        var entities = new List<string>();
        foreach (var raw in entitiesParam.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = EntityNames.Canonical(raw);
            if (name is null || name is EntityNames.TaxCode or EntityNames.TaxRate)
            {
                throw QuickBooksFault.Invalid($"Entity '{raw}' is not supported by CDC (TaxCode and TaxRate are not covered).", "entities");
            }

            if (!entities.Contains(name))
            {
                entities.Add(name);
            }
        }

        var changes = new List<(string Entity, DateTimeOffset Time, JsonObject? Live, Tombstone? Dead)>();
        foreach (var entity in entities)
        {
            foreach (var row in realm.Table(entity).Values)
            {
                if (SimulatorClock.TryParse(Json.String(Json.Path(row, "MetaData.LastUpdatedTime")), out var updated) && updated >= since)
                {
                    changes.Add((entity, updated, row, null));
                }
            }

            foreach (var tomb in realm.Tombstones.Where(t => t.Entity == entity && t.DeletedAt >= since))
            {
                changes.Add((entity, tomb.DeletedAt, null, tomb));
            }
        }

        var kept = changes.OrderBy(c => c.Time).Take(MaxObjects).ToList();
        var perEntity = Json.Array();
        foreach (var entity in entities)
        {
            var mine = kept.Where(c => c.Entity == entity).ToList();
            var list = Json.Array();
            foreach (var change in mine.Where(c => c.Live is not null))
            {
                list.Add(Json.Clone(change.Live!));
            }

            foreach (var change in mine.Where(c => c.Dead is not null))
            {
                list.Add(new JsonObject
                {
                    ["domain"] = "QBO",
                    ["status"] = "Deleted",
                    ["Id"] = change.Dead!.Id,
                    ["MetaData"] = new JsonObject { ["LastUpdatedTime"] = SimulatorClock.Format(change.Dead.DeletedAt, realm.Facts.UtcOffset) },
                });
            }

            var group = Json.Object();
            if (list.Count > 0)
            {
                group[entity] = list;
                group["startPosition"] = 1;
                group["maxResults"] = list.Count;
                group["totalCount"] = list.Count;
            }

            perEntity.Add(group);
        }

        return new JsonArray(new JsonObject { ["QueryResponse"] = perEntity });
    }
}
