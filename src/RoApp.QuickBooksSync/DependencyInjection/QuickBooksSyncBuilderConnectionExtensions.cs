using Microsoft.Extensions.DependencyInjection.Extensions;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.Gateway;

// Beside AddQuickBooksSync, so that hosts find the port and protector choices without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the host port and the token protector on the QuickBooks sync builder.</summary>
public static class QuickBooksSyncBuilderConnectionExtensions
{
    /// <summary>Registers the host's <see cref="IRoAppGateway"/> implementation (a singleton).</summary>
    /// <typeparam name="TGateway">The host's gateway type.</typeparam>
    /// <param name="builder">The QuickBooks sync builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IQuickBooksSyncBuilder UseRoAppGateway<TGateway>(this IQuickBooksSyncBuilder builder)
        where TGateway : class, IRoAppGateway
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IRoAppGateway, TGateway>());
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
