using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.InMemory;

namespace RoApp.QuickBooksSync.Tests.Storage;

public sealed class UseInMemoryStoresTests
{
    [Fact]
    public void Registers_all_five_stores_as_singletons()
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync().UseInMemoryStores();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryConnectionStore>(provider.GetRequiredService<IConnectionStore>());
        Assert.IsType<InMemorySettingsStore>(provider.GetRequiredService<ISettingsStore>());
        Assert.IsType<InMemoryEntityLinkStore>(provider.GetRequiredService<IEntityLinkStore>());
        Assert.IsType<InMemoryJournalStore>(provider.GetRequiredService<IJournalStore>());
        Assert.Same(provider.GetRequiredService<IWorkQueueStore>(), provider.GetRequiredService<IWorkQueueStore>());
    }

    [Fact]
    public void Keeps_a_store_the_host_registered_itself()
    {
        var hostJournal = new InMemoryJournalStore();
        var services = new ServiceCollection();
        services.AddSingleton<IJournalStore>(hostJournal);
        services.AddQuickBooksSync().UseInMemoryStores();
        using var provider = services.BuildServiceProvider();

        Assert.Same(hostJournal, provider.GetRequiredService<IJournalStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IJournalStore));
    }
}
