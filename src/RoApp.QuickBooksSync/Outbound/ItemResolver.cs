using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Finds the QuickBooks item of an invoice line per the company's item policy: the one chosen item, or the item
/// linked to the line's product (by SKU when it has one, else by name), then an item with that SKU, then one with
/// that name (unless it carries another SKU: another product), else a new item of the line's kind (a product is a
/// <c>NonInventory</c> item, a service a <c>Service</c> item) with the SKU, on the configured income account (or the
/// first Income account). A found item keeps its type: QuickBooks does not change an item's type freely.
/// </summary>
internal sealed class ItemResolver(IQuickBooksClient client, IEntityLinkStore links, TimeProvider time)
{
    private const int MaxNameLength = 100;
    private const int MaxSkuLength = 100;

    private readonly Engine.SingleFlight<(string CompanyId, string RealmId, string Key), string> _resolving = new();

    /// <summary>
    /// Resolves the products of a bulk chunk together and links them: products already linked cost nothing; the
    /// others are looked up with one <c>Sku IN (...)</c> and one <c>Name IN (...)</c> query (per 30), and only those
    /// still missing are created one by one (a shop has far fewer products than invoices, so creates are rare).
    /// </summary>
    public async ValueTask ResolveManyAsync(OutboundCompany company, IEnumerable<RoAppInvoiceLine> lines, CancellationToken cancellationToken)
    {
        if (company.Settings.ItemPolicy.SingleItemId is { Length: > 0 })
        {
            return;
        }

        var unlinked = new List<(ItemWanted Wanted, EntityLink? Link)>();
        foreach (var wanted in lines.Select(ItemWanted.Of).DistinctBy(w => w.Key, StringComparer.Ordinal))
        {
            var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Item, wanted.Key, cancellationToken).ConfigureAwait(false);
            if (link is not { State: LinkState.Active })
            {
                unlinked.Add((wanted, link));
            }
        }

