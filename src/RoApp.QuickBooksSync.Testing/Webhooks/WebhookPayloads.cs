using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Webhooks;

/// <summary>Builds the two payload formats and the <c>intuit-signature</c>.</summary>
internal static class WebhookPayloads
{
    /// <summary>One payload for several events: legacy groups them per realm, CloudEvents lists them.</summary>
    public static byte[] Build(WebhookFormat format, IReadOnlyList<(EntityChange Change, string EventId)> events)
    {
        JsonNode payload;
        if (format == WebhookFormat.CloudEvents)
        {
            var array = new JsonArray();
            foreach (var (change, eventId) in events)
            {
                array.Add(CloudEvent(change, eventId));
            }

            payload = array;
        }
        else
        {
            var notifications = new JsonArray();
            foreach (var realm in events.GroupBy(e => e.Change.RealmId))
            {
                var entities = new JsonArray();
                foreach (var (change, _) in realm)
                {
                    entities.Add(new JsonObject
                    {
                        ["name"] = change.Entity,
                        ["id"] = change.Id,
                        ["operation"] = change.Operation,
                        ["lastUpdated"] = Utc(change.Time),
                    });
                }

                notifications.Add(new JsonObject
                {
                    ["realmId"] = realm.Key,
                    ["dataChangeEvent"] = new JsonObject { ["entities"] = entities },
                });
            }

            payload = new JsonObject { ["eventNotifications"] = notifications };
        }

        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    private static JsonObject CloudEvent(EntityChange change, string eventId)
    {
        var verb = change.Operation switch
        {
            "Create" => "created",
            "Delete" => "deleted",
            "Void" => "voided",
            "Merge" => "merged",
            _ => "updated",
        };
        return new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = eventId,
            ["source"] = "//quickbooks.api.intuit.com/simulator",
            ["type"] = $"qbo.{change.Entity.ToLowerInvariant()}.{verb}.v1",
            ["datacontenttype"] = "application/json",
            ["time"] = Utc(change.Time),
            ["intuitentityid"] = change.Id,
            ["intuitaccountid"] = change.RealmId,
            ["data"] = new JsonObject(),
        };
    }

    private static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Sign(ReadOnlySpan<byte> body, string verifierToken) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(verifierToken), body));

    public static string EventId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
