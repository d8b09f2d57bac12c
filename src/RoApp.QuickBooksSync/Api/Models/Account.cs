namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>A QuickBooks Online account of the chart of accounts.</summary>
public sealed class Account : QuickBooksEntity
{
    /// <summary>The account type used for Bank accounts.</summary>
    public const string BankType = "Bank";

    /// <summary>The account type of Undeposited Funds and other current assets.</summary>
    public const string OtherCurrentAssetType = "Other Current Asset";

    /// <summary>The account type of income accounts.</summary>
    public const string IncomeType = "Income";

    /// <summary>The subtype of the Undeposited Funds account.</summary>
    public const string UndepositedFundsSubType = "UndepositedFunds";

    /// <summary>The account name.</summary>
    public string? Name { get; set; }

    /// <summary>The full name including parents.</summary>
    public string? FullyQualifiedName { get; set; }

    /// <summary>The account type, e.g. <see cref="BankType"/>.</summary>
    public string? AccountType { get; set; }

    /// <summary>The subtype, e.g. <see cref="UndepositedFundsSubType"/>.</summary>
    public string? AccountSubType { get; set; }

    /// <summary><c>Asset</c>, <c>Liability</c>, <c>Equity</c>, <c>Revenue</c> or <c>Expense</c>.</summary>
    public string? Classification { get; set; }

    /// <summary>Whether the account is active.</summary>
    public bool? Active { get; set; }

    /// <summary>The current balance (read-only).</summary>
    public decimal? CurrentBalance { get; set; }

    /// <summary>The account currency.</summary>
    public QuickBooksRef? CurrencyRef { get; set; }
}
