using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>JSON helpers for stored entities: property names are matched case-insensitively, as QuickBooks does.</summary>
internal static class Json
{
    public static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    public static JsonNode? Parse(string text) => JsonNode.Parse(text, NodeOptions);

    public static JsonObject Object() => new(NodeOptions);

    public static JsonArray Array() => new(NodeOptions);

    /// <summary>Deep copy that keeps case-insensitive lookups.</summary>
    public static JsonObject Clone(JsonObject source) => (JsonObject)Parse(source.ToJsonString())!;

    public static string? String(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public static string? String(JsonObject obj, string name) => String(obj[name]);

    public static decimal? Decimal(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (value.GetValueKind() == JsonValueKind.String
            && decimal.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        return null;
    }

    public static bool? Bool(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetValue<string>(), out var b) => b,
            _ => null,
        };
    }

    /// <summary>The <c>value</c> of a reference such as <c>CustomerRef</c>; a bare string is accepted too.</summary>
    public static string? RefValue(JsonNode? node) => node switch
    {
        JsonObject obj => String(obj["value"]),
        JsonValue => String(node),
        _ => null,
    };

    public static JsonObject Ref(string value, string? name = null)
    {
        var obj = Object();
        obj["value"] = value;
        if (name is not null)
        {
            obj["name"] = name;
        }

        return obj;
    }

    public static JsonNode Money(decimal amount) => JsonValue.Create(Math.Round(amount, 2, MidpointRounding.AwayFromZero));

    public static JsonObject Obj(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = Object();
        parent[name] = created;
        return created;
    }

    /// <summary>Walks a dotted path (<c>MetaData.LastUpdatedTime</c>) case-insensitively.</summary>
    public static JsonNode? Path(JsonObject obj, string path)
    {
        JsonNode? current = obj;
        foreach (var part in path.Split('.'))
        {
            if (current is not JsonObject o)
            {
                return null;
            }

            current = o[part];
        }

        return current;
    }
}
