namespace RoApp.QuickBooksSync.Testing.Query;

/// <summary>A parsed <c>select</c> statement.</summary>
internal sealed record QueryStatement(
    string Entity,
    bool Count,
    IReadOnlyList<Condition> Conditions,
    IReadOnlyList<Ordering> OrderBy,
    int StartPosition,
    int MaxResults);

/// <summary><c>field op value</c>; for <c>IN</c> the values are the list.</summary>
internal sealed record Condition(string Field, string Operator, IReadOnlyList<string> Values);

internal sealed record Ordering(string Field, bool Descending);
