using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Security;

/// <summary>A missing setting or registration stops the host at start, naming it and a right value; not a 500 at the first connect.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task A_host_without_the_OAuth_app_fails_at_start_naming_client_id_secret_and_redirect_uri()
    {
        using var host = Build(services => services.AddQuickBooksSync());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("QuickBooksSync:ClientId is empty; copy the client id of the app from the Intuit developer portal", ex.Message, StringComparison.Ordinal);
        Assert.Contains("QuickBooksSync:ClientSecret is empty", ex.Message, StringComparison.Ordinal);
        Assert.Contains("QuickBooksSync:RedirectUri is empty; use the redirect URI registered for the app, e.g. https://", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_syncing_host_without_a_gateway_or_verifier_token_fails_at_start_naming_UseRoAppGateway_and_the_setting()
    {
        using var host = Build(services => services.AddQuickBooksSync(OAuthApp).UseInMemoryStores());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("UseRoAppGateway<YourGateway>()", ex.Message, StringComparison.Ordinal);
        Assert.Contains("QuickBooksSync:WebhookVerifierToken is empty", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Inbound:ReceiveWebhooks to false", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Unable to resolve service", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verifier_token_that_is_the_client_secret_fails_at_start_without_echoing_it()
    {
        using var host = Build(services => services.AddQuickBooksSync(o =>
        {
            OAuthApp(o);
            o.WebhookVerifierToken = o.ClientSecret;
        }).UseInMemoryStores().UseRoAppGateway<FakeGateway>());

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("QuickBooksSync:WebhookVerifierToken equals QuickBooksSync:ClientSecret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-of-the-app", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_complete_host_starts_and_so_does_one_that_takes_no_webhooks()
    {
        using var complete = Build(services => services.AddQuickBooksSync(o =>
        {
            OAuthApp(o);
            o.WebhookVerifierToken = "verifier";
        }).UseInMemoryStores().UseRoAppGateway<FakeGateway>());
        using var noWebhooks = Build(services => services.AddQuickBooksSync(o =>
        {
            OAuthApp(o);
            o.Inbound.ReceiveWebhooks = false;
        }).UseInMemoryStores().UseRoAppGateway<FakeGateway>());

        await complete.StartAsync();
        await noWebhooks.StartAsync();

        await complete.StopAsync();
        await noWebhooks.StopAsync();
    }

    [Fact]
    public async Task A_host_that_supplies_its_own_access_tokens_needs_no_OAuth_app()
    {
        using var host = Build(services =>
        {
            services.AddQuickBooksSync();
            services.Replace(ServiceDescriptor.Singleton<IQuickBooksAccessTokenProvider>(new Api.StaticAccessTokenProvider()));
        });

        await host.StartAsync();
        await host.StopAsync();
    }

    private static void OAuthApp(QuickBooksSyncOptions o)
    {
        o.ClientId = "app";
        o.ClientSecret = "secret-of-the-app";
        o.RedirectUri = new Uri("https://crm.example.com/quickbooks/callback");
        o.Connection.TokenEncryptionKey = ConnectionHarness.Key;
        o.Engine.RunWorker = false;
        o.Inbound.RunReconciliation = false;
    }

    private static IHost Build(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configure(builder.Services);
        return builder.Build();
    }
}
