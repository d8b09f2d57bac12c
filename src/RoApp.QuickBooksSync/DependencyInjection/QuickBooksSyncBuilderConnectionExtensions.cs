using Microsoft.Extensions.DependencyInjection.Extensions;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.Gateway;

// Beside AddQuickBooksSync, so that hosts find the port and protector choices without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the host port and the token protector on the QuickBooks sync builder.</summary>
public static class QuickBooksSyncBuilderConnectionExtensions
{
    /// <summary>
    /// Registers the host's <see cref="IRoAppGateway"/> implementation, scoped: every unit of work the library runs
    /// (a queued job, a manual sync, a settings check, enabling) resolves it in a DI scope of its own, disposed after,
    /// so a gateway over a scoped <c>DbContext</c> works as in the host's own requests.
    /// </summary>
    /// <typeparam name="TGateway">The host's gateway type.</typeparam>
    /// <param name="builder">The QuickBooks sync builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IQuickBooksSyncBuilder UseRoAppGateway<TGateway>(this IQuickBooksSyncBuilder builder)
        where TGateway : class, IRoAppGateway =>
        builder.UseRoAppGateway<TGateway>(ServiceLifetime.Scoped);

    /// <summary>Registers the host's <see cref="IRoAppGateway"/> implementation with the lifetime the host chooses.</summary>
    /// <typeparam name="TGateway">The host's gateway type.</typeparam>
    /// <param name="builder">The QuickBooks sync builder.</param>
    /// <param name="lifetime">Scoped (one per unit of work, the default), transient or singleton.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IQuickBooksSyncBuilder UseRoAppGateway<TGateway>(this IQuickBooksSyncBuilder builder, ServiceLifetime lifetime)
        where TGateway : class, IRoAppGateway
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Describe(typeof(IRoAppGateway), typeof(TGateway), lifetime));
        return builder;
    }

    /// <summary>Registers one instance of the host's <see cref="IRoAppGateway"/> for every unit of work (a singleton).</summary>
    /// <param name="builder">The QuickBooks sync builder.</param>
    /// <param name="gateway">The gateway.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IQuickBooksSyncBuilder UseRoAppGateway(this IQuickBooksSyncBuilder builder, IRoAppGateway gateway)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(gateway);
        builder.Services.Replace(ServiceDescriptor.Singleton(gateway));
        return builder;
    }

    /// <summary>Registers a factory of the host's <see cref="IRoAppGateway"/>, called in each unit of work's scope when scoped.</summary>
    /// <param name="builder">The QuickBooks sync builder.</param>
    /// <param name="factory">Creates the gateway from the unit of work's services.</param>
    /// <param name="lifetime">Scoped (one per unit of work, the default), transient or singleton.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IQuickBooksSyncBuilder UseRoAppGateway(this IQuickBooksSyncBuilder builder, Func<IServiceProvider, IRoAppGateway> factory, ServiceLifetime lifetime = ServiceLifetime.Scoped)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Describe(typeof(IRoAppGateway), factory, lifetime));
        return builder;
    }

    /// <summary>
    /// Replaces the default AES-GCM token protector (and its need for
    /// <see cref="QuickBooksConnectionOptions.TokenEncryptionKey"/>) with the host's own.
    /// </summary>
    /// <typeparam name="TProtector">The host's protector type.</typeparam>
    /// <param name="builder">The QuickBooks sync builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IQuickBooksSyncBuilder UseTokenProtector<TProtector>(this IQuickBooksSyncBuilder builder)
        where TProtector : class, ITokenProtector
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ITokenProtector, TProtector>());
        return builder;
    }

    /// <summary>
    /// Protects stored tokens with the host's ASP.NET Core Data Protection instead of the default AES-GCM
    /// protector (no <see cref="QuickBooksConnectionOptions.TokenEncryptionKey"/> needed). The host must
    /// register Data Protection itself (<c>services.AddDataProtection()</c>) with a persistent key ring shared
    /// by every instance, or stored tokens become unreadable after a restart.
    /// </summary>
    /// <param name="builder">The QuickBooks sync builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IQuickBooksSyncBuilder UseDataProtectionTokenProtector(this IQuickBooksSyncBuilder builder) =>
        builder.UseTokenProtector<DataProtectionTokenProtector>();
}
