namespace RoApp.QuickBooksSync.Books;

/// <summary>
/// The days a books check covers, both ends included: documents are taken by their date (the RO App invoice, payment
/// or refund date, QuickBooks' <c>TxnDate</c>, which the library sends as the same day).
/// </summary>
public sealed record BooksPeriod
{
    /// <summary>A period from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day; not before <paramref name="from"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public BooksPeriod(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to,
                $"The books check period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}). Pass the first day as 'from' and the last day as 'to'.");
        }

        From = from;
        To = to;
    }

    /// <summary>The first day.</summary>
    public DateOnly From { get; }

    /// <summary>The last day (included).</summary>
    public DateOnly To { get; }

    /// <summary>One calendar month.</summary>
    /// <param name="year">The year.</param>
    /// <param name="month">The month, 1 to 12.</param>
    /// <returns>The month's first to last day.</returns>
    public static BooksPeriod Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return new BooksPeriod(first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>Whether a day falls in the period.</summary>
    /// <param name="day">The day.</param>
    /// <returns><see langword="true"/> when it is between <see cref="From"/> and <see cref="To"/>, both included.</returns>
    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <inheritdoc/>
    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}
