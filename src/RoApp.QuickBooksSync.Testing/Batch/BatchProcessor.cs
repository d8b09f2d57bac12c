using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Batch;

/// <summary>
/// <c>POST /batch</c>: up to 30 independent items (create, update, delete, query), each answered on its
/// own with its entity, QueryResponse or Fault. Callers hold the realm's gate.
/// </summary>
internal static class BatchProcessor
{
    public const int MaxItems = 30;

    public static JsonArray Run(RealmState realm, JsonObject body, bool withRequestId, Func<RealmState, string, string?, string?, JsonObject, JsonObject> write, Func<RealmState, string, JsonObject> query)
    {
        if (body["BatchItemRequest"] is not JsonArray items)
        {
            throw QuickBooksFault.Required("BatchItemRequest");
        }

        if (items.Count > MaxItems)
        {
            throw QuickBooksFault.Invalid($"A batch holds at most {MaxItems} items; this one has {items.Count}. Split it.", "BatchItemRequest");
        }

        var answers = Json.Array();
        foreach (var node in items)
        {
            var item = node as JsonObject ?? throw QuickBooksFault.Invalid("Every BatchItemRequest entry must be an object.", "BatchItemRequest");
            var bId = Json.String(item, "bId") ?? throw QuickBooksFault.Required("BatchItemRequest.bId");
            if (withRequestId && bId.Length > 10)
            {
                throw QuickBooksFault.Invalid($"bId '{bId}' is longer than 10 characters, the limit when requestid is used.", "bId");
            }

            var answer = Json.Object();
            answer["bId"] = bId;
            try
            {
                if (Json.String(item, "Query") is { } text)
                {
                    answer["QueryResponse"] = query(realm, text);
                }
                else
                {
                    var (entity, entityBody) = EntityOf(item);
                    answer[entity] = write(realm, entity, Json.String(item, "operation"), null, entityBody);
                }
            }
            catch (QuickBooksFault fault)
            {
                answer["Fault"] = fault.ToFaultObject();
            }

            answers.Add(answer);
        }

        return answers;
    }

    private static (string Entity, JsonObject Body) EntityOf(JsonObject item)
    {
        foreach (var (name, value) in item)
        {
            if (EntityNames.Canonical(name) is { } entity && value is JsonObject body)
            {
                return (entity, body);
            }
        }

        throw QuickBooksFault.Invalid("A batch item needs an entity object (e.g. \"Invoice\": {...}) or a \"Query\".", "BatchItemRequest");
    }
}
