using RoApp.QuickBooksSync.Books;

namespace RoApp.QuickBooksSync.Sync;

/// <summary>Whether the two sets of books agree, and mending where they do not.</summary>
public partial interface IQuickBooksSync
{
    /// <summary>
    /// Compares RO App's invoices, payments and refunds dated in <paramref name="period"/> (read through
    /// <see cref="Gateway.IRoAppGateway.ListDocumentsAsync"/>) with QuickBooks' (queried by date, paged, inside the
    /// realm's limits): documents missing on either side, duplicated, totals, balances and payment amounts that differ,
    /// links pointing at deleted objects. Reads only; nothing is changed.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="period">The days to compare, both ends included.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The findings (none when the books agree) and each side's totals.</returns>
    /// <exception cref="InvalidOperationException">The company is not connected to QuickBooks.</exception>
    /// <exception cref="NotSupportedException">The host's gateway does not implement <see cref="Gateway.IRoAppGateway.ListDocumentsAsync"/>.</exception>
    ValueTask<BooksCheckReport> CheckBooksAsync(string companyId, BooksPeriod period, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a finding's <see cref="BooksFinding.Fix"/>: queued as work (ordered with the document's other work,
    /// journalled, retried), and checked again before anything is written, so an old finding never voids the wrong
    /// copy. Asking twice queues it once.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="finding">A finding from <see cref="CheckBooksAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the fix was queued.</returns>
    ValueTask<BooksFixResult> ApplyBooksFixAsync(string companyId, BooksFinding finding, CancellationToken cancellationToken);
}
