using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Query;

/// <summary>Runs a parsed statement against one company. Callers hold the realm's gate.</summary>
internal static class QueryEvaluator
{
    /// <summary>The content of <c>QueryResponse</c>: <c>{}</c> when nothing matches, as QuickBooks answers.</summary>
    public static JsonObject Run(RealmState realm, QueryStatement statement)
    {
        var rows = realm.Table(statement.Entity).Values
            .Where(row => statement.Conditions.All(c => Matches(row, c)))
            .ToList();

        // Name lists hide inactive objects unless the query asks about Active.
        if (statement.Entity is EntityNames.Customer or EntityNames.Item or EntityNames.Account or EntityNames.Department or EntityNames.Class
            && !statement.Conditions.Any(c => string.Equals(c.Field, "Active", StringComparison.OrdinalIgnoreCase)))
        {
            rows = rows.Where(r => Json.Bool(r["Active"]) != false).ToList();
        }

        var response = Json.Object();
        if (statement.Count)
        {
            response["totalCount"] = rows.Count;
            return response;
        }

        IEnumerable<JsonObject> ordered = rows.OrderBy(r => NumericId(r));
        if (statement.OrderBy.Count > 0)
        {
            IOrderedEnumerable<JsonObject>? sorted = null;
            foreach (var order in statement.OrderBy)
            {
                var comparer = Comparer<JsonObject>.Create((a, b) => CompareValues(Value(a, order.Field), Value(b, order.Field)));
                sorted = sorted is null
                    ? (order.Descending ? ordered.OrderByDescending(r => r, comparer) : ordered.OrderBy(r => r, comparer))
                    : (order.Descending ? sorted.ThenByDescending(r => r, comparer) : sorted.ThenBy(r => r, comparer));
            }

            ordered = sorted!;
        }

        var page = ordered.Skip(statement.StartPosition - 1).Take(statement.MaxResults).ToList();
        if (page.Count == 0)
        {
            return response;
        }

        var array = Json.Array();
        foreach (var row in page)
        {
            array.Add(Json.Clone(row));
        }

        response[statement.Entity] = array;
        response["startPosition"] = statement.StartPosition;
        response["maxResults"] = page.Count;
        return response;
    }

    private static long NumericId(JsonObject row) => long.TryParse(Json.String(row, "Id"), out var id) ? id : long.MaxValue;

    private static bool Matches(JsonObject row, Condition condition)
    {
        var actual = Value(row, condition.Field);
        return condition.Operator switch
        {
            "=" => CompareValues(actual, condition.Values[0]) == 0 && actual is not null,
            "<" => actual is not null && CompareValues(actual, condition.Values[0]) < 0,
            ">" => actual is not null && CompareValues(actual, condition.Values[0]) > 0,
            "<=" => actual is not null && CompareValues(actual, condition.Values[0]) <= 0,
            ">=" => actual is not null && CompareValues(actual, condition.Values[0]) >= 0,
            "IN" => actual is not null && condition.Values.Any(v => CompareValues(actual, v) == 0),
            "LIKE" => actual is not null && Like(actual, condition.Values[0]),
            _ => false,
        };
    }

    /// <summary>
    /// A field's comparable text. Objects compare by their one meaningful value, as QuickBooks allows:
    /// a reference (<c>CustomerRef</c>) by <c>value</c>, an e-mail (<c>PrimaryEmailAddr</c>) by <c>Address</c>,
    /// a phone (<c>PrimaryPhone</c>) by <c>FreeFormNumber</c>.
    /// </summary>
    private static string? Value(JsonObject row, string field)
    {
        var node = Json.Path(row, field);
        if (node is JsonObject obj)
        {
            return Json.String(obj["value"] ?? obj["Address"] ?? obj["FreeFormNumber"]);
        }

        return Json.String(node);
    }

    private static int CompareValues(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : -1) : 1;
        }

        if (decimal.TryParse(left, NumberStyles.Float, CultureInfo.InvariantCulture, out var l)
            && decimal.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var r))
        {
            return l.CompareTo(r);
        }

        if (LooksLikeDate(left) && LooksLikeDate(right)
            && SimulatorClock.TryParse(left, out var ld) && SimulatorClock.TryParse(right, out var rd))
        {
            return ld.CompareTo(rd);
        }

        return string.Compare(left, right, StringComparison.OrdinalIgnoreCase);
    }

    private static bool LooksLikeDate(string text) => text.Length >= 10 && text[4] == '-' && text[7] == '-';

    private static bool Like(string actual, string pattern)
    {
        var regex = "^" + string.Concat(pattern.Split('%').Select(Regex.Escape).Select((part, i) => i == 0 ? part : ".*" + part)) + "$";
        return Regex.IsMatch(actual, regex, RegexOptions.IgnoreCase | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }
}
