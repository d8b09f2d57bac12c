using RoApp.QuickBooksSync.Books;

namespace RoApp.QuickBooksSync.Sync;

/// <summary>The books check entry points: the check reads, its fixes are queued work.</summary>
internal sealed partial class QuickBooksSyncService
{
    public ValueTask<BooksCheckReport> CheckBooksAsync(string companyId, BooksPeriod period, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentNullException.ThrowIfNull(period);
        return booksChecker.CheckAsync(companyId, period, cancellationToken);
    }

    public async ValueTask<BooksFixResult> ApplyBooksFixAsync(string companyId, BooksFinding finding, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Fix == BooksFix.None)
        {
            return BooksFixResult.NoFix;
        }

        if (finding.Fix != BooksFix.SendAgain && (finding.QuickBooksId is null || finding.QuickBooksEntity is null))
        {
            throw new ArgumentException($"The finding's fix {finding.Fix} needs the QuickBooks document it names (QuickBooksId and QuickBooksEntity); pass a finding from CheckBooksAsync unchanged.", nameof(finding));
        }

        if (finding.RoAppId is null)
        {
            throw new ArgumentException($"The finding's fix {finding.Fix} needs the RO App document it names (RoAppId); pass a finding from CheckBooksAsync unchanged.", nameof(finding));
        }

        if (await connections.GetAsync(companyId, cancellationToken).ConfigureAwait(false) is null)
        {
            return BooksFixResult.NotConnected;
        }

        await queue.EnqueueAsync(BooksFixHandler.Item(companyId, finding), cancellationToken).ConfigureAwait(false);
        return BooksFixResult.Queued;
    }
}
