using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Api.Http;

namespace RoApp.QuickBooksSync.DependencyInjection;

/// <summary>Lets a host shape the <see cref="HttpClient"/> the QuickBooks API client sends through.</summary>
public static class QuickBooksHttpClientBuilderExtensions
{
    /// <summary>
    /// Configures the QuickBooks API <see cref="HttpClient"/>: add delegating handlers (proxies, tracing,
    /// recording), set the primary handler. Retries, timeouts and limits are already applied by the
    /// client; do not add a second resilience layer. The factory's default loggers are removed from this
    /// client because their Trace output carries the <c>Authorization</c> header; adding a logger here
    /// (e.g. <c>AddDefaultLogger()</c>) brings the access tokens back into the logs.
    /// </summary>
    /// <param name="builder">The sync builder from <c>AddQuickBooksSync</c>.</param>
    /// <param name="configure">Configures the HTTP client builder.</param>
    /// <returns>The same builder.</returns>
    public static IQuickBooksSyncBuilder ConfigureQuickBooksHttpClient(this IQuickBooksSyncBuilder builder, Action<IHttpClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(builder.Services.AddHttpClient(ApiTransport.HttpClientName));
        return builder;
    }

    /// <summary>
    /// Adds the host's own Polly v8 strategies to every QuickBooks API attempt (a circuit breaker, chaos for
    /// tests, a hedging-free extra timeout…). They run inside the library's pipeline — overall deadline, then
    /// retries (<c>QuickBooksSync:Retry</c>), then the host's strategies, then the attempt timeout — so each
    /// attempt passes through them and the library's retries and request ids stay as they are.
    /// </summary>
    /// <param name="builder">The sync builder from <c>AddQuickBooksSync</c>.</param>
    /// <param name="configure">Adds strategies to a pipeline builder (called once, when the API client is created).</param>
    /// <returns>The same builder.</returns>
    public static IQuickBooksSyncBuilder ConfigureApiResilience(this IQuickBooksSyncBuilder builder, Action<Polly.ResiliencePipelineBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddSingleton(new ApiResilienceHook(configure));
        return builder;
    }
}
