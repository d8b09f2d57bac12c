using System.Text.Json;
using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>
/// What every QuickBooks Online object carries: its id, its <c>SyncToken</c> (the optimistic
/// concurrency counter), its timestamps and every field this library does not model.
/// </summary>
public abstract class QuickBooksEntity
{
    /// <summary>The QuickBooks id; empty on objects not yet created.</summary>
    public string? Id { get; set; }

    /// <summary>The version counter QuickBooks checks on every update (stale → fault 5010).</summary>
    public string? SyncToken { get; set; }

    /// <summary>
    /// <see langword="true"/> on a sparse update (only the fields sent change). The client sets it for
    /// sparse updates and clears it for full updates.
    /// </summary>
    [JsonPropertyName("sparse")]
    public bool? Sparse { get; set; }

    /// <summary>Creation and last-update times (read-only).</summary>
    public ModificationMetaData? MetaData { get; set; }

    /// <summary>
    /// Fields QuickBooks sent that this library does not model. Kept so that a full update sends them
    /// back instead of setting them to null.
    /// </summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Creation and last-update times of an object.</summary>
public sealed class ModificationMetaData
{
    /// <summary>When the object was created.</summary>
    public DateTimeOffset? CreateTime { get; set; }

    /// <summary>When the object last changed.</summary>
    public DateTimeOffset? LastUpdatedTime { get; set; }

    /// <summary>Fields not modelled here, kept for round trips.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
