namespace RoApp.QuickBooksSync.Gateway;

/// <summary>
/// The external reference of a payment the library recorded in RO App from QuickBooks: written by the
/// inbound sync, recognised by the outbound sync so that such a payment is never sent back.
/// </summary>
internal static class QuickBooksPaymentReference
{
    private const string Prefix = "qbo:";

    /// <summary>Identifies one QuickBooks payment on one invoice, for good (the realm keeps reconnects apart).</summary>
    public static string Create(string realmId, string paymentId, string invoiceId) =>
        $"{Prefix}{realmId}:payment:{paymentId}:invoice:{invoiceId}";

    /// <summary>Identifies one QuickBooks refund receipt or credit memo, for good.</summary>
    public static string Refund(string realmId, string entityName, string id) =>
        $"{Prefix}{realmId}:{entityName.ToLowerInvariant()}:{id}";

    /// <summary>Whether an RO App payment's external reference says the library recorded it from QuickBooks.</summary>
    public static bool IsFromQuickBooks(string? externalReference) =>
        externalReference is not null && externalReference.StartsWith(Prefix, StringComparison.Ordinal);
}
