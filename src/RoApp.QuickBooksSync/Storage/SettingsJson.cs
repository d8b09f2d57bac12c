using System.Text.Json;
using System.Text.Json.Serialization;
using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Storage;

/// <summary>The one JSON form of <see cref="CompanySettings"/> that SQL stores persist.</summary>
public static class SettingsJson
{
    /// <summary>Serialises settings for storage.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>JSON text.</returns>
    public static string Serialize(CompanySettings settings) =>
        JsonSerializer.Serialize(settings, SettingsJsonContext.Default.CompanySettings);

    /// <summary>Reads stored settings and stamps them with the stored version.</summary>
    /// <param name="json">The stored JSON.</param>
    /// <param name="version">The stored row version.</param>
    /// <returns>The settings.</returns>
    public static CompanySettings Deserialize(string json, long version) =>
        (JsonSerializer.Deserialize(json, SettingsJsonContext.Default.CompanySettings)
         ?? throw new InvalidDataException("Stored QuickBooks settings are empty.")) with { Version = version };
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CompanySettings))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
