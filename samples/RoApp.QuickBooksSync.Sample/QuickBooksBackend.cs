using Microsoft.Extensions.Configuration;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Sample;

/// <summary>
/// The QuickBooks the sample talks to. With no client id configured it starts the simulator in this process
/// (zero accounts, zero setup); otherwise it uses what the configuration names: the command-line simulator
/// (base URLs pointing at it) or an Intuit sandbox company (client id, secret and redirect URI of a developer app).
/// </summary>
internal sealed class QuickBooksBackend : IAsyncDisposable
{
    /// <summary>The redirect URI used when none is configured; the in-process simulator accepts any.</summary>
    public static readonly Uri DefaultRedirectUri = new("http://localhost:5080/quickbooks/callback");

    private QuickBooksBackend(QuickBooksSimulator? simulator, SimulatedCompany? company, string description)
    {
        Simulator = simulator;
        Company = company;
        Description = description;
    }

    /// <summary>The in-process simulator, when the sample runs on it.</summary>
    public QuickBooksSimulator? Simulator { get; }

    /// <summary>The simulated QuickBooks company, when the sample runs on the in-process simulator.</summary>
    public SimulatedCompany? Company { get; }

    public bool InProcess => Simulator is not null;

    public string Description { get; }

    public static QuickBooksBackend Start(IConfiguration configuration)
    {
        var section = configuration.GetSection(QuickBooksSyncOptions.SectionName);
        if (!string.IsNullOrWhiteSpace(section[nameof(QuickBooksSyncOptions.ClientId)]))
        {
            var options = section.Get<QuickBooksSyncOptions>() ?? new QuickBooksSyncOptions();
            var where = options.ApiBaseUrl is { } url ? $"QuickBooks at {url}" : $"Intuit's {options.Environment.ToString().ToLowerInvariant()} QuickBooks";
            return new QuickBooksBackend(null, null, where);
        }

        var simulator = QuickBooksSimulator.Start();
        var company = simulator.AddCompany(new CompanyOptions
        {
            CompanyName = "Fix-It Repair Shop (QuickBooks)",
            CustomTransactionNumbers = true,

            // The shop's two branches, tracked in QuickBooks as Locations.
            TrackLocations = true,
            Locations = { DemoRoApp.DemoRoApp.MainLocation, DemoRoApp.DemoRoApp.SecondLocation },
        });
        return new QuickBooksBackend(simulator, company, $"the in-process QuickBooks simulator at {simulator.BaseUrl}");
    }

    /// <summary>Points the library at the in-process simulator; a configured QuickBooks is left as configured.</summary>
    public void Apply(QuickBooksSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RedirectUri ??= DefaultRedirectUri;
        if (Simulator is not { } simulator)
        {
            return;
        }

        options.ClientId = simulator.ClientId;
        options.ClientSecret = simulator.ClientSecret;
        options.WebhookVerifierToken = simulator.VerifierToken;
        options.ApiBaseUrl = simulator.BaseUrl;
        options.AuthorizeEndpoint = simulator.AuthorizeEndpoint;
        options.TokenEndpoint = simulator.TokenEndpoint;
        options.RevokeEndpoint = simulator.RevokeEndpoint;
    }

    /// <summary>
    /// Has the in-process simulator deliver its signed webhooks straight to the library's intake, as an HTTP
    /// endpoint of the host would (same bytes, same signature header, the intake's status code as the answer).
    /// </summary>
    public void DeliverWebhooksTo(IQuickBooksWebhookHandler intake, ConsoleProgress progress)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(progress);
        if (Simulator is not { } simulator)
        {
            return;
        }

        simulator.Webhooks.SetTarget(async (delivery, cancellationToken) =>
        {
            var result = await intake.HandleAsync(delivery.Body, delivery.Signature, cancellationToken);
            return result.StatusCode;
        });
        progress.Detail($"The simulator delivers signed webhooks ({simulator.Webhooks.Format}) to the library's intake in this process");
    }

    public async ValueTask DisposeAsync()
    {
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }
}
