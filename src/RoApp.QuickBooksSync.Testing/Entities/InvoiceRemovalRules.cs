using System.Globalization;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>
/// What the API lets a caller do to an invoice that has payments applied. Intuit's reference for
/// <c>?operation=delete</c> says linked transactions must be unlinked before an invoice is deleted, and
/// integrators report that <c>?operation=void</c> is refused the same way while a payment settles the invoice.
/// The QuickBooks web app (the bookkeeper) may still void or delete such an invoice after a warning, leaving the
/// payment unapplied; only API callers are refused here.
/// </summary>
internal static class InvoiceRemovalRules
{
    /// <summary>Refuses (6000) an API void or delete of an invoice that still has payments applied.</summary>
    public static void EnsureNoPaymentsApplied(RealmState realm, string entity, string? id, string operation)
    {
        if (entity != EntityNames.Invoice || id is null || !realm.Applications.TryGetValue(id, out var byPayment) || byPayment.Count == 0)
        {
            return;
        }

        var applied = byPayment.Values.Sum();
        var payments = string.Join(", ", byPayment.Keys.OrderBy(k => k, StringComparer.Ordinal));
        throw QuickBooksFault.Business(
            string.Create(CultureInfo.InvariantCulture,
                $"Invoice {id} cannot be {operation}: it has payments applied ({applied:0.00} by payment {payments}). Unlink or delete the payments first."),
            "LinkedTxn");
    }
}
