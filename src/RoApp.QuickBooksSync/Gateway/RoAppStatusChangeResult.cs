namespace RoApp.QuickBooksSync.Gateway;

/// <summary>What became of a requested status move.</summary>
public sealed record RoAppStatusChangeResult
{
    private RoAppStatusChangeResult(RoAppStatusChangeOutcome outcome, string? fromStatusId, string? rule)
    {
        Outcome = outcome;
        FromStatusId = fromStatusId;
        Rule = rule;
    }

    /// <summary>Moved, refused, or already there.</summary>
    public RoAppStatusChangeOutcome Outcome { get; }

    /// <summary>The status the invoice was in, when the host says.</summary>
    public string? FromStatusId { get; }

    /// <summary>For a refusal: the rule that forbids the move, in the host's words.</summary>
    public string? Rule { get; }

    /// <summary>The invoice moved.</summary>
    /// <param name="fromStatusId">The status it left.</param>
    public static RoAppStatusChangeResult Changed(string? fromStatusId = null) => new(RoAppStatusChangeOutcome.Changed, fromStatusId, null);

    /// <summary>The invoice was already in the status.</summary>
    public static RoAppStatusChangeResult Unchanged() => new(RoAppStatusChangeOutcome.Unchanged, null, null);

    /// <summary>The company's status transition rules forbid the move.</summary>
    /// <param name="fromStatusId">The status the invoice is in.</param>
    /// <param name="rule">The rule that forbids it, if the host can name it.</param>
    public static RoAppStatusChangeResult Refused(string fromStatusId, string? rule = null) => new(RoAppStatusChangeOutcome.Refused, fromStatusId, rule);
}

/// <summary>The outcome of a requested status move.</summary>
public enum RoAppStatusChangeOutcome
{
    /// <summary>The invoice moved.</summary>
    Changed,

    /// <summary>The invoice was already in the status.</summary>
    Unchanged,

    /// <summary>The status transition rules forbid the move.</summary>
    Refused,
}