        foreach (var part in unlinked.Chunk(30))
        {
            var skus = part.Where(p => p.Wanted.Sku is not null).Select(p => p.Wanted.Sku!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var bySku = skus.Count == 0 ? []
                : (await client.QueryAsync<Item>(company.RealmId, QuickBooksQuery.From<Item>().WhereIn("Sku", skus).Page(1, 1000), cancellationToken).ConfigureAwait(false)).Items;
            var byName = (await client.QueryAsync<Item>(company.RealmId, QuickBooksQuery.From<Item>().WhereIn("Name", part.Select(p => p.Wanted.Name).Distinct(StringComparer.OrdinalIgnoreCase)).Page(1, 1000), cancellationToken).ConfigureAwait(false)).Items;
            foreach (var (wanted, link) in part)
            {
                var item = await FindOrCreateAsync(
                    company,
                    wanted,
                    wanted.Sku is null ? null : bySku.FirstOrDefault(i => string.Equals(i.Sku, wanted.Sku, StringComparison.OrdinalIgnoreCase)),
                    byName.FirstOrDefault(i => string.Equals(i.Name, wanted.Name, StringComparison.OrdinalIgnoreCase)),
                    cancellationToken).ConfigureAwait(false);
                await RememberAsync(company, wanted.Key, item, link, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The item of an invoice line.</summary>
    public ValueTask<string> ResolveAsync(OutboundCompany company, RoAppInvoiceLine line, CancellationToken cancellationToken) =>
        ResolveAsync(company, ItemWanted.Of(line), cancellationToken);

    /// <summary>The service item of a name (a refund's line).</summary>
    public ValueTask<string> ResolveAsync(OutboundCompany company, string serviceName, CancellationToken cancellationToken) =>
        ResolveAsync(company, new ItemWanted(CleanName(serviceName), RoAppItemKind.Service, null), cancellationToken);

    private async ValueTask<string> ResolveAsync(OutboundCompany company, ItemWanted wanted, CancellationToken cancellationToken)
    {
        if (company.Settings.ItemPolicy.SingleItemId is { Length: > 0 } single)
        {
            return single;
        }

        var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Item, wanted.Key, cancellationToken).ConfigureAwait(false);
        if (link is { State: LinkState.Active })
        {
            return link.QuickBooksId;
        }

        // Invoices of one new product resolved side by side (workers starting on a backlog) find or create it once.
        return await _resolving.RunAsync((company.CompanyId, company.RealmId, wanted.Key), async () =>
        {
            var current = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Item, wanted.Key, cancellationToken).ConfigureAwait(false);
            if (current is { State: LinkState.Active })
            {
                return current.QuickBooksId;
            }

            var bySku = wanted.Sku is null ? null : await FindAsync(company.RealmId, "Sku", wanted.Sku, cancellationToken).ConfigureAwait(false);
            var byName = bySku is null ? await FindAsync(company.RealmId, "Name", wanted.Name, cancellationToken).ConfigureAwait(false) : null;
            var item = await FindOrCreateAsync(company, wanted, bySku, byName, cancellationToken).ConfigureAwait(false);
            await RememberAsync(company, wanted.Key, item, current, cancellationToken).ConfigureAwait(false);
            return item.Id!;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The item found by SKU; else the one found by name unless it is another product (another SKU); else a new one.</summary>
    private async ValueTask<Item> FindOrCreateAsync(OutboundCompany company, ItemWanted wanted, Item? bySku, Item? byName, CancellationToken cancellationToken)
    {
        if (bySku is not null)
        {
            return bySku;
        }

        if (byName is not null && IsSameProduct(wanted, byName))
        {
            return byName;
        }

        // The name is another product's: this one gets its SKU in its name (QuickBooks keeps item names unique).
        return await CreateAsync(company, byName is null ? wanted : wanted with { Name = VariantName(wanted) }, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsSameProduct(ItemWanted wanted, Item item) =>
        wanted.Sku is null || string.IsNullOrWhiteSpace(item.Sku) || string.Equals(item.Sku.Trim(), wanted.Sku, StringComparison.OrdinalIgnoreCase);

    private static string VariantName(ItemWanted wanted)
    {
        var suffix = $" ({wanted.Sku})";
        return (wanted.Name.Length + suffix.Length > MaxNameLength ? wanted.Name[..(MaxNameLength - suffix.Length)] : wanted.Name) + suffix;
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

    private static string? CleanSku(string? sku)
    {
        var trimmed = sku?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > MaxSkuLength ? trimmed[..MaxSkuLength] : trimmed;
    }

    private async ValueTask<Item?> FindAsync(string realmId, string field, string value, CancellationToken cancellationToken)
    {
        var page = await client.QueryAsync<Item>(realmId, QuickBooksQuery.From<Item>().Where(field, QueryOperator.Equal, value), cancellationToken).ConfigureAwait(false);
        return page.Items.Count > 0 ? page.Items[0] : null;
    }

    private async ValueTask<Item> CreateAsync(OutboundCompany company, ItemWanted wanted, CancellationToken cancellationToken)
    {
        var name = wanted.Name;
        var incomeAccount = company.Settings.ItemPolicy.IncomeAccountId;
        if (string.IsNullOrEmpty(incomeAccount))
        {
            var accounts = await client.QueryAsync<Account>(company.RealmId, QuickBooksQuery.From<Account>().Where("AccountType", QueryOperator.Equal, "Income"), cancellationToken).ConfigureAwait(false);
            incomeAccount = accounts.Items.Count > 0 ? accounts.Items[0].Id : null;
        }

        var type = wanted.Kind == RoAppItemKind.Product ? "NonInventory" : "Service";
        if (string.IsNullOrEmpty(incomeAccount))
        {
            throw new QuickBooksValidationException(
                $"Cannot create the QuickBooks {(wanted.Kind == RoAppItemKind.Product ? "product" : "service")} item '{name}': the QuickBooks company has no Income account. Create an Income account in QuickBooks or choose one item for all lines in the QuickBooks settings (ItemPolicy).");
        }

        try
        {
            return await client.CreateAsync(
                company.RealmId,
                new Item { Name = name, Type = type, Sku = wanted.Sku, IncomeAccountRef = new QuickBooksRef(incomeAccount) },
                RequestIds.For(company.CompanyId, company.RealmId, "item", wanted.Sku is null ? name.ToUpperInvariant() : wanted.Key + "|" + name.ToUpperInvariant(), "create"),
                cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksDuplicateNameException)
        {
            // Another worker created it meanwhile, or an inactive item holds the name: take the active one if it is this product.
            var existing = await FindAsync(company.RealmId, "Name", name, cancellationToken).ConfigureAwait(false);
            if (existing is null || !IsSameProduct(wanted, existing))
            {
                throw;
            }

            return existing;
        }
    }

    /// <summary>What a line asks for: its cleaned name, kind and SKU; the link key is the SKU when there is one, else the name.</summary>
    private readonly record struct ItemWanted(string Name, RoAppItemKind Kind, string? Sku)
    {
        public string Key => Sku is null ? Name.ToUpperInvariant() : "SKU:" + Sku.ToUpperInvariant();

        public static ItemWanted Of(RoAppInvoiceLine line) => new(CleanName(line.Name), line.Kind, CleanSku(line.Sku));
    }
}
