using System.Globalization;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>The simulator's notion of now, and QuickBooks' way of writing times (company-local with offset).</summary>
internal sealed class SimulatorClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();

    public static string Format(DateTimeOffset instant, TimeSpan offset) =>
        instant.ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static string FormatDate(DateTimeOffset instant, TimeSpan offset) =>
        instant.ToOffset(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
}
