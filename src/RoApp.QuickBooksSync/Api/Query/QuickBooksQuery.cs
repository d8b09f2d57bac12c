using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Serialization;

namespace RoApp.QuickBooksSync.Api.Query;

/// <summary>
/// Builds a QuickBooks query statement (<c>SELECT * FROM Customer WHERE DisplayName = 'O\'Brien'</c>)
/// with every value quoted and escaped, so user-typed names can neither break nor extend the statement.
/// QuickBooks supports only AND between conditions; there is no OR.
/// </summary>
public sealed partial class QuickBooksQuery
{
    /// <summary>The largest page QuickBooks serves.</summary>
    public const int MaxPageSize = 1000;

    private readonly List<string> _conditions = [];
    private string? _orderBy;
    private bool _count;

    private QuickBooksQuery(string entityName) => EntityName = entityName;

    /// <summary>The entity queried, e.g. <c>Invoice</c>.</summary>
    public string EntityName { get; }

    /// <summary>The 1-based position of the first row, when set.</summary>
    public int? StartPosition { get; private set; }

    /// <summary>The page size, when set (at most <see cref="MaxPageSize"/>).</summary>
    public int? MaxResults { get; private set; }

    /// <summary>Starts a query over an entity type.</summary>
    /// <typeparam name="T">The entity, e.g. <see cref="Customer"/>.</typeparam>
    /// <returns>The builder.</returns>
    public static QuickBooksQuery From<T>()
        where T : QuickBooksEntity => new(EntityDescriptor<T>.Value.Name);

    /// <summary>Adds <c>field op 'value'</c>.</summary>
    /// <param name="field">The field, e.g. <c>DisplayName</c> or <c>MetaData.LastUpdatedTime</c>.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="value">The value; quoted and escaped.</param>
    /// <returns>The builder.</returns>
    public QuickBooksQuery Where(string field, QueryOperator op, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return AddCondition(field, op, Quote(value));
    }

