using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Webhooks;

/// <summary>Builds the two payload formats and the <c>intuit-signature</c>.</summary>
internal static class WebhookPayloads
{
    public static byte[] Build(WebhookFormat format, EntityChange change, string eventId)
    {
        var lastUpdated = change.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        JsonNode payload;
        if (format == WebhookFormat.CloudEvents)
        {
            var verb = change.Operation switch
            {
                "Create" => "created",
                "Delete" => "deleted",
                "Void" => "voided",
                "Merge" => "merged",
                _ => "updated",
            };
            payload = new JsonArray(new JsonObject
            {
                ["specversion"] = "1.0",
                ["id"] = eventId,
                ["source"] = "//quickbooks.api.intuit.com/simulator",
                ["type"] = $"qbo.{change.Entity.ToLowerInvariant()}.{verb}.v1",
                ["datacontenttype"] = "application/json",
                ["time"] = lastUpdated,
                ["intuitentityid"] = change.Id,
                ["intuitaccountid"] = change.RealmId,
                ["data"] = new JsonObject(),
            });
        }
        else
        {
            payload = new JsonObject
            {
                ["eventNotifications"] = new JsonArray(new JsonObject
                {
                    ["realmId"] = change.RealmId,
                    ["dataChangeEvent"] = new JsonObject
                    {
                        ["entities"] = new JsonArray(new JsonObject
                        {
                            ["name"] = change.Entity,
                            ["id"] = change.Id,
                            ["operation"] = change.Operation,
                            ["lastUpdated"] = lastUpdated,
                        }),
                    },
                }),
            };
        }

        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    public static string Sign(ReadOnlySpan<byte> body, string verifierToken) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(verifierToken), body));

    public static string EventId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
