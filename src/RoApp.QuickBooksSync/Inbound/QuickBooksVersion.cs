using System.Globalization;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// Orders versions of one QuickBooks object: by <c>LastUpdatedTime</c>, then by <c>SyncToken</c>, because
/// QuickBooks stamps times to the second and two changes can share one.
/// </summary>
internal static class QuickBooksVersion
{
    /// <summary>Whether the current version is the applied one or older (so there is nothing new to apply).</summary>
    public static bool IsNotNewer(DateTimeOffset? appliedTime, string? appliedToken, DateTimeOffset? currentTime, string? currentToken)
    {
        if (appliedTime is not { } applied || currentTime is not { } current)
        {
            return false;
        }

        if (current != applied)
        {
            return current < applied;
        }

        return Token(currentToken) is { } now && Token(appliedToken) is { } before ? now <= before : string.Equals(currentToken, appliedToken, StringComparison.Ordinal);
    }

    private static long? Token(string? token) =>
        long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
