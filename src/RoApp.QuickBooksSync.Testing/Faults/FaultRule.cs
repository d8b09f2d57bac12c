namespace RoApp.QuickBooksSync.Testing.Faults;

/// <summary>One fault to inject: which calls, what happens, how often.</summary>
public sealed class FaultRule
{
    /// <summary>What happens to a matching call.</summary>
    public required FaultKind Kind { get; init; }

    /// <summary>Entity name (any letter case, e.g. "invoice"); null matches every entity and route.</summary>
    public string? Entity { get; init; }

    /// <summary>Which operation; <see cref="FaultOperation.Any"/> matches all.</summary>
    public FaultOperation Operation { get; init; } = FaultOperation.Any;

    /// <summary>Only this realm; null matches every realm.</summary>
    public string? RealmId { get; init; }

    /// <summary>Chance per matching call, 0 to 1, drawn from the simulator's seeded random source.</summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>At most this many injections; null is unlimited.</summary>
    public int? Times { get; init; }

    /// <summary>Delay for <see cref="FaultKind.Latency"/> and the timeout kinds (default 130 s for timeouts, past Intuit's own 120 s).</summary>
    public TimeSpan? Latency { get; init; }
}
