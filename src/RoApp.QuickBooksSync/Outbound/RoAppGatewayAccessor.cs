using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// The host's <see cref="IRoAppGateway"/> for the unit of work at hand: resolved in the unit's DI scope (see
/// <see cref="UnitOfWorkScopes"/>), so a scoped gateway gets a fresh instance, and its scoped dependencies, per
/// job; outside a unit of work (a singleton gateway, a test) from the root provider.
/// </summary>
internal sealed class RoAppGatewayAccessor(IServiceProvider services)
{
    public IRoAppGateway Gateway => (UnitOfWorkScopes.Current ?? services).GetService<IRoAppGateway>()
        ?? throw new InvalidOperationException(
            "No IRoAppGateway is registered, so RO App invoices and payments cannot be read. Register the host's implementation with " +
            "services.AddQuickBooksSync(...).UseRoAppGateway<YourGateway>().");
}
