using Microsoft.Extensions.Configuration;
using RoApp.QuickBooksSync;
using RoApp.QuickBooksSync.DependencyInjection;

// The registration lives in the DI namespace so that hosts find it without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the QuickBooks Online sync in a service collection.</summary>
public static class QuickBooksSyncServiceCollectionExtensions
{
    /// <summary>Adds the QuickBooks sync with options bound elsewhere (or left at their defaults).</summary>
    /// <param name="services">The host's service collection.</param>
    /// <returns>A builder to choose stores and host ports on.</returns>
    public static IQuickBooksSyncBuilder AddQuickBooksSync(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<QuickBooksSyncOptions>();
        services.AddQuickBooksDiagnostics();
        services.AddQuickBooksApiClient();
        services.AddQuickBooksConnection();
        services.AddQuickBooksEngine();
        services.AddQuickBooksOutbound();
        services.AddQuickBooksInbound();
        RoAppGatewayContractCheck.Register(services);
        return new QuickBooksSyncBuilder(services);
    }

    /// <summary>Adds the QuickBooks sync with options bound from a configuration section.</summary>
    /// <param name="services">The host's service collection.</param>
    /// <param name="configuration">The section holding <see cref="QuickBooksSyncOptions"/>, e.g. <c>QuickBooksSync</c>.</param>
    /// <returns>A builder to choose stores and host ports on.</returns>
    public static IQuickBooksSyncBuilder AddQuickBooksSync(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddQuickBooksSync();
        services.Configure<QuickBooksSyncOptions>(configuration);
        return builder;
    }

    /// <summary>Adds the QuickBooks sync with options set in code.</summary>
    /// <param name="services">The host's service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to choose stores and host ports on.</returns>
    public static IQuickBooksSyncBuilder AddQuickBooksSync(this IServiceCollection services, Action<QuickBooksSyncOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddQuickBooksSync();
        services.Configure(configure);
        return builder;
    }
}
