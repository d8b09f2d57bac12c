namespace RoApp.QuickBooksSync.Settings;

/// <summary>
/// Finds what a user typed among QuickBooks name-list objects (tax codes, locations, classes): by id first, then by
/// name (trimmed, case-insensitive), an active one before an inactive one; and, for a miss, the closest names.
/// </summary>
internal static class NameMatch
{
    public static T? Find<T>(IEnumerable<T> items, string text, Func<T, string> id, Func<T, IEnumerable<string?>> names, Func<T, bool> active)
        where T : class
    {
        var list = items as IReadOnlyList<T> ?? items.ToList();

        // Ids first: a user who typed "3" means object 3, even if some object is named "3".
        return Pick(list.Where(i => string.Equals(id(i), text, StringComparison.OrdinalIgnoreCase)), active)
               ?? Pick(list.Where(i => names(i).Any(n => n is not null && string.Equals(n.Trim(), text, StringComparison.OrdinalIgnoreCase))), active);
    }

    public static List<string> Closest(IEnumerable<string> activeNames, string text)
    {
        var upper = text.ToUpperInvariant();
        return activeNames
            .Select(name => (Name: name, Score: name.Contains(text, StringComparison.OrdinalIgnoreCase) || text.Contains(name, StringComparison.OrdinalIgnoreCase)
                ? 0
                : Distance(name.ToUpperInvariant(), upper)))
            .OrderBy(x => x.Score)
            .ThenBy(x => x.Name, StringComparer.OrdinalIgnoreCase)
            .Take(3)
            .Select(x => x.Name)
            .ToList();
    }

    private static T? Pick<T>(IEnumerable<T> candidates, Func<T, bool> active)
        where T : class
    {
        var list = candidates.ToList();
        return list.FirstOrDefault(active) ?? list.FirstOrDefault();
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
