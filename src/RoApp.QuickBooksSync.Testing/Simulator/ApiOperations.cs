using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;
using RoApp.QuickBooksSync.Testing.Query;

namespace RoApp.QuickBooksSync.Testing.Simulator;

/// <summary>The entity operations a request or batch item names. Callers hold the realm's gate.</summary>
internal static class ApiOperations
{
    /// <summary>POST to an entity with <c>operation</c> (none, update, delete, void) and <c>include</c> (void).</summary>
    public static JsonObject Write(RealmState realm, string entity, string? operation, string? include, JsonObject body)
    {
        var op = operation?.ToLowerInvariant();
        return op switch
        {
            null or "create" or "" => (Json.String(body, "Id") is null && entity != EntityNames.Preferences) || op == "create"
                ? EntityEngine.Create(realm, entity, body)
                : EntityEngine.Update(realm, entity, body),
            "update" when string.Equals(include, "void", StringComparison.OrdinalIgnoreCase) => EntityEngine.Void(realm, entity, body),
            "update" => EntityEngine.Update(realm, entity, body),
            "delete" => Removal(realm, entity, body, "deleted", EntityEngine.Delete),
            "void" => Removal(realm, entity, body, "voided", EntityEngine.Void),
            _ => throw QuickBooksFault.Invalid($"operation '{operation}' is not supported; use update, delete or void.", "operation"),
        };
    }

    private static JsonObject Removal(RealmState realm, string entity, JsonObject body, string verb, Func<RealmState, string, JsonObject, JsonObject> operation)
    {
        InvoiceRemovalRules.EnsureNoPaymentsApplied(realm, entity, Json.String(body, "Id"), verb);
        return operation(realm, entity, body);
    }

    public static JsonObject Query(RealmState realm, string text) => QueryEvaluator.Run(realm, QueryParser.Parse(text));
}
