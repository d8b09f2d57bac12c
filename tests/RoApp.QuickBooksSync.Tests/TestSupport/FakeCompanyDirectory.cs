using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Connection;

namespace RoApp.QuickBooksSync.Tests.TestSupport;

/// <summary>The QuickBooks side of settings checks, without HTTP (the HTTP reader has its own tests).</summary>
internal sealed class FakeCompanyDirectory : IQuickBooksCompanyDirectory
{
    public QuickBooksCompanyProfile Profile { get; set; } = new() { CompanyName = "Acme", Country = "US" };

    public List<QuickBooksTaxCode> TaxCodes { get; } =
    [
        new("2", "California"),
        new("3", "Out of state"),
        new("5", "GST 5%"),
        new("6", "Old rate", Active: false),
    ];

    public List<QuickBooksAccount> Accounts { get; } =
    [
        new("35", "Checking", QuickBooksAccount.BankType),
        new("4", "Undeposited Funds", QuickBooksAccount.OtherCurrentAssetType, "UndepositedFunds"),
        new("79", "Services", QuickBooksAccount.IncomeType),
        new("33", "Accounts Payable", "Accounts Payable"),
    ];

    public Dictionary<string, string> Items { get; } = new() { ["9"] = "Repair labour" };

    public int TaxCodeReads { get; private set; }

    public bool Fail { get; set; }

    public ValueTask<QuickBooksCompanyProfile> GetProfileAsync(string realmId, CancellationToken cancellationToken) =>
        Fail ? throw new QuickBooksException("down") : new(Profile);

    public ValueTask<IReadOnlyList<QuickBooksTaxCode>> ListTaxCodesAsync(string realmId, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new QuickBooksException("down");
        }

        TaxCodeReads++;
        return new(TaxCodes.ToList());
    }

    public Dictionary<string, decimal> TaxRates { get; } = new(StringComparer.Ordinal);

    public List<QuickBooksTrackingName> Departments { get; } = [];

    public List<QuickBooksTrackingName> Classes { get; } = [];

    public ValueTask<IReadOnlyList<QuickBooksTrackingName>> ListTrackingNamesAsync(string realmId, RoApp.QuickBooksSync.Settings.LocationTrackingMode kind, CancellationToken cancellationToken) =>
        Fail ? throw new QuickBooksException("down") : new((kind == RoApp.QuickBooksSync.Settings.LocationTrackingMode.Class ? Classes : Departments).ToList());

    public ValueTask<IReadOnlyDictionary<string, decimal>> ListTaxRatesAsync(string realmId, CancellationToken cancellationToken) =>
        Fail ? throw new QuickBooksException("down") : new(new Dictionary<string, decimal>(TaxRates, StringComparer.Ordinal));

    public ValueTask<IReadOnlyList<QuickBooksAccount>> ListAccountsAsync(string realmId, CancellationToken cancellationToken) =>
        Fail ? throw new QuickBooksException("down") : new(Accounts.ToList());

    public ValueTask<string?> FindItemNameAsync(string realmId, string itemId, CancellationToken cancellationToken) =>
        Fail ? throw new QuickBooksException("down") : new(Items.GetValueOrDefault(itemId));
}

internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
