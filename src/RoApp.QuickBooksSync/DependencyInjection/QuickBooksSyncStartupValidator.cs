using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.DependencyInjection;

/// <summary>The marker the start-up checks hang on: validated only when the host starts, never when options are read.</summary>
internal sealed class QuickBooksSyncStartupCheck;

/// <summary>
/// What a host needs before it may start, judged from its final registrations: the OAuth app when the library
/// manages the tokens, the verifier token when the sync takes webhooks, and the host's <see cref="IRoAppGateway"/>
/// when the sync runs. Each failure names the setting or the registration and a right value. Checked at start
/// only (options validation runs whenever options are read, and a container or a test that never starts a host
/// may lack them legitimately).
/// </summary>
internal sealed class QuickBooksSyncStartupValidator(
    IOptionsMonitor<QuickBooksSyncOptions> options,
    QuickBooksSyncStartupValidator.Registrations registrations) : IValidateOptions<QuickBooksSyncStartupCheck>
{
    private const string Section = QuickBooksSyncOptions.SectionName;

    public static void Register(IServiceCollection services, ServiceDescriptor libraryTokenProvider)
    {
        services.TryAddSingleton(new Registrations(
            () => ReferenceEquals(services.LastOrDefault(d => d.ServiceType == typeof(IQuickBooksAccessTokenProvider)), libraryTokenProvider),
            () => services.Any(d => d.ServiceType == typeof(IWorkQueueStore)),
            () => services.Any(d => d.ServiceType == typeof(IRoAppGateway))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuickBooksSyncStartupCheck>, QuickBooksSyncStartupValidator>());
        services.AddOptions<QuickBooksSyncStartupCheck>().ValidateOnStart();
    }

    public ValidateOptionsResult Validate(string? name, QuickBooksSyncStartupCheck check)
    {
        QuickBooksSyncOptions o;
        try
        {
            o = options.CurrentValue;
        }
        catch (OptionsValidationException)
        {
            // The settings' own validation reports them; these checks follow once the settings are right.
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (registrations.LibraryManagesTokens() && string.IsNullOrWhiteSpace(o.ClientId))
        {
            // With a client id the connection's own validation checks the secret and the redirect URI.
            failures.Add($"{Section}:{nameof(o.ClientId)} is empty; copy the client id of the app from the Intuit developer portal (Keys & credentials), " +
                "e.g. ABcDeFgH1234567890abcdefghijklmnopqrstuvwx. A host that supplies its own access tokens registers an IQuickBooksAccessTokenProvider instead.");
            if (string.IsNullOrWhiteSpace(o.ClientSecret))
            {
                failures.Add($"{Section}:{nameof(o.ClientSecret)} is empty; copy the client secret of the same app from the Intuit developer portal (Keys & credentials).");
            }

            if (o.RedirectUri is null)
            {
                failures.Add($"{Section}:{nameof(o.RedirectUri)} is empty; use the redirect URI registered for the app, e.g. https://crm.example.com/quickbooks/callback.");
            }
        }

        if (!string.IsNullOrEmpty(o.WebhookVerifierToken) && string.Equals(o.WebhookVerifierToken, o.ClientSecret, StringComparison.Ordinal))
        {
            failures.Add($"{Section}:{nameof(o.WebhookVerifierToken)} equals {Section}:{nameof(o.ClientSecret)}; they are different secrets. Copy the verifier token from the Intuit developer portal (Webhooks), not the client secret.");
        }

        if (registrations.SyncRuns())
        {
            if (o.Inbound?.ReceiveWebhooks != false && string.IsNullOrWhiteSpace(o.WebhookVerifierToken))
            {
                failures.Add($"{Section}:{nameof(o.WebhookVerifierToken)} is empty, so every webhook delivery would be refused; copy the verifier token from the Intuit developer portal (Webhooks), " +
                    $"or set {Section}:Inbound:ReceiveWebhooks to false when this host takes no webhooks (reconciliation alone then finds QuickBooks changes, up to Inbound:ReconciliationInterval late).");
            }

            if (!registrations.GatewayRegistered())
            {
                failures.Add("No IRoAppGateway is registered, so RO App invoices, statuses and payments cannot be read or changed. " +
                    "Register the host's implementation with services.AddQuickBooksSync(...).UseRoAppGateway<YourGateway>().");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Looks at the final service registrations when the check runs, so choices made after <c>AddQuickBooksSync</c> count.</summary>
    internal sealed record Registrations(Func<bool> LibraryManagesTokens, Func<bool> SyncRuns, Func<bool> GatewayRegistered);
}
