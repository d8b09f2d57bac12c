using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// Reads a webhook body in either of Intuit's formats, told apart by shape: an object with
/// <c>eventNotifications</c> (legacy), or a JSON array of CloudEvents (one object with <c>specversion</c>
/// is accepted too). Never throws on bad input: it says what is wrong instead. Identifiers (realm, entity
/// id and name, event id and type) must be short printable ASCII, as Intuit's are, so nothing odd reaches
/// the queue, the store keys or a log line; text is checked to be valid UTF-8 and UTF-16 before it is read.
/// </summary>
internal static class WebhookPayloadParser
{
    private const int MaxIdLength = 64;
    private const int MaxLongIdLength = 256;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>The events of a body, or why the body cannot be read.</summary>
    public static (IReadOnlyList<InboundEvent> Events, string? Error) Parse(ReadOnlyMemory<byte> body)
    {
        if (!Utf8.IsValid(body.Span))
        {
            return ([], "The body is not valid UTF-8.");
        }

        try
        {
            return ParseJson(body);
        }
        catch (InvalidOperationException exception)
        {
            // Reading a string with an escaped lone surrogate (\uD800) or an invalid escape lands here.
            return ([], $"The body holds a string that is not valid text ({exception.Message}).");
        }
        catch (ArgumentException exception)
        {
            return ([], $"The body holds a value that cannot be read ({exception.Message}).");
        }
        catch (FormatException exception)
        {
            return ([], $"The body holds a value that cannot be read ({exception.Message}).");
        }
    }

    private static (IReadOnlyList<InboundEvent> Events, string? Error) ParseJson(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException exception)
        {
            return ([], $"The body is not valid JSON ({exception.Message}).");
        }

        using (document)
        {
            var root = document.RootElement;
            var events = new List<InboundEvent>();
            string? error = root.ValueKind switch
            {
                JsonValueKind.Array => ReadCloudEvents(root, events),
                JsonValueKind.Object when TryGetProperty(root, "eventNotifications", out var notifications) => ReadLegacy(notifications, events),
                JsonValueKind.Object when TryGetProperty(root, "specversion", out _) => ReadCloudEvent(root, events),
                _ => "The body is neither Intuit's legacy format (an object with 'eventNotifications') nor a CloudEvents array.",
            };
            return error is null ? (events, null) : ([], error);
        }
    }

    private static string? ReadLegacy(JsonElement notifications, List<InboundEvent> events)
    {
        if (notifications.ValueKind != JsonValueKind.Array)
        {
            return "'eventNotifications' is not an array.";
        }

        foreach (var notification in notifications.EnumerateArray())
        {
            if (notification.ValueKind != JsonValueKind.Object || String(notification, "realmId") is not { Length: > 0 } realm)
            {
                return "An entry of 'eventNotifications' has no 'realmId'.";
            }

            if (!IsIdentifier(realm, MaxIdLength))
            {
                return BadIdentifier("realmId");
            }

            if (!TryGetProperty(notification, "dataChangeEvent", out var change) || !TryGetProperty(change, "entities", out var entities)
                || entities.ValueKind != JsonValueKind.Array)
            {
                return $"The notification of realm {realm} has no 'dataChangeEvent.entities' array.";
            }

            foreach (var entity in entities.EnumerateArray())
            {
                var name = entity.ValueKind == JsonValueKind.Object ? String(entity, "name") : null;
                var id = entity.ValueKind == JsonValueKind.Object ? String(entity, "id") : null;
                if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(id))
                {
                    return $"An entity of realm {realm} lacks 'name' or 'id'.";
                }

                if (!IsIdentifier(name, MaxIdLength) || !IsIdentifier(id, MaxIdLength))
                {
                    return BadIdentifier($"an entity's 'name' or 'id' (realm {realm})");
                }

                events.Add(new InboundEvent
                {
                    RealmId = realm,
                    Entity = name,
                    EntityId = id,
                    Operation = InboundOperations.Parse(String(entity, "operation")),
                    OccurredAt = Time(String(entity, "lastUpdated")),
                    Source = InboundSource.Webhook,
                });
            }
        }

        return null;
    }

    private static string? ReadCloudEvents(JsonElement array, List<InboundEvent> events)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return "A CloudEvents array holds something that is not an object.";
            }

            if (ReadCloudEvent(item, events) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ReadCloudEvent(JsonElement item, List<InboundEvent> events)
    {
        var id = String(item, "id");
        var type = String(item, "type");
        var realm = String(item, "intuitaccountid");
        var entityId = String(item, "intuitentityid");
        if (id is not null && !IsIdentifier(id, MaxLongIdLength))
        {
            return BadIdentifier("a CloudEvent's 'id'");
        }

        if (string.IsNullOrWhiteSpace(type) || string.IsNullOrWhiteSpace(realm) || string.IsNullOrWhiteSpace(entityId))
        {
            return $"A CloudEvent{(id is null ? string.Empty : " " + id)} lacks 'type', 'intuitaccountid' or 'intuitentityid'.";
        }

        if (!IsIdentifier(type, MaxLongIdLength) || !IsIdentifier(realm, MaxIdLength) || !IsIdentifier(entityId, MaxIdLength))
        {
            return BadIdentifier($"CloudEvent{(id is null ? string.Empty : " " + id)}'s 'type', 'intuitaccountid' or 'intuitentityid'");
        }

        // qbo.<entity>.<verb>.v<n>: read from the end (entity, verb, optional version), tolerant of case, of
        // a missing version and of a longer prefix.
        var parts = type.Split('.', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count > 0 && IsVersion(parts[^1]))
        {
            parts.RemoveAt(parts.Count - 1);
        }

        if (parts.Count < 2)
        {
            return $"The CloudEvent type '{type}' is not of the form qbo.<entity>.<verb>.v1.";
        }

        events.Add(new InboundEvent
        {
            RealmId = realm,
            Entity = EntityName(parts[^2]),
            EntityId = entityId,
            Operation = InboundOperations.Parse(parts[^1]),
            OccurredAt = Time(String(item, "time")),
            EventId = string.IsNullOrWhiteSpace(id) ? null : id,
            Source = InboundSource.Webhook,
        });
        return null;
    }

    // Intuit's ids are digits and its names and types ASCII words: anything else is refused, not queued.
    private static bool IsIdentifier(string value, int maxLength) =>
        value.Length > 0 && value.Length <= maxLength && value.AsSpan().IndexOfAnyExceptInRange('!', '~') < 0;

    private static string BadIdentifier(string what) =>
        $"The value of {what} is not an identifier as Intuit sends them (1 to {MaxIdLength} printable ASCII characters; event ids and types up to {MaxLongIdLength}).";

    private static bool IsVersion(string part) =>
        part.Length > 1 && (part[0] == 'v' || part[0] == 'V') && part.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>CloudEvents name entities in lower case; the rest of the library uses QuickBooks' own casing.</summary>
    private static string EntityName(string name) => name.ToUpperInvariant() switch
    {
        "INVOICE" => "Invoice",
        "PAYMENT" => "Payment",
        "REFUNDRECEIPT" => "RefundReceipt",
        "CREDITMEMO" => "CreditMemo",
        _ => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..],
    };

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    private static string? String(JsonElement element, string name) =>
        TryGetProperty(element, name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),

            // Ids arrive as strings; a plain integer is tolerated, anything else (1e999999, -0.5) is not an id.
            JsonValueKind.Number when value.GetRawText() is var raw && raw.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0 => raw,
            _ => null,
        } : null;

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
