using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;

namespace RoApp.QuickBooksSync.Api;

/// <summary>Look-ups the connection and settings checks need, built on <see cref="IQuickBooksClient"/> queries.</summary>
public static class QuickBooksClientExtensions
{
    /// <summary>The tax code with this exact name, or <see langword="null"/> when none exists.</summary>
    /// <param name="client">The client.</param>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="name">The tax code name as typed (quotes are escaped).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tax code or <see langword="null"/>.</returns>
    public static async Task<TaxCode?> FindTaxCodeByNameAsync(this IQuickBooksClient client, string realmId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.QueryAsync<TaxCode>(realmId, QuickBooksQuery.From<TaxCode>().Where("Name", QueryOperator.Equal, name), cancellationToken).ConfigureAwait(false);
        return page.Items.Count > 0 ? page.Items[0] : null;
    }

    /// <summary>Every tax code of the company (TaxCode is not covered by change data capture: call again when needed).</summary>
    /// <param name="client">The client.</param>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tax codes.</returns>
    public static Task<IReadOnlyList<TaxCode>> ListTaxCodesAsync(this IQuickBooksClient client, string realmId, CancellationToken cancellationToken = default) =>
        ListAsync<TaxCode>(client, realmId, QuickBooksQuery.From<TaxCode>(), cancellationToken);

    /// <summary>Every account of the chart of accounts, or only those of one type, e.g. <see cref="Account.BankType"/>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="accountType">The account type; none lists every account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The accounts.</returns>
    public static Task<IReadOnlyList<Account>> ListAccountsAsync(this IQuickBooksClient client, string realmId, string? accountType = null, CancellationToken cancellationToken = default) =>
        ListAsync<Account>(
            client,
            realmId,
            accountType is null ? QuickBooksQuery.From<Account>() : QuickBooksQuery.From<Account>().Where("AccountType", QueryOperator.Equal, accountType),
            cancellationToken);

    /// <summary>The company's Undeposited Funds account (its id differs per company), or <see langword="null"/>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account or <see langword="null"/>.</returns>
    public static async Task<Account?> FindUndepositedFundsAccountAsync(this IQuickBooksClient client, string realmId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.QueryAsync<Account>(
            realmId, QuickBooksQuery.From<Account>().Where("AccountSubType", QueryOperator.Equal, Account.UndepositedFundsSubType), cancellationToken).ConfigureAwait(false);
        return page.Items.Count > 0 ? page.Items[0] : null;
    }

    private static async Task<IReadOnlyList<T>> ListAsync<T>(IQuickBooksClient client, string realmId, QuickBooksQuery query, CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        ArgumentNullException.ThrowIfNull(client);
        var items = new List<T>();
        await foreach (var item in client.QueryAllAsync<T>(realmId, query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items;
    }
}
