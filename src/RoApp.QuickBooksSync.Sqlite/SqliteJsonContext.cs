using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Sqlite;

/// <summary>Lists handed to SQL as one JSON parameter (read there with <c>json_each</c>), trim- and AOT-safe.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
