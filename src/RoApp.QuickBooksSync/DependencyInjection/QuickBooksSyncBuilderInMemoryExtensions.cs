using Microsoft.Extensions.DependencyInjection.Extensions;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.InMemory;

// Beside AddQuickBooksSync, so that hosts find the store choices without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the in-memory stores (tests and trials: nothing survives the process).</summary>
public static class QuickBooksSyncBuilderInMemoryExtensions
{
    /// <summary>
    /// Registers in-memory connection, settings, entity link, work queue and journal stores as singletons.
    /// Stores the host registered already are kept, so a host can swap in single stores of its own.
    /// </summary>
    /// <param name="builder">The builder from <c>AddQuickBooksSync</c>.</param>
    /// <returns>The same builder.</returns>
    public static IQuickBooksSyncBuilder UseInMemoryStores(this IQuickBooksSyncBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IConnectionStore, InMemoryConnectionStore>();
        builder.Services.TryAddSingleton<ISettingsStore, InMemorySettingsStore>();
        builder.Services.TryAddSingleton<IEntityLinkStore, InMemoryEntityLinkStore>();
        builder.Services.TryAddSingleton<IWorkQueueStore, InMemoryWorkQueueStore>();
        builder.Services.TryAddSingleton<IJournalStore, InMemoryJournalStore>();
        builder.Services.TryAddSingleton<IInboundStateStore, InMemoryInboundStateStore>();
        builder.Services.TryAddSingleton<IInvoiceStateStore, InMemoryInvoiceStateStore>();
        builder.Services.TryAddSingleton<IWriteClaimStore, InMemoryWriteClaimStore>();
        return builder;
    }
}
