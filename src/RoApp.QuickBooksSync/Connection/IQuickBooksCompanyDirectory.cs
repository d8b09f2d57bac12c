using System.Text.Json.Serialization;
using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// What the connection and settings layers read about a QuickBooks company: its profile, tax codes and
/// accounts. Narrow on purpose so that it can sit on the API client as well as on plain HTTP.
/// </summary>
internal interface IQuickBooksCompanyDirectory
{
    ValueTask<QuickBooksCompanyProfile> GetProfileAsync(string realmId, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<QuickBooksTaxCode>> ListTaxCodesAsync(string realmId, CancellationToken cancellationToken);

    /// <summary>The percentage of every tax rate, by TaxRate id (tax-inclusive prices need the rates behind a code).</summary>
    ValueTask<IReadOnlyDictionary<string, decimal>> ListTaxRatesAsync(string realmId, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<QuickBooksAccount>> ListAccountsAsync(string realmId, CancellationToken cancellationToken);

    /// <summary>The company's locations (<c>Department</c>) or classes, active and inactive.</summary>
    ValueTask<IReadOnlyList<QuickBooksTrackingName>> ListTrackingNamesAsync(string realmId, LocationTrackingMode kind, CancellationToken cancellationToken);

    /// <summary>The item's name, or <see langword="null"/> when the realm has no active item with this id.</summary>
    ValueTask<string?> FindItemNameAsync(string realmId, string itemId, CancellationToken cancellationToken);
}

/// <summary>CompanyInfo and Preferences facts the sync depends on.</summary>
internal sealed record QuickBooksCompanyProfile
{
    public string? CompanyName { get; init; }

    public string? Country { get; init; }

    /// <summary>Automated Sales Tax (US): QuickBooks picks the tax code itself.</summary>
    public bool PartnerTaxEnabled { get; init; }

    public bool UsingSalesTax { get; init; }

    public bool CustomTransactionNumbers { get; init; }

    public bool MultiCurrencyEnabled { get; init; }

    public string? HomeCurrency { get; init; }

    /// <summary>Whether transactions carry a location (<c>DepartmentRef</c>).</summary>
    public bool TrackDepartments { get; init; }

    /// <summary>Whether a transaction carries one class.</summary>
    public bool ClassTrackingPerTxn { get; init; }

    /// <summary>Whether each line carries its class.</summary>
    public bool ClassTrackingPerTxnLine { get; init; }

    [JsonIgnore]
    public bool IsUnitedStates => string.Equals(Country, "US", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A QuickBooks tax code as the settings and the tax plan use it.</summary>
/// <param name="Id">The TaxCode id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Active">Whether it is active.</param>
/// <param name="Taxable">Whether it taxes.</param>
/// <param name="SalesRateIds">The TaxRate ids the code applies on sales (several for a combined code such as GST + PST).</param>
internal sealed record QuickBooksTaxCode(string Id, string Name, bool Active = true, bool Taxable = true, IReadOnlyList<string>? SalesRateIds = null);

internal sealed record QuickBooksAccount(string Id, string Name, string AccountType, string? AccountSubType = null, bool Active = true)
{
    public const string BankType = "Bank";
    public const string OtherCurrentAssetType = "Other Current Asset";
    public const string IncomeType = "Income";

    /// <summary>QuickBooks accepts only these as a payment's DepositToAccountRef.</summary>
    public bool CanReceiveDeposits =>
        string.Equals(AccountType, BankType, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(AccountType, OtherCurrentAssetType, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The JSON form of the profile kept in <c>StoredConnection.CompanyProfileJson</c>.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QuickBooksCompanyProfile))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext;

/// <summary>A QuickBooks location (<c>Department</c>) or class as the location mapping uses it.</summary>
/// <param name="Id">The entity id.</param>
/// <param name="Name">Its name (a sub-location's own name, not the qualified one).</param>
/// <param name="FullyQualifiedName">The name with its parents', e.g. <c>North:Downtown</c>.</param>
/// <param name="Active">Whether it is in use.</param>
internal sealed record QuickBooksTrackingName(string Id, string Name, string? FullyQualifiedName, bool Active);
