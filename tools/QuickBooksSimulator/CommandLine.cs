using System.Globalization;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.Tools.Simulator;

/// <summary>The command line, parsed by hand to keep the tool free of dependencies.</summary>
internal sealed class CommandLine
{
    public const string Usage = """
        QuickBooks Online simulator

        Usage: QuickBooksSimulator [options]
          --port <n>                 TCP port on localhost (default 5099; 0 picks a free one)
          --profile <p>              us | us-ast | ca | gb (default us)
          --custom-numbers <on|off>  custom transaction numbers preference (default on)
          --realm <id>               realm id of the seeded company (default generated)
          --client-id <id>           OAuth client id (default simulator-client-id)
          --client-secret <secret>   OAuth client secret (default simulator-client-secret)
          --verifier-token <token>   webhook verifier token (default simulator-verifier-token)
          --redirect-uri <uri>       registered redirect URI (repeatable; none = accept any)
          --webhook-url <url>        POST signed webhooks to this URL
          --webhook-format <f>       legacy | cloudevents (default legacy)
          --webhook-batch <n>        up to n waiting events per delivery (default 1)
          --no-limits                turn off the per-realm rate limits
          --requests-per-minute <n>  per-realm requests per rolling minute (default 500, as Intuit)
          --max-in-flight <n>        per-realm requests in flight at once (default 10, as Intuit)
          --batches-per-minute <n>   per-realm batch requests per rolling minute (default 40, as Intuit)
          --latency <ms>             answer every API call after this many milliseconds (default 0; Intuit: about 300)
          --latency-jitter <ms>      spread each call's latency uniformly by plus or minus this (default 0)
          --help                     show this text
        """;

    public int Port { get; private set; } = 5099;

    public CompanyProfile Profile { get; private set; } = CompanyProfile.UnitedStates;

    public bool CustomNumbers { get; private set; } = true;

    public string? RealmId { get; private set; }

    public string? ClientId { get; private set; }

    public string? ClientSecret { get; private set; }

    public string? VerifierToken { get; private set; }

    public List<string> RedirectUris { get; } = [];

    public Uri? WebhookUrl { get; private set; }

    public WebhookFormat WebhookFormat { get; private set; } = WebhookFormat.Legacy;

    public int WebhookBatch { get; private set; } = 1;

    public bool NoLimits { get; private set; }

    public int? RequestsPerMinute { get; private set; }

    public int? MaxInFlight { get; private set; }

    public int? BatchesPerMinute { get; private set; }

    public int LatencyMilliseconds { get; private set; }

    public int LatencyJitterMilliseconds { get; private set; }

    public bool Help { get; private set; }

    public static CommandLine Parse(string[] args)
    {
        var result = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++i];
            }

            switch (name)
            {
                case "--port":
                    result.Port = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
                        ? port
                        : throw new ArgumentException("--port must be a number from 0 to 65535.");
                    break;
                case "--profile":
                    result.Profile = Value().ToLowerInvariant() switch
                    {
                        "us" => CompanyProfile.UnitedStates,
                        "us-ast" => CompanyProfile.UnitedStatesAutomatedSalesTax,
                        "ca" => CompanyProfile.Canada,
                        "gb" or "uk" => CompanyProfile.UnitedKingdom,
                        var other => throw new ArgumentException($"--profile '{other}' is not one of us, us-ast, ca, gb."),
                    };
                    break;
                case "--custom-numbers":
                    result.CustomNumbers = Value().ToLowerInvariant() switch
                    {
                        "on" or "true" => true,
                        "off" or "false" => false,
                        var other => throw new ArgumentException($"--custom-numbers '{other}' must be on or off."),
                    };
                    break;
                case "--realm":
                    result.RealmId = Value();
                    break;
                case "--client-id":
                    result.ClientId = Value();
                    break;
                case "--client-secret":
                    result.ClientSecret = Value();
                    break;
                case "--verifier-token":
                    result.VerifierToken = Value();
                    break;
                case "--redirect-uri":
                    result.RedirectUris.Add(Value());
                    break;
                case "--webhook-url":
                    result.WebhookUrl = Uri.TryCreate(Value(), UriKind.Absolute, out var url)
                        ? url
                        : throw new ArgumentException("--webhook-url must be an absolute URL such as http://localhost:5000/webhooks/quickbooks.");
                    break;
                case "--webhook-format":
                    result.WebhookFormat = Value().ToLowerInvariant() switch
                    {
                        "legacy" => WebhookFormat.Legacy,
                        "cloudevents" => WebhookFormat.CloudEvents,
                        var other => throw new ArgumentException($"--webhook-format '{other}' must be legacy or cloudevents."),
                    };
                    break;
                case "--webhook-batch":
                    result.WebhookBatch = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var batch) && batch >= 1
                        ? batch
                        : throw new ArgumentException("--webhook-batch must be a whole number of at least 1.");
                    break;
                case "--no-limits":
                    result.NoLimits = true;
                    break;
                case "--requests-per-minute":
                    result.RequestsPerMinute = Positive(name, Value());
                    break;
                case "--max-in-flight":
                    result.MaxInFlight = Positive(name, Value());
                    break;
                case "--batches-per-minute":
                    result.BatchesPerMinute = Positive(name, Value());
                    break;
                case "--latency":
                    result.LatencyMilliseconds = NotNegative(name, Value());
                    break;
                case "--latency-jitter":
                    result.LatencyJitterMilliseconds = NotNegative(name, Value());
                    break;
                case "--help" or "-h":
                    result.Help = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'. Run with --help for the list.");
            }
        }

        return result;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw new ArgumentException($"{name} must be a whole number of at least 1.");

    private static int NotNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new ArgumentException($"{name} must be a whole number of milliseconds, 0 or more (e.g. 300).");
}
