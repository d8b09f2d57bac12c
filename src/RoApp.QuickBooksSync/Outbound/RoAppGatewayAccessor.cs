using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Finds the host's <see cref="IRoAppGateway"/> when outbound work first needs it, not when the worker
/// starts: a host that registered stores but no gateway (it only uses the connection) keeps running, and
/// outbound work then fails with a message that names the missing registration.
/// </summary>
internal sealed class RoAppGatewayAccessor(IServiceProvider services)
{
    private IRoAppGateway? _gateway;

    public IRoAppGateway Gateway => _gateway ??= services.GetService<IRoAppGateway>()
        ?? throw new InvalidOperationException(
            "No IRoAppGateway is registered, so RO App invoices and payments cannot be read. Register the host's implementation with " +
            "services.AddQuickBooksSync(...).UseRoAppGateway<YourGateway>().");
}