    /// <summary>Adds <c>field op 'number'</c>.</summary>
    /// <param name="field">The field, e.g. <c>TotalAmt</c>.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="value">The number.</param>
    /// <returns>The builder.</returns>
    public QuickBooksQuery Where(string field, QueryOperator op, decimal value) =>
        AddCondition(field, op, Quote(value.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Adds <c>field op 'yyyy-MM-dd'</c>.</summary>
    /// <param name="field">The field, e.g. <c>TxnDate</c>.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="value">The date.</param>
    /// <returns>The builder.</returns>
    public QuickBooksQuery Where(string field, QueryOperator op, DateOnly value) =>
        AddCondition(field, op, Quote(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    /// <summary>Adds <c>field op 'date-time'</c> (ISO 8601 with offset).</summary>
    /// <param name="field">The field, e.g. <c>MetaData.LastUpdatedTime</c>.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="value">The moment.</param>
    /// <returns>The builder.</returns>
    public QuickBooksQuery Where(string field, QueryOperator op, DateTimeOffset value) =>
        AddCondition(field, op, Quote(FormatDateTime(value)));

    /// <summary>Adds <c>field = true|false</c>.</summary>
    /// <param name="field">The field, e.g. <c>Active</c>.</param>
    /// <param name="value">The flag.</param>
    /// <returns>The builder.</returns>
    public QuickBooksQuery Where(string field, bool value) =>
        AddCondition(field, QueryOperator.Equal, value ? "true" : "false");

    /// <summary>Adds <c>field IN ('a', 'b')</c>.</summary>
    /// <param name="field">The field, e.g. <c>Id</c>.</param>
    /// <param name="values">At least one value; each quoted and escaped.</param>
    /// <returns>The builder.</returns>
    public QuickBooksQuery WhereIn(string field, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var quoted = values.Select(Quote).ToArray();
        if (quoted.Length == 0)
        {
            throw new ArgumentException($"An IN condition on {field} needs at least one value.", nameof(values));
        }

        _conditions.Add($"{CheckField(field)} IN ({string.Join(", ", quoted)})");
        return this;
    }

    /// <summary>Adds <c>field LIKE 'pattern'</c>; <c>%</c> is the only wildcard QuickBooks knows.</summary>
    /// <param name="field">The field, e.g. <c>DisplayName</c>.</param>
    /// <param name="pattern">The pattern, e.g. <c>O'Brien%</c>; quotes are escaped.</param>
    /// <returns>The builder.</returns>
    public QuickBooksQuery WhereLike(string field, string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return AddCondition(field, QueryOperator.Like, Quote(pattern));
    }

    /// <summary>Orders the rows.</summary>
    /// <param name="field">The field to order by.</param>
    /// <param name="descending">Largest first.</param>
    /// <returns>The builder.</returns>
    public QuickBooksQuery OrderBy(string field, bool descending = false)
    {
        _orderBy = CheckField(field) + (descending ? " DESC" : string.Empty);
        return this;
    }

    /// <summary>Asks for one page.</summary>
    /// <param name="startPosition">The 1-based first row.</param>
    /// <param name="maxResults">The page size, 1 to <see cref="MaxPageSize"/>.</param>
    /// <returns>The builder.</returns>
    public QuickBooksQuery Page(int startPosition, int maxResults)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(startPosition, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxResults, MaxPageSize);
        StartPosition = startPosition;
        MaxResults = maxResults;
        return this;
    }

    /// <summary>Turns the query into <c>SELECT COUNT(*)</c>; the answer carries only the total.</summary>
    /// <returns>The builder.</returns>
    public QuickBooksQuery Count()
    {
        _count = true;
        return this;
    }

    /// <summary>The statement as sent to QuickBooks.</summary>
    /// <returns>The statement.</returns>
    public override string ToString() => Build(StartPosition, MaxResults);

    internal string Build(int? startPosition, int? maxResults)
    {
        var text = new StringBuilder(_count ? "SELECT COUNT(*) FROM " : "SELECT * FROM ").Append(EntityName);
        if (_conditions.Count > 0)
        {
            text.Append(" WHERE ").AppendJoin(" AND ", _conditions);
        }

        if (_orderBy is not null)
        {
            text.Append(" ORDERBY ").Append(_orderBy);
        }

        if (startPosition is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" STARTPOSITION {startPosition}");
        }

        if (maxResults is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" MAXRESULTS {maxResults}");
        }

        return text.ToString();
    }

    internal static string FormatDateTime(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Quotes a value for a statement: backslashes and single quotes are escaped with a backslash.</summary>
    internal static string Quote(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private QuickBooksQuery AddCondition(string field, QueryOperator op, string literal)
    {
        _conditions.Add($"{CheckField(field)} {Symbol(op)} {literal}");
        return this;
    }

    private static string Symbol(QueryOperator op) => op switch
    {
        QueryOperator.Equal => "=",
        QueryOperator.LessThan => "<",
        QueryOperator.GreaterThan => ">",
        QueryOperator.LessThanOrEqual => "<=",
        QueryOperator.GreaterThanOrEqual => ">=",
        QueryOperator.Like => "LIKE",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Use one of the QueryOperator values."),
    };

    // Field names cannot be quoted, so they are checked instead: a name with spaces or quotes could extend the statement.
    private static string CheckField(string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return FieldName().IsMatch(field)
            ? field
            : throw new ArgumentException(
                $"'{field}' is not a QuickBooks field name; use letters, digits and dots, e.g. DisplayName or MetaData.LastUpdatedTime.",
                nameof(field));
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$")]
    private static partial Regex FieldName();
}

/// <summary>A comparison in a QuickBooks query.</summary>
public enum QueryOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&gt;</c></summary>
    GreaterThan,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual,

    /// <summary><c>LIKE</c> with <c>%</c> wildcards.</summary>
    Like,
}

/// <summary>One page of query results.</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <param name="Items">The rows of the page (empty when nothing matched).</param>
/// <param name="StartPosition">The 1-based position of the first row, as QuickBooks reported it.</param>
/// <param name="MaxResults">The number of rows QuickBooks reported.</param>
/// <param name="TotalCount">The total, for <c>COUNT(*)</c> queries.</param>
public sealed record QuickBooksQueryPage<T>(IReadOnlyList<T> Items, int StartPosition, int MaxResults, int? TotalCount);
