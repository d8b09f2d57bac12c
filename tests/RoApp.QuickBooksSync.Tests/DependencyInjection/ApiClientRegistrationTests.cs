using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.Tests.Api;

namespace RoApp.QuickBooksSync.Tests.DependencyInjection;

public sealed class ApiClientRegistrationTests
{
    [Fact]
    public void The_client_resolves_with_defaults_and_no_OAuth_settings()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IQuickBooksAccessTokenProvider>(new StaticAccessTokenProvider());
        services.AddQuickBooksSync();
        using var provider = services.BuildServiceProvider(validateScopes: true);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotNull(provider.GetRequiredService<IQuickBooksClient>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Wrong_settings_fail_start_up_with_messages_naming_the_setting_and_a_right_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MinorVersion"] = "65",
            ["RateLimits:MaxConcurrentRequests"] = "0",
            ["Retry:AttemptTimeout"] = "00:10:00",
            ["Retry:OverallTimeout"] = "00:01:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddQuickBooksSync(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.StartsWith("QuickBooksSync:MinorVersion is 65; use 75 or higher", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("QuickBooksSync:RateLimits:MaxConcurrentRequests is 0; use a value from 1 to 10, e.g. 10", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("QuickBooksSync:Retry:OverallTimeout (00:01:00) is shorter than QuickBooksSync:Retry:AttemptTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void A_relative_api_base_url_is_refused()
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync(o => o.ApiBaseUrl = new Uri("/proxy", UriKind.Relative));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<QuickBooksSyncOptions>>().Value);

        Assert.Contains("QuickBooksSync:ApiBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_handler_added_through_the_builder_sees_every_call()
    {
        using var server = new FakeQuickBooksServer();
        server.Answer(Payloads.InvoiceWithSubtotal);
        var handler = new CountingHandler();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IQuickBooksAccessTokenProvider>(new StaticAccessTokenProvider());
        services.AddQuickBooksSync(o => o.ApiBaseUrl = server.Url)
            .ConfigureQuickBooksHttpClient(http => http.AddHttpMessageHandler(() => handler));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IQuickBooksClient>().ReadAsync<Invoice>(TestClient.Realm, "130");

        Assert.Equal(1, handler.Calls);
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
