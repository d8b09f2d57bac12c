namespace RoApp.QuickBooksSync.Books;

/// <summary>What a books check found for one company and period.</summary>
public sealed record BooksCheckReport
{
    /// <summary>The RO App company id.</summary>
    public required string CompanyId { get; init; }

    /// <summary>The QuickBooks company compared.</summary>
    public required string RealmId { get; init; }

    /// <summary>The period compared.</summary>
    public required BooksPeriod Period { get; init; }

    /// <summary>When the check ran.</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>RO App's side: the invoices (cancelled ones left out, as QuickBooks leaves voided ones out), payments and refunds dated in the period.</summary>
    public required BooksTotals RoApp { get; init; }

    /// <summary>QuickBooks' side: the live documents the library made from RO App or recorded into it (voided ones left out).</summary>
    public required BooksTotals QuickBooks { get; init; }

    /// <summary>Every disagreement, invoices first, then payments, then refunds.</summary>
    public required IReadOnlyList<BooksFinding> Findings { get; init; }

    /// <summary>Whether the books agree: no finding.</summary>
    public bool Agree => Findings.Count == 0;

    /// <summary>One line with the totals of both sides, then one line a finding.</summary>
    public override string ToString() =>
        $"Books check {Period} for company {CompanyId}: {(Agree ? "the books agree" : Findings.Count + " finding(s)")}; " +
        $"RO App {RoApp}; QuickBooks {QuickBooks}." +
        string.Concat(Findings.Select(f => $"{Environment.NewLine}- {f.Kind}: {f.Message} Fix: {f.FixDescription}"));
}

/// <summary>Counts and sums of one side of the books over a period.</summary>
/// <param name="Invoices">How many invoices.</param>
/// <param name="InvoiceTotal">Their totals, summed.</param>
/// <param name="Payments">How many payments.</param>
/// <param name="PaymentTotal">Their amounts, summed.</param>
/// <param name="Refunds">How many refunds (refund receipts and credit memos in QuickBooks).</param>
/// <param name="RefundTotal">Their amounts, summed.</param>
public sealed record BooksTotals(int Invoices, decimal InvoiceTotal, int Payments, decimal PaymentTotal, int Refunds, decimal RefundTotal)
{
    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Invoices} invoices {InvoiceTotal:0.00}, {Payments} payments {PaymentTotal:0.00}, {Refunds} refunds {RefundTotal:0.00}");
}

/// <summary>What asking for a finding's fix led to.</summary>
public enum BooksFixResult
{
    /// <summary>The fix was queued as work: it runs, is journalled and retried like any other sync work.</summary>
    Queued,

    /// <summary>The finding has no automatic fix (<see cref="BooksFix.None"/>); nothing was done.</summary>
    NoFix,

    /// <summary>The company is not connected: nothing was done.</summary>
    NotConnected,
}
