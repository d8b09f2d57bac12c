using Npgsql;
using NpgsqlTypes;

namespace RoApp.QuickBooksSync.PostgreSql;

/// <summary>
/// Typed parameters (so NULLs have a type) and readers. Times are <c>timestamptz</c>, written in UTC as
/// Npgsql requires; enums are stored by name.
/// </summary>
internal static class PostgreSqlValues
{
    public static NpgsqlCommand Text(this NpgsqlCommand command, string name, string? value) => command.Add(name, NpgsqlDbType.Text, value);

    public static NpgsqlCommand Json(this NpgsqlCommand command, string name, string value) => command.Add(name, NpgsqlDbType.Jsonb, value);

    public static NpgsqlCommand Time(this NpgsqlCommand command, string name, DateTimeOffset? value) =>
        command.Add(name, NpgsqlDbType.TimestampTz, value?.ToUniversalTime());

    public static NpgsqlCommand Bigint(this NpgsqlCommand command, string name, long? value) => command.Add(name, NpgsqlDbType.Bigint, value);

    public static NpgsqlCommand Integer(this NpgsqlCommand command, string name, int value) => command.Add(name, NpgsqlDbType.Integer, value);

    public static NpgsqlCommand Boolean(this NpgsqlCommand command, string name, bool value) => command.Add(name, NpgsqlDbType.Boolean, value);

    public static NpgsqlCommand Bytes(this NpgsqlCommand command, string name, byte[] value) => command.Add(name, NpgsqlDbType.Bytea, value);

    public static NpgsqlCommand TextArray(this NpgsqlCommand command, string name, string[] value) =>
        command.Add(name, NpgsqlDbType.Array | NpgsqlDbType.Text, value);

    public static DateTimeOffset Time(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static TEnum Enum<TEnum>(NpgsqlDataReader reader, int ordinal)
        where TEnum : struct, Enum => System.Enum.Parse<TEnum>(reader.GetString(ordinal));

    private static NpgsqlCommand Add(this NpgsqlCommand command, string name, NpgsqlDbType type, object? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }
}
