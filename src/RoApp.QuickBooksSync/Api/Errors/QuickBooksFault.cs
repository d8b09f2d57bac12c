using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>The <c>Fault</c> object of a QuickBooks answer (parsed case-insensitively).</summary>
internal sealed class QuickBooksFault
{
    [JsonPropertyName("Error")]
    public List<QuickBooksFaultError>? Errors { get; set; }

    public string? Type { get; set; }
}

/// <summary>One error of a fault.</summary>
internal sealed class QuickBooksFaultError
{
    public string? Message { get; set; }

    public string? Detail { get; set; }

    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? Code { get; set; }

    public string? Element { get; set; }
}

/// <summary>Reads a fault code whether QuickBooks sent it as a string or a number.</summary>
internal sealed class StringOrNumberConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"A fault code must be a string or a number, not {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
