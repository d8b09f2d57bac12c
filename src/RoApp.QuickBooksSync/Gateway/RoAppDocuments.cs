namespace RoApp.QuickBooksSync.Gateway;

/// <summary>
/// What RO App holds for one company over a period, for the books check
/// (<see cref="IRoAppGateway.ListDocumentsAsync"/>): every invoice, payment and refund dated in it, deleted ones left out.
/// </summary>
public sealed record RoAppDocuments
{
    /// <summary>The invoices dated in the period, in any status.</summary>
    public required IReadOnlyList<RoAppInvoiceSnapshot> Invoices { get; init; }

    /// <summary>The payments dated in the period (on invoices, deposits with no invoice, and those recorded from QuickBooks).</summary>
    public required IReadOnlyList<RoAppPaymentSnapshot> Payments { get; init; }

    /// <summary>The refunds dated in the period.</summary>
    public IReadOnlyList<RoAppRefundSnapshot> Refunds { get; init; } = [];
}
