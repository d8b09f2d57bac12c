using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Finds the QuickBooks item of an invoice line per the company's item policy: the one chosen item, or the
/// item linked to the product name, then an item with that name, else a new Service item on the configured
/// income account (or the first Income account).
/// </summary>
internal sealed class ItemResolver(IQuickBooksClient client, IEntityLinkStore links, TimeProvider time)
{
    private const int MaxNameLength = 100;

    /// <summary>
    /// Resolves the product names of a bulk chunk together and links them: names already linked cost nothing; the
    /// others are looked up with one <c>Name IN (...)</c> query (per 30 names), and only those still missing are
    /// created one by one (a shop has far fewer products than invoices, so creates are rare).
    /// </summary>
    public async ValueTask ResolveManyAsync(OutboundCompany company, IEnumerable<string> productNames, CancellationToken cancellationToken)
    {
        if (company.Settings.ItemPolicy.SingleItemId is { Length: > 0 })
        {
            return;
        }

        var unlinked = new List<(string Name, EntityLink? Link)>();
        foreach (var name in productNames.Select(CleanName).DistinctBy(n => n.ToUpperInvariant(), StringComparer.Ordinal))
        {
            var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Item, name.ToUpperInvariant(), cancellationToken).ConfigureAwait(false);
            if (link is not { State: LinkState.Active })
            {
                unlinked.Add((name, link));
            }
        }

        foreach (var part in unlinked.Chunk(30))
        {
            var page = await client.QueryAsync<Item>(company.RealmId, QuickBooksQuery.From<Item>().WhereIn("Name", part.Select(p => p.Name)).Page(1, 1000), cancellationToken).ConfigureAwait(false);
            foreach (var (name, link) in part)
            {
                var item = page.Items.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? await CreateAsync(company, name, cancellationToken).ConfigureAwait(false);
                await RememberAsync(company, name.ToUpperInvariant(), item, link, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask<string> ResolveAsync(OutboundCompany company, string productName, CancellationToken cancellationToken)
    {
        if (company.Settings.ItemPolicy.SingleItemId is { Length: > 0 } single)
        {
            return single;
        }

        var name = CleanName(productName);
        var key = name.ToUpperInvariant();
        var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Item, key, cancellationToken).ConfigureAwait(false);
        if (link is { State: LinkState.Active })
        {
            return link.QuickBooksId;
        }

        var item = await FindAsync(company.RealmId, name, cancellationToken).ConfigureAwait(false)
            ?? await CreateAsync(company, name, cancellationToken).ConfigureAwait(false);
        await RememberAsync(company, key, item, link, cancellationToken).ConfigureAwait(false);
        return item.Id!;
    }

    private async ValueTask RememberAsync(OutboundCompany company, string key, Item item, EntityLink? previous, CancellationToken cancellationToken) =>
        await links.SaveAsync(
            new EntityLink
            {
                CompanyId = company.CompanyId,
                RealmId = company.RealmId,
                EntityType = SyncedEntityType.Item,
                RoAppId = key,
                QuickBooksId = item.Id!,
                SyncToken = item.SyncToken,
                Origin = LinkOrigin.RoApp,
                LastSyncedAt = time.GetUtcNow(),
            },
            previous?.Version ?? 0,
            cancellationToken).ConfigureAwait(false);

    /// <summary>QuickBooks item names may not contain ':' (it separates parent and child) and are at most 100 characters.</summary>
    internal static string CleanName(string productName)
    {
        var name = (productName ?? string.Empty).Replace(':', '-').Replace('\t', ' ').Replace('\n', ' ').Trim();
        if (name.Length == 0)
        {
            name = "RO App item";
        }

        return name.Length > MaxNameLength ? name[..MaxNameLength] : name;
    }

    private async ValueTask<Item?> FindAsync(string realmId, string name, CancellationToken cancellationToken)
    {
        var page = await client.QueryAsync<Item>(realmId, QuickBooksQuery.From<Item>().Where("Name", QueryOperator.Equal, name), cancellationToken).ConfigureAwait(false);
        return page.Items.Count > 0 ? page.Items[0] : null;
    }

    private async ValueTask<Item> CreateAsync(OutboundCompany company, string name, CancellationToken cancellationToken)
    {
        var incomeAccount = company.Settings.ItemPolicy.IncomeAccountId;
        if (string.IsNullOrEmpty(incomeAccount))
        {
            var accounts = await client.QueryAsync<Account>(company.RealmId, QuickBooksQuery.From<Account>().Where("AccountType", QueryOperator.Equal, "Income"), cancellationToken).ConfigureAwait(false);
            incomeAccount = accounts.Items.Count > 0 ? accounts.Items[0].Id : null;
        }

        if (string.IsNullOrEmpty(incomeAccount))
        {
            throw new QuickBooksValidationException(
                $"Cannot create the QuickBooks service item '{name}': the QuickBooks company has no Income account. Create an Income account in QuickBooks or choose one item for all lines in the QuickBooks settings (ItemPolicy).");
        }

        try
        {
            return await client.CreateAsync(
                company.RealmId,
                new Item { Name = name, Type = "Service", IncomeAccountRef = new QuickBooksRef(incomeAccount) },
                RequestIds.For(company.CompanyId, company.RealmId, "item", name.ToUpperInvariant(), "create"),
                cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksDuplicateNameException)
        {
            // Another worker created it meanwhile, or an inactive item holds the name: take the active one if any.
            var existing = await FindAsync(company.RealmId, name, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                throw;
            }

            return existing;
        }
    }
}
