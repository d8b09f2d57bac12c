using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>Reads company facts through the API client (rate limits, retries and the 401 refresh included).</summary>
internal sealed class ClientQuickBooksCompanyDirectory(IQuickBooksClient client) : IQuickBooksCompanyDirectory
{
    public async ValueTask<QuickBooksCompanyProfile> GetProfileAsync(string realmId, CancellationToken cancellationToken)
    {
        var info = await client.GetCompanyInfoAsync(realmId, cancellationToken).ConfigureAwait(false);
        var prefs = await client.GetPreferencesAsync(realmId, cancellationToken).ConfigureAwait(false);
        return new QuickBooksCompanyProfile
        {
            CompanyName = info.CompanyName,
            Country = info.Country,
            PartnerTaxEnabled = prefs.TaxPrefs?.PartnerTaxEnabled ?? false,
            UsingSalesTax = prefs.TaxPrefs?.UsingSalesTax ?? false,
            CustomTransactionNumbers = prefs.SalesFormsPrefs?.CustomTxnNumbers ?? false,
            MultiCurrencyEnabled = prefs.CurrencyPrefs?.MultiCurrencyEnabled ?? false,
            HomeCurrency = prefs.CurrencyPrefs?.HomeCurrency?.Value,
            TrackDepartments = prefs.AccountingInfoPrefs?.TrackDepartments ?? false,
            ClassTrackingPerTxn = prefs.AccountingInfoPrefs?.ClassTrackingPerTxn ?? false,
            ClassTrackingPerTxnLine = prefs.AccountingInfoPrefs?.ClassTrackingPerTxnLine ?? false,
        };
    }

    public async ValueTask<IReadOnlyList<QuickBooksTaxCode>> ListTaxCodesAsync(string realmId, CancellationToken cancellationToken)
    {
        var codes = await client.ListTaxCodesAsync(realmId, cancellationToken).ConfigureAwait(false);
        return codes
            .Where(c => c.Id is not null && c.Name is not null)
            .Select(c => new QuickBooksTaxCode(
                c.Id!,
                c.Name!,
                c.Active ?? true,
                c.Taxable ?? true,
                c.SalesTaxRateList?.TaxRateDetails?.Select(d => d.TaxRateRef?.Value).OfType<string>().ToList()))
            .ToList();
    }

    public async ValueTask<IReadOnlyList<QuickBooksTrackingName>> ListTrackingNamesAsync(string realmId, LocationTrackingMode kind, CancellationToken cancellationToken)
    {
        // A plain query hides inactive name-list objects; the inactive ones are read too, so a mapping to one is
        // named as inactive rather than as missing.
        var result = new List<QuickBooksTrackingName>();
        foreach (var active in new[] { true, false })
        {
            if (kind == LocationTrackingMode.Location)
            {
                var query = QuickBooksQuery.From<Department>();
                await foreach (var d in client.QueryAllAsync<Department>(realmId, active ? query : query.Where("Active", false), cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (d.Id is not null && d.Name is not null)
                    {
                        result.Add(new QuickBooksTrackingName(d.Id, d.Name, d.FullyQualifiedName, d.Active ?? active));
                    }
                }
            }
            else if (kind == LocationTrackingMode.Class)
            {
                var query = QuickBooksQuery.From<QuickBooksClass>();
                await foreach (var c in client.QueryAllAsync<QuickBooksClass>(realmId, active ? query : query.Where("Active", false), cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (c.Id is not null && c.Name is not null)
                    {
                        result.Add(new QuickBooksTrackingName(c.Id, c.Name, c.FullyQualifiedName, c.Active ?? active));
                    }
                }
            }
        }

        return result;
    }

    public async ValueTask<IReadOnlyDictionary<string, decimal>> ListTaxRatesAsync(string realmId, CancellationToken cancellationToken)
    {
        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await foreach (var rate in client.QueryAllAsync<TaxRate>(realmId, QuickBooksQuery.From<TaxRate>(), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (rate.Id is not null)
            {
                rates[rate.Id] = rate.RateValue ?? 0m;
            }
        }

        return rates;
    }

    public async ValueTask<IReadOnlyList<QuickBooksAccount>> ListAccountsAsync(string realmId, CancellationToken cancellationToken)
    {
        var result = new List<QuickBooksAccount>();
        await foreach (var a in client.QueryAllAsync<Account>(realmId, QuickBooksQuery.From<Account>(), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (a.Id is not null)
            {
                result.Add(new QuickBooksAccount(a.Id, a.Name ?? a.Id, a.AccountType ?? string.Empty, a.AccountSubType, a.Active ?? true));
            }
        }

        return result;
    }

    public async ValueTask<string?> FindItemNameAsync(string realmId, string itemId, CancellationToken cancellationToken)
    {
        try
        {
            var item = await client.ReadAsync<Item>(realmId, itemId, cancellationToken).ConfigureAwait(false);
            return item.Active == false ? null : item.Name ?? itemId;
        }
        catch (QuickBooksObjectNotFoundException)
        {
            return null;
        }
    }
}
