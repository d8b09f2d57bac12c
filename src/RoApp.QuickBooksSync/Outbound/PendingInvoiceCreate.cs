using System.Globalization;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// A create sent (or about to be sent) to QuickBooks whose outcome is not proven, as kept on the invoice's write
/// claim: where to look for it (customer and date, which a later edit may change) and the request id it carried.
/// </summary>
internal sealed record PendingInvoiceCreate(string RequestId, string CustomerId, DateOnly TxnDate)
{
    private const string Prefix = "invoice-create";

    public override string ToString() =>
        string.Join('|', Prefix, RequestId, CustomerId, TxnDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>The record, or <see langword="null"/> for a text of another kind.</summary>
    public static PendingInvoiceCreate? Parse(string text)
    {
        var parts = text.Split('|');
        return parts.Length == 4 && parts[0] == Prefix && DateOnly.TryParseExact(parts[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new PendingInvoiceCreate(parts[1], parts[2], date)
            : null;
    }
}
