namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// The reference the library writes into every QuickBooks payment it creates from RO App, so that the payment is
/// recognised as its own wherever it is read again: the outbound look-up after an ambiguous create, and the
/// inbound sync, which must never record it back into RO App, even before its link is saved (in this process
/// or another).
/// </summary>
internal static class PaymentReference
{
    private const string Prefix = "RO App payment [RO App ref ";

    /// <summary>The memo marker of one RO App payment (also matched by the outbound look-up).</summary>
    public static string Marker(string roAppPaymentId) => $"[RO App ref {roAppPaymentId}]";

    /// <summary>The <c>PrivateNote</c> of a payment sent from RO App.</summary>
    public static string Note(string roAppPaymentId) => "RO App payment " + Marker(roAppPaymentId);

    /// <summary>The RO App payment id a QuickBooks payment's memo names, or <see langword="null"/> when the payment is not ours.</summary>
    public static string? RoAppPaymentIdOf(string? privateNote)
    {
        if (privateNote is null)
        {
            return null;
        }

        var start = privateNote.IndexOf(Prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += Prefix.Length;
        var end = privateNote.IndexOf(']', start);
        return end > start ? privateNote[start..end] : null;
    }
}
