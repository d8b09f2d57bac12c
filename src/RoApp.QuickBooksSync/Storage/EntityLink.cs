namespace RoApp.QuickBooksSync.Storage;

/// <summary>
/// The link between an RO App object and the QuickBooks object it was synced with, in one company's
/// realm: what was last written and read, so that changes are sent once and never echoed.
/// </summary>
public sealed record EntityLink
{
    /// <summary>The RO App company id.</summary>
    public required string CompanyId { get; init; }

    /// <summary>The QuickBooks company (realm) the link belongs to.</summary>
    public required string RealmId { get; init; }

    /// <summary>What kind of object is linked.</summary>
    public required SyncedEntityType EntityType { get; init; }

    /// <summary>The RO App id (invoice, payment, client or product id).</summary>
    public required string RoAppId { get; init; }

    /// <summary>The QuickBooks <c>Id</c>.</summary>
    public required string QuickBooksId { get; init; }

    /// <summary>The QuickBooks <c>SyncToken</c> after the last write or read.</summary>
    public string? SyncToken { get; init; }

    /// <summary>A hash of the content last sent, to skip sends that would change nothing.</summary>
    public string? ContentHash { get; init; }

    /// <summary>Which side created the object.</summary>
    public required LinkOrigin Origin { get; init; }

    /// <summary>When the link was last synced.</summary>
    public required DateTimeOffset LastSyncedAt { get; init; }

    /// <summary>The QuickBooks <c>MetaData.LastUpdatedTime</c> last seen, to recognise the library's own changes.</summary>
    public DateTimeOffset? QuickBooksLastUpdatedAt { get; init; }

    /// <summary>Whether the link is in use.</summary>
    public LinkState State { get; init; } = LinkState.Active;

    /// <summary>The row version for compare-and-swap; a store sets it: 1 on insert, +1 on every save.</summary>
    public long Version { get; init; }
}

/// <summary>Kinds of objects the sync links and records.</summary>
public enum SyncedEntityType
{
    /// <summary>An invoice.</summary>
    Invoice,

    /// <summary>A payment.</summary>
    Payment,

    /// <summary>A customer (RO App client).</summary>
    Customer,

    /// <summary>A product or service item.</summary>
    Item,

    /// <summary>
    /// A payment sent to QuickBooks unapplied (a deposit) because its invoice was not there yet: the link's
    /// <see cref="EntityLink.RoAppId"/> is the RO App payment and its <see cref="EntityLink.QuickBooksId"/> holds the
    /// RO App invoice id it waits for, so the payment is applied as soon as that invoice is created in QuickBooks.
    /// </summary>
    PaymentAwaitingInvoice,

    /// <summary>An RO App refund: a QuickBooks RefundReceipt (cash back) or CreditMemo (to the client's balance).</summary>
    Refund,
}

/// <summary>Which side created a linked object.</summary>
public enum LinkOrigin
{
    /// <summary>Created in RO App and sent to QuickBooks.</summary>
    RoApp,

    /// <summary>Created in QuickBooks and recorded in RO App.</summary>
    QuickBooks,
}

/// <summary>Whether a link is in use.</summary>
public enum LinkState
{
    /// <summary>In use.</summary>
    Active,

    /// <summary>Its realm was disconnected or replaced; never applied to another realm.</summary>
    Detached,

    /// <summary>The QuickBooks object was deleted.</summary>
    DeletedInQuickBooks,
}
