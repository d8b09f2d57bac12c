using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>How the outbound part is registered by <c>AddQuickBooksSync</c>.</summary>
public sealed class OutboundRegistrationTests
{
    [Fact]
    public void The_facade_and_the_outbound_handlers_are_registered_by_AddQuickBooksSync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuickBooksSync(o => o.Connection.TokenEncryptionKey = Convert.ToBase64String(new byte[32])).UseInMemoryStores();
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<IQuickBooksSync>());
        Assert.Equal(
            ["outbound.invoice", "outbound.invoice.bulk", "outbound.invoice.remove", "outbound.payment", "outbound.refund"],
            provider.GetServices<IWorkHandler>().Select(h => h.Kind).Where(k => k.StartsWith("outbound.", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public void A_host_without_a_gateway_still_starts_its_worker_and_outbound_work_names_the_missing_registration()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuickBooksSync(o => o.Connection.TokenEncryptionKey = Convert.ToBase64String(new byte[32])).UseInMemoryStores();
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<WorkRunner>());
        var missing = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<RoAppGatewayAccessor>().Gateway);
        Assert.Contains("UseRoAppGateway", missing.Message, StringComparison.Ordinal);
    }
}
