namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// An update (or void) of a linked invoice sent to QuickBooks whose outcome is not proven, as kept on the invoice's
/// write claim. QuickBooks may have applied it before its answer was lost or turned into a 500; until a later send
/// settles the claim, the new version is not recognisable as ours by its SyncToken, and the inbound sync must not
/// take it for a bookkeeper's edit.
/// </summary>
internal static class PendingInvoiceUpdate
{
    private const string Prefix = "invoice-update|";

    /// <summary>The text kept on the claim for an update sent with <paramref name="requestId"/>.</summary>
    public static string For(string requestId) => Prefix + requestId;

    /// <summary>Whether any of the claim's pending writes is an update.</summary>
    public static bool AnyIn(IReadOnlyList<string> pendingWrites) =>
        pendingWrites.Any(w => w.StartsWith(Prefix, StringComparison.Ordinal));
}
