using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.InMemory;

namespace RoApp.QuickBooksSync.Tests.Inbound;

/// <summary>What AddQuickBooksSync registers for the inbound sync, and how a partial host set-up behaves.</summary>
public sealed class InboundRegistrationTests
{
    [Fact]
    public void Webhook_handler_and_inbound_work_handler_are_registered_by_AddQuickBooksSync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuickBooksSync(o => (o.WebhookVerifierToken, o.Connection.TokenEncryptionKey) = ("token", TestSupport.ConnectionHarness.Key)).UseInMemoryStores();
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<IQuickBooksWebhookHandler>());
        Assert.Contains(provider.GetServices<IWorkHandler>(), h => h.Kind == "inbound.event");
        Assert.IsType<InMemoryInboundStateStore>(provider.GetRequiredService<IInboundStateStore>());
    }

    [Fact]
    public async Task Host_stores_without_an_inbound_state_store_keep_the_worker_and_inbound_work_names_the_missing_registration()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuickBooksSync(o => o.Connection.TokenEncryptionKey = TestSupport.ConnectionHarness.Key);
        services.AddSingleton<IConnectionStore, InMemoryConnectionStore>();
        services.AddSingleton<ISettingsStore, InMemorySettingsStore>();
        services.AddSingleton<IEntityLinkStore, InMemoryEntityLinkStore>();
        services.AddSingleton<IWorkQueueStore, InMemoryWorkQueueStore>();
        services.AddSingleton<IJournalStore, InMemoryJournalStore>();
        using var provider = services.BuildServiceProvider();

        var runner = provider.GetRequiredService<WorkRunner>();
        await provider.GetRequiredService<WorkQueue>().EnqueueAsync("shop-1",
            new InboundEvent { RealmId = "r1", Entity = "Invoice", EntityId = "1", Operation = InboundOperation.Update }, CancellationToken.None);
        await runner.RunUntilIdleAsync(CancellationToken.None);

        var page = await provider.GetRequiredService<IJournalStore>().QueryAsync(new JournalQuery { CompanyId = "shop-1" }, CancellationToken.None);
        var failed = Assert.Single(page.Entries);
        Assert.Equal(JournalOutcome.Failed, failed.Outcome);
        Assert.Contains("no IInboundStateStore is registered", failed.Message, StringComparison.Ordinal);
    }
}
