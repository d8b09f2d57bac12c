using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NSubstitute;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.Connection;

public sealed class ConnectionRegistrationTests
{
    [Fact]
    public async Task A_host_with_an_OAuth_app_but_no_token_key_or_protector_fails_at_start_naming_the_setting_and_the_fix()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddQuickBooksSync(o => o.ClientId = "app");
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("QuickBooksSync:Connection:TokenEncryptionKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UseTokenProtector", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_with_its_own_protector_needs_no_key()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddQuickBooksSync(o =>
        {
            o.ClientId = "app";
            o.ClientSecret = "secret";
            o.RedirectUri = new Uri("https://crm.example.com/quickbooks/callback");
        }).UseTokenProtector<PlainTestProtector>();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.IsType<PlainTestProtector>(host.Services.GetRequiredService<ITokenProtector>());
        await host.StopAsync();
    }

    [Fact]
    public async Task A_client_id_without_its_secret_and_redirect_uri_fails_at_start_naming_both()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddQuickBooksSync(o => o.ClientId = "app").UseTokenProtector<PlainTestProtector>();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("QuickBooksSync:ClientSecret is empty while ClientId is set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("QuickBooksSync:RedirectUri is empty while ClientId is set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_protector_without_a_key_refuses_to_run_with_the_same_clear_message()
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<QuickBooksConnectionException>(() => provider.GetRequiredService<ITokenProtector>());

        Assert.Equal(ConnectionFailure.Configuration, ex.Failure);
        Assert.Contains("QuickBooksSync:Connection:TokenEncryptionKey is not set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_key_and_bad_durations_are_named_with_a_right_value()
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync(o =>
        {
            o.Connection.TokenEncryptionKey = "too-short";
            o.Connection.RefreshMargin = TimeSpan.FromHours(2);
            o.Connection.AuthorizationStateLifetime = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<QuickBooksSyncOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("TokenEncryptionKey is not 32 Base64-encoded bytes", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("RefreshMargin is 02:00:00", StringComparison.Ordinal) && f.Contains("00:05:00", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("AuthorizationStateLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public void The_connection_services_resolve_with_a_gateway_and_stores()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuickBooksSync(o => o.Connection.TokenEncryptionKey = Convert.ToBase64String(new byte[32]))
            .UseRoAppGateway<NoGateway>();
        services.AddSingleton(Substitute.For<IConnectionStore>());
        services.AddSingleton(Substitute.For<ISettingsStore>());
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<IQuickBooksConnector>());
        Assert.NotNull(provider.GetRequiredService<IQuickBooksSettingsService>());
        Assert.IsType<NoGateway>(provider.GetRequiredService<IRoAppGateway>());
        Assert.Same(provider.GetRequiredService<AccessTokenManager>(), provider.GetRequiredService<IQuickBooksAccessTokenProvider>());
    }

    private sealed class PlainTestProtector : ITokenProtector
    {
        public byte[] Protect(ReadOnlySpan<byte> plaintext) => plaintext.ToArray();

        public byte[] Unprotect(ReadOnlySpan<byte> protectedData) => protectedData.ToArray();
    }

    private sealed class NoGateway : IRoAppGateway
    {
        public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) => new([]);

        public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) => new([]);

        public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) => new([]);

        public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => new(false);

        // ---- Outbound ----
        public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) => new((RoAppInvoiceSnapshot?)null);

        public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) => new((RoAppPaymentSnapshot?)null);
        // ---- End of outbound ----
    }
}
