using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Http;
using RoApp.QuickBooksSync.Api.Limits;

namespace RoApp.QuickBooksSync.DependencyInjection;

/// <summary>Registers the API client: options validation, the limiter, the transport and the named HttpClient.</summary>
internal static class QuickBooksApiClientRegistration
{
    public static IServiceCollection AddQuickBooksApiClient(this IServiceCollection services)
    {
        services.AddOptions<QuickBooksSyncOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuickBooksSyncOptions>, QuickBooksApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // One limiter per process: the realm limits are shared by every call, whoever makes it.
        services.TryAddSingleton<RealmLimiter>();
        services.AddQuickBooksDiagnostics();
        services.TryAddSingleton<ApiTransport>();
        services.TryAddSingleton<IQuickBooksClient, QuickBooksClient>();

        // The transport owns attempt timeouts and the overall deadline; HttpClient's own 100 s would cut across them.
        // The factory's default loggers are removed: at Trace they hand a structured sink the raw request
        // headers (Bearer tokens) as state values even when the formatted text is redacted. The transport logs
        // every attempt itself, without secrets.
        services.AddHttpClient(ApiTransport.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        return services;
    }
}
