using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The five stores of one implementation over one storage.</summary>
public sealed record StoreSet(
    IConnectionStore Connections,
    ISettingsStore Settings,
    IEntityLinkStore Links,
    IWorkQueueStore WorkQueue,
    IJournalStore Journal)
{
    /// <summary>The inbound sync's state store (watermarks, last content seen), when the implementation has one.</summary>
    public IInboundStateStore? InboundState { get; init; }

    public IWriteClaimStore? WriteClaims { get; init; }

    /// <summary>The invoice sync state store, when the implementation has one.</summary>
    public IInvoiceStateStore? InvoiceStates { get; init; }
}

