namespace RoApp.QuickBooksSync.Testing.Faults;

/// <summary>The simulator's fault rules. Choices come from a seeded random source, so a run repeats.</summary>
public sealed class FaultInjection
{
    private readonly object _gate = new();
    private readonly List<(FaultRule Rule, int Used)> _rules = [];
    private readonly Random _random;
    private int _injected;

    internal FaultInjection(int seed) => _random = new Random(seed);

    /// <summary>How many faults were injected so far.</summary>
    public int InjectedCount
    {
        get
        {
            lock (_gate)
            {
                return _injected;
            }
        }
    }

    /// <summary>Adds a rule; earlier rules are checked first.</summary>
    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Probability is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.Probability, "FaultRule.Probability must be between 0 and 1.");
        }

        lock (_gate)
        {
            _rules.Add((rule, 0));
        }
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    internal FaultRule? Pick(string? realmId, string? entity, FaultOperation operation)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, used) = _rules[i];
                if ((rule.Times is { } times && used >= times)
                    || (rule.RealmId is not null && rule.RealmId != realmId)
                    || (rule.Entity is not null && !string.Equals(rule.Entity, entity, StringComparison.OrdinalIgnoreCase))
                    || (rule.Operation != FaultOperation.Any && rule.Operation != operation))
                {
                    continue;
                }

                if (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                _rules[i] = (rule, used + 1);
                _injected++;
                return rule;
            }
        }

        return null;
    }
}
