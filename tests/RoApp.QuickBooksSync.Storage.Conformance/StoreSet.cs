using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The five stores of one implementation over one storage.</summary>
public sealed record StoreSet(
    IConnectionStore Connections,
    ISettingsStore Settings,
    IEntityLinkStore Links,
    IWorkQueueStore WorkQueue,
    IJournalStore Journal);

