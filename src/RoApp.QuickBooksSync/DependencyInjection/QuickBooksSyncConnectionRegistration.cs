using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.DependencyInjection;

/// <summary>Registers the connection and settings services; called by <c>AddQuickBooksSync</c>.</summary>
internal static class QuickBooksSyncConnectionRegistration
{
    public static IServiceCollection AddQuickBooksConnection(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // No default HttpClient loggers: their Trace state carries Authorization: Basic base64(client_id:client_secret)
        // unredacted. The OAuth client logs each answer itself, without secrets.
        services.AddHttpClient(QuickBooksOAuthClient.HttpClientName).RemoveAllLoggers();
        // The validator looks at the final registrations when it runs, so a protector chosen later counts.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuickBooksSyncOptions>>(
            new QuickBooksConnectionOptionsValidator(() => UsesDefaultProtector(services))));
        services.AddOptions<QuickBooksSyncOptions>().ValidateOnStart();
        services.TryAddSingleton<ITokenProtector, AesGcmTokenProtector>();

        services.TryAddSingleton<TokenCodec>();
        services.TryAddSingleton<IQuickBooksTokenReencryptor, TokenReencryptor>();
        services.TryAddSingleton<QuickBooksOAuthClient>();
        services.TryAddSingleton<RealmVerifier>();
        services.TryAddSingleton<ConnectionEvents>();
        // Decided when first resolved, so that stores chosen after AddQuickBooksSync are seen.
        services.TryAddSingleton<LoggingConnectionHooks>();
        services.TryAddSingleton(ChooseHooks);
        services.TryAddSingleton<IRealmSwitchHandler>(sp => sp.GetRequiredService<IConnectionHooks>());
        services.TryAddSingleton<ICompanyWorkPauser>(sp => sp.GetRequiredService<IConnectionHooks>());
        services.TryAddSingleton<AccessTokenManager>();
        var libraryTokens = ServiceDescriptor.Singleton<IQuickBooksAccessTokenProvider>(sp => sp.GetRequiredService<AccessTokenManager>());
        services.TryAdd(libraryTokens);
        QuickBooksSyncStartupValidator.Register(services, libraryTokens);
        services.TryAddSingleton<IQuickBooksCompanyDirectory, ClientQuickBooksCompanyDirectory>();
        services.TryAddSingleton<IQuickBooksConnector, QuickBooksConnector>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConnectionKeepAlive>());

        services.TryAddSingleton<ITaxMapper, TaxMapper>();
        services.TryAddSingleton<Outbound.LocationResolver>();
        services.TryAddSingleton<IEventStatusMapper, EventStatusMapper>();
        services.TryAddSingleton<CompanySettingsValidator>();
        services.TryAddSingleton<IQuickBooksSettingsService, QuickBooksSettingsService>();
        return services;
    }

    private static IConnectionHooks ChooseHooks(IServiceProvider sp) =>
        sp.GetService<IEntityLinkStore>() is { } links && sp.GetService<IWorkQueueStore>() is { } queue && sp.GetService<IJournalStore>() is { } journal
            ? new StoreBackedConnectionHooks(links, queue, journal, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<StoreBackedConnectionHooks>>())
            : sp.GetRequiredService<LoggingConnectionHooks>();

    private static bool UsesDefaultProtector(IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(ITokenProtector)) is { ImplementationType: var type } && type == typeof(AesGcmTokenProtector);
}
