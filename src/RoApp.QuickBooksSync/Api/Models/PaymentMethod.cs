namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>A QuickBooks Online payment method (cash, cheque, a card brand), referenced by <c>PaymentMethodRef</c>.</summary>
public sealed class PaymentMethod : QuickBooksEntity
{
    /// <summary>The <see cref="Type"/> of card methods.</summary>
    public const string CreditCardType = "CREDIT_CARD";

    /// <summary>The <see cref="Type"/> of every other method.</summary>
    public const string NonCreditCardType = "NON_CREDIT_CARD";

    /// <summary>The name, unique among payment methods (at most 31 characters).</summary>
    public string? Name { get; set; }

    /// <summary><see cref="CreditCardType"/> or <see cref="NonCreditCardType"/>.</summary>
    public string? Type { get; set; }

    /// <summary>Whether the method is in use (methods are made inactive, not deleted).</summary>
    public bool? Active { get; set; }
}
