namespace RoApp.QuickBooksSync.Gateway;

/// <summary>A change in QuickBooks to a payment the library recorded in RO App.</summary>
/// <param name="ExternalReference">The reference the payment was recorded with (<see cref="RoAppPaymentRecord.ExternalReference"/>).</param>
/// <param name="InvoiceId">The RO App invoice the payment was recorded on.</param>
/// <param name="Kind">What happened.</param>
/// <param name="PreviousAmount">The amount recorded before.</param>
/// <param name="NewAmount">The amount QuickBooks applies to the invoice now (0 when voided, deleted or no longer applied).</param>
/// <param name="QuickBooksPaymentId">The QuickBooks payment id.</param>
public sealed record RoAppPaymentChange(
    string ExternalReference,
    string InvoiceId,
    RoAppPaymentChangeKind Kind,
    decimal PreviousAmount,
    decimal NewAmount,
    string QuickBooksPaymentId);

/// <summary>What happened in QuickBooks to a recorded payment.</summary>
public enum RoAppPaymentChangeKind
{
    /// <summary>The amount applied to the invoice changed (or the payment no longer applies to it).</summary>
    AmountChanged,

    /// <summary>The payment was voided.</summary>
    Voided,

    /// <summary>The payment was deleted.</summary>
    Deleted,
}
