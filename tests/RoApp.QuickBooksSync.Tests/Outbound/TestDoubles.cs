using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Batch;
using RoApp.QuickBooksSync.Api.Changes;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>
/// The real API client, with one thing the simulator cannot do: answer a customer create with 6240 as
/// QuickBooks does when a vendor or employee holds the name (the simulator has no vendors).
/// </summary>
internal sealed class FaultyClient(IQuickBooksClient inner) : IQuickBooksClient
{
    /// <summary>Display names held by a (simulated) vendor: creating a customer with one fails with 6240.</summary>
    public HashSet<string> VendorNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<T> CreateAsync<T>(string realmId, T entity, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity
    {
        if (entity is Customer { DisplayName: { } name } && VendorNames.Contains(name))
        {
            throw new QuickBooksDuplicateNameException($"The name '{name}' is already used by a vendor (6240).");
        }

        return inner.CreateAsync(realmId, entity, requestId, cancellationToken);
    }

    public Task<T> ReadAsync<T>(string realmId, string id, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity => inner.ReadAsync<T>(realmId, id, cancellationToken);

    public Task<T> SparseUpdateAsync<T>(string realmId, T changes, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity => inner.SparseUpdateAsync(realmId, changes, requestId, cancellationToken);

    public Task<T> FullUpdateAsync<T>(string realmId, T entity, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity => inner.FullUpdateAsync(realmId, entity, requestId, cancellationToken);

    public Task<QuickBooksDeletion> DeleteAsync<T>(string realmId, string id, string syncToken, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity => inner.DeleteAsync<T>(realmId, id, syncToken, requestId, cancellationToken);

    public Task<Invoice> VoidInvoiceAsync(string realmId, string id, string syncToken, string? requestId = null, CancellationToken cancellationToken = default) =>
        inner.VoidInvoiceAsync(realmId, id, syncToken, requestId, cancellationToken);

    public Task<Payment> VoidPaymentAsync(string realmId, string id, string syncToken, string? requestId = null, CancellationToken cancellationToken = default) =>
        inner.VoidPaymentAsync(realmId, id, syncToken, requestId, cancellationToken);

    public Task<QuickBooksQueryPage<T>> QueryAsync<T>(string realmId, QuickBooksQuery query, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity => inner.QueryAsync<T>(realmId, query, cancellationToken);

    public IAsyncEnumerable<T> QueryAllAsync<T>(string realmId, QuickBooksQuery query, int pageSize = QuickBooksQuery.MaxPageSize, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity => inner.QueryAllAsync<T>(realmId, query, pageSize, cancellationToken);

    public Task<int> CountAsync(string realmId, QuickBooksQuery query, CancellationToken cancellationToken = default) =>
        inner.CountAsync(realmId, query, cancellationToken);

    public Task<QuickBooksChanges> GetChangesAsync(string realmId, IReadOnlyCollection<string> entityNames, DateTimeOffset changedSince, CancellationToken cancellationToken = default) =>
        inner.GetChangesAsync(realmId, entityNames, changedSince, cancellationToken);

    public Task<IReadOnlyList<QuickBooksBatchResult>> BatchAsync(string realmId, IReadOnlyList<QuickBooksBatchItem> items, string? requestId = null, CancellationToken cancellationToken = default) =>
        inner.BatchAsync(realmId, items, requestId, cancellationToken);

    public Task<CompanyInfo> GetCompanyInfoAsync(string realmId, CancellationToken cancellationToken = default) =>
        inner.GetCompanyInfoAsync(realmId, cancellationToken);

    public Task<Preferences> GetPreferencesAsync(string realmId, CancellationToken cancellationToken = default) =>
        inner.GetPreferencesAsync(realmId, cancellationToken);
}

/// <summary>The in-memory link store, able to "crash the process" at the moment an invoice link is saved.</summary>
internal sealed class CrashableLinkStore(IEntityLinkStore inner) : IEntityLinkStore
{
    /// <summary>When set, the next invoice link save throws, as if the process died after QuickBooks committed.</summary>
    public bool CrashOnNextInvoiceSave { get; set; }

    public ValueTask<EntityLink?> GetByRoAppIdAsync(string companyId, string realmId, SyncedEntityType entityType, string roAppId, CancellationToken cancellationToken) =>
        inner.GetByRoAppIdAsync(companyId, realmId, entityType, roAppId, cancellationToken);

    public ValueTask<IReadOnlyList<EntityLink>> FindByQuickBooksIdAsync(string companyId, string realmId, SyncedEntityType entityType, string quickBooksId, CancellationToken cancellationToken) =>
        inner.FindByQuickBooksIdAsync(companyId, realmId, entityType, quickBooksId, cancellationToken);

    public ValueTask<bool> SaveAsync(EntityLink link, long expectedVersion, CancellationToken cancellationToken)
    {
        if (link.EntityType == SyncedEntityType.Invoice && CrashOnNextInvoiceSave)
        {
            CrashOnNextInvoiceSave = false;
            throw new ProcessCrashedException();
        }

        return inner.SaveAsync(link, expectedVersion, cancellationToken);
    }

    public ValueTask<int> DetachRealmAsync(string companyId, string realmId, CancellationToken cancellationToken) =>
        inner.DetachRealmAsync(companyId, realmId, cancellationToken);
}

internal sealed class ProcessCrashedException : Exception
{
    public ProcessCrashedException()
        : base("The worker process died here (test).")
    {
    }
}
