using RoApp.QuickBooksSync.Storage.Conformance;
using RoApp.QuickBooksSync.Storage.InMemory;

namespace RoApp.QuickBooksSync.Tests.Storage;

/// <summary>Fresh in-memory stores per test; a "second instance" is the same objects (there is no shared medium).</summary>
public sealed class InMemoryStoreProvider : IStoreProvider
{
    public ValueTask<IStoreScope> CreateScopeAsync() => ValueTask.FromResult<IStoreScope>(new Scope());

    private sealed class Scope : IStoreScope
    {
        public StoreSet Stores { get; } = new(
            new InMemoryConnectionStore(),
            new InMemorySettingsStore(),
            new InMemoryEntityLinkStore(),
            new InMemoryWorkQueueStore(),
            new InMemoryJournalStore())
        {
            InboundState = new InMemoryInboundStateStore(),
            WriteClaims = new InMemoryWriteClaimStore(),
            InvoiceStates = new InMemoryInvoiceStateStore(),
        };

        public ValueTask<StoreSet> OpenSecondInstanceAsync() => ValueTask.FromResult(Stores);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

public sealed class InMemoryWorkQueueStoreTests() : WorkQueueStoreConformance(new InMemoryStoreProvider());

public sealed class InMemoryConnectionStoreTests() : ConnectionStoreConformance(new InMemoryStoreProvider());

public sealed class InMemorySettingsStoreTests() : SettingsStoreConformance(new InMemoryStoreProvider());

public sealed class InMemoryEntityLinkStoreTests() : EntityLinkStoreConformance(new InMemoryStoreProvider());

public sealed class InMemoryJournalStoreTests() : JournalStoreConformance(new InMemoryStoreProvider());

public sealed class InMemorySharedStorageTests() : SharedStorageConformance(new InMemoryStoreProvider());
public sealed class InMemoryInboundStateStoreTests() : InboundStateStoreConformance(new InMemoryStoreProvider());

public sealed class InMemoryWriteClaimStoreTests() : WriteClaimStoreConformance(new InMemoryStoreProvider());

public sealed class InMemoryInvoiceStateStoreTests() : InvoiceStateStoreConformance(new InMemoryStoreProvider());
