using System.Globalization;

namespace RoApp.QuickBooksSync.Benchmarks.Cluster;

/// <summary>Which store the host processes share.</summary>
internal enum ClusterStoreKind
{
    PostgreSql,
    Sqlite,
}

/// <summary>
/// The command line of the <c>cluster</c> verb:
/// <c>cluster [--hosts 3] [--store postgres|sqlite] [--invoices 1000] [--seed 1] [--custom-numbers on|off] [--seconds N] [--kill-every S] [--short]</c>.
/// </summary>
internal sealed record ClusterOptions
{
    public int Hosts { get; init; } = 3;

    public ClusterStoreKind Store { get; init; } = ClusterStoreKind.PostgreSql;

    public int Invoices { get; init; } = 1000;

    public int Seed { get; init; } = 1;

    public bool CustomNumbers { get; init; }

    /// <summary>Longest time the drivers (and the killer) run before the drain; the run ends earlier when the drivers are done.</summary>
    public int? Seconds { get; init; }

    /// <summary>Seconds between two kills (the next one is drawn between this and twice this).</summary>
    public double KillEvery { get; init; } = 4;

    /// <summary>At most this many kills; null is unlimited (until the drivers are done).</summary>
    public int? MaxKills { get; init; }

    public bool Short { get; init; }

    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"{Hosts} hosts on {(Store == ClusterStoreKind.PostgreSql ? "PostgreSQL" : "SQLite")}, {Invoices} invoices, custom numbers {(CustomNumbers ? "on" : "off")}, seed {Seed}");

    public static ClusterOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ClusterOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--hosts" => options with { Hosts = NextInt() },
                "--store" => options with
                {
                    Store = Next() switch
                    {
                        "postgres" or "postgresql" => ClusterStoreKind.PostgreSql,
                        "sqlite" => ClusterStoreKind.Sqlite,
                        var other => throw new ArgumentException($"--store {other}: use postgres or sqlite."),
                    },
                },
                "--invoices" => options with { Invoices = NextInt() },
                "--seed" => options with { Seed = NextInt() },
                "--custom-numbers" => options with
                {
                    CustomNumbers = Next() switch
                    {
                        "on" => true,
                        "off" => false,
                        var other => throw new ArgumentException($"--custom-numbers {other}: use on or off."),
                    },
                },
                "--seconds" => options with { Seconds = NextInt() },
                "--kill-every" => options with { KillEvery = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--kills" => options with { MaxKills = NextInt() },
                "--short" => options with { Short = true },
                var other => throw new ArgumentException($"Unknown option {other}."),
            };
        }

        if (options.Hosts is < 1 or > 8 || options.Invoices is < 10 or > 20_000)
        {
            throw new ArgumentException("--hosts must be 1 to 8 and --invoices 10 to 20000.");
        }

        return options;
    }
}
