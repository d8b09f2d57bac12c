namespace RoApp.QuickBooksSync.Settings;

/// <summary>One thing wrong (or doubtful) in a company's settings, with the fix.</summary>
/// <param name="Field">The settings field, e.g. <c>TaxMappings[1].QuickBooksTaxCode</c>.</param>
/// <param name="Message">What is wrong, naming the values involved.</param>
/// <param name="Fix">What the user should do.</param>
/// <param name="Severity">An error blocks saving; a warning does not.</param>
public sealed record SettingsProblem(string Field, string Message, string Fix, SettingsProblemSeverity Severity = SettingsProblemSeverity.Error)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Message} {Fix}";
}

/// <summary>How serious a settings problem is.</summary>
public enum SettingsProblemSeverity
{
    /// <summary>The settings cannot work; they are not saved.</summary>
    Error,

    /// <summary>The settings work but something will likely fail or surprise later.</summary>
    Warning,
}

/// <summary>The outcome of checking settings: every problem found, at once.</summary>
/// <param name="Problems">Errors and warnings, in field order.</param>
public sealed record SettingsValidationResult(IReadOnlyList<SettingsProblem> Problems)
{
    /// <summary>Whether nothing blocks saving (warnings allowed).</summary>
    public bool IsValid => Problems.All(p => p.Severity != SettingsProblemSeverity.Error);

    /// <summary>The problems that block saving.</summary>
    public IEnumerable<SettingsProblem> Errors => Problems.Where(p => p.Severity == SettingsProblemSeverity.Error);

    /// <summary>The problems that do not block saving.</summary>
    public IEnumerable<SettingsProblem> Warnings => Problems.Where(p => p.Severity == SettingsProblemSeverity.Warning);
}

/// <summary>Settings cannot be used as they are: the problems say which fields and the fix.</summary>
public sealed class QuickBooksSettingsException : QuickBooksException
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">The problems (at least one).</param>
    public QuickBooksSettingsException(IReadOnlyList<SettingsProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception.</summary>
    public QuickBooksSettingsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and the fix.</param>
    public QuickBooksSettingsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong and the fix.</param>
    /// <param name="innerException">The cause.</param>
    public QuickBooksSettingsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The problems found.</summary>
    public IReadOnlyList<SettingsProblem> Problems { get; } = [];

    private static string Describe(IReadOnlyList<SettingsProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return "The QuickBooks settings cannot be used: " + string.Join(" | ", problems.Select(p => p.ToString()));
    }
}
