using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Books;

/// <summary>
/// One place where the two sets of books disagree, with a plain message and, where the library can mend it, the
/// fix <see cref="Sync.IQuickBooksSync.ApplyBooksFixAsync"/> applies.
/// </summary>
public sealed record BooksFinding
{
    /// <summary>What kind of disagreement.</summary>
    public required BooksFindingKind Kind { get; init; }

    /// <summary>Whether it is about an invoice, a payment or a refund.</summary>
    public required SyncedEntityType EntityType { get; init; }

    /// <summary>The RO App id, when the finding has an RO App side.</summary>
    public string? RoAppId { get; init; }

    /// <summary>The QuickBooks id the finding is about (the duplicate, the deleted object, the one to relink), when there is one.</summary>
    public string? QuickBooksId { get; init; }

    /// <summary>The QuickBooks entity <see cref="QuickBooksId"/> names: <c>Invoice</c>, <c>Payment</c>, <c>RefundReceipt</c> or <c>CreditMemo</c>.</summary>
    public string? QuickBooksEntity { get; init; }

    /// <summary>The amount in RO App (total, payment or refund amount, or what is owed), when amounts are compared.</summary>
    public decimal? RoAppAmount { get; init; }

    /// <summary>The amount in QuickBooks, when amounts are compared.</summary>
    public decimal? QuickBooksAmount { get; init; }

    /// <summary>What is wrong, in a sentence a shop owner understands.</summary>
    public required string Message { get; init; }

    /// <summary>What the library does when asked to fix it; <see cref="BooksFix.None"/> when a person has to look.</summary>
    public required BooksFix Fix { get; init; }

    /// <summary>The fix in words: what <see cref="Fix"/> does, or what to do by hand.</summary>
    public required string FixDescription { get; init; }
}

/// <summary>The kinds of disagreement a books check finds.</summary>
public enum BooksFindingKind
{
    /// <summary>An RO App document that should be in QuickBooks (sent before, or in a trigger status) is not there.</summary>
    MissingInQuickBooks,

    /// <summary>A QuickBooks document the library made from RO App, or recorded into RO App, has no RO App document any more.</summary>
    MissingInRoApp,

    /// <summary>A second live QuickBooks document for one RO App document.</summary>
    Duplicate,

    /// <summary>An invoice's total differs between the two sides.</summary>
    TotalDiffers,

    /// <summary>What is still owed on an invoice differs between the two sides.</summary>
    BalanceDiffers,

    /// <summary>A payment's or refund's amount differs between the two sides.</summary>
    AmountDiffers,

    /// <summary>A QuickBooks document carries a date outside the period while its RO App document is dated inside it (or the other way round).</summary>
    DateDiffers,

    /// <summary>The stored link points at a QuickBooks document that was deleted.</summary>
    LinkToDeletedObject,

    /// <summary>The QuickBooks document was voided in QuickBooks while its RO App document is still live.</summary>
    VoidedInQuickBooks,

    /// <summary>The library's own QuickBooks document for an RO App document is there, but the link to it is missing.</summary>
    NotLinked,
}

/// <summary>What the library can do about a finding.</summary>
public enum BooksFix
{
    /// <summary>Nothing automatic: <see cref="BooksFinding.FixDescription"/> says what to look at.</summary>
    None,

    /// <summary>Send the RO App document again (a create when QuickBooks has none, else an update).</summary>
    SendAgain,

    /// <summary>Link the RO App document to the QuickBooks document named by <see cref="BooksFinding.QuickBooksId"/>, then send it again so both agree.</summary>
    Relink,

    /// <summary>Void (invoices, payments) or delete (refund receipts, credit memos) the duplicate named by <see cref="BooksFinding.QuickBooksId"/>.</summary>
    RemoveDuplicate,

    /// <summary>Void the QuickBooks document whose RO App document was deleted (the company's removal settings are not consulted: the check confirmed it is gone).</summary>
    VoidInQuickBooks,
}
