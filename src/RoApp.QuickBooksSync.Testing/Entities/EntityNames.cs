namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>The entity names the simulator knows, in QuickBooks' spelling, and their URL forms.</summary>
internal static class EntityNames
{
    public const string Customer = "Customer";
    public const string Item = "Item";
    public const string Account = "Account";
    public const string TaxCode = "TaxCode";
    public const string TaxRate = "TaxRate";
    public const string Invoice = "Invoice";
    public const string Payment = "Payment";
    public const string CompanyInfo = "CompanyInfo";
    public const string Preferences = "Preferences";
    public const string PaymentMethod = "PaymentMethod";
    public const string RefundReceipt = "RefundReceipt";
    public const string CreditMemo = "CreditMemo";
    public const string Department = "Department";
    public const string Class = "Class";

    public static readonly IReadOnlyList<string> All =
        [Customer, Item, Account, TaxCode, TaxRate, Invoice, Payment, CompanyInfo, Preferences, PaymentMethod, RefundReceipt, CreditMemo, Department, Class];

    /// <summary>Entities changed through the API and reported by CDC and webhooks.</summary>
    public static readonly IReadOnlyList<string> Tracked = [Customer, Item, Account, Invoice, Payment];

    /// <summary>Finds the canonical name for any letter case (<c>invoice</c>, <c>INVOICE</c>).</summary>
    public static string? Canonical(string name) =>
        All.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    public static bool IsTransaction(string name) => name is Invoice or Payment;

    /// <summary>Transactions QuickBooks deletes (name-list objects are made inactive instead); refund forms are deleted, not voided, by the library.</summary>
    public static bool IsDeletable(string name) => IsTransaction(name) || name is RefundReceipt or CreditMemo;
}
