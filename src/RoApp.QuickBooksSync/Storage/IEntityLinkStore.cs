namespace RoApp.QuickBooksSync.Storage;

/// <summary>Stores the links between RO App objects and QuickBooks objects.</summary>
/// <remarks>
/// <para>Contract, for every implementation:</para>
/// <list type="bullet">
/// <item>A link is identified by (company, realm, entity type, RO App id): one RO App object has at most one
/// link per realm. Several RO App objects may link to one QuickBooks object (two clients found by one
/// e-mail address share a customer), so lookups by QuickBooks id return a list.</item>
/// <item><see cref="SaveAsync"/> is a compare-and-swap on <see cref="EntityLink.Version"/> (0: insert, fails
/// when the link exists), atomic across processes; the loser gets <see langword="false"/> and re-reads.</item>
/// <item>Every lookup names the realm: links of one realm are never returned for another, so a company that
/// reconnects to another QuickBooks company starts with no links there.</item>
/// <item>Lookups return links in any <see cref="LinkState"/>; callers decide what a detached or deleted link means.</item>
/// </list>
/// </remarks>
public interface IEntityLinkStore
{
    /// <summary>The link of an RO App object in a realm, or <see langword="null"/>.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="realmId">The QuickBooks realm.</param>
    /// <param name="entityType">The kind of object.</param>
    /// <param name="roAppId">The RO App id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<EntityLink?> GetByRoAppIdAsync(string companyId, string realmId, SyncedEntityType entityType, string roAppId, CancellationToken cancellationToken);

    /// <summary>The links to a QuickBooks object in a realm, oldest first (empty when none).</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="realmId">The QuickBooks realm.</param>
    /// <param name="entityType">The kind of object.</param>
    /// <param name="quickBooksId">The QuickBooks id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<EntityLink>> FindByQuickBooksIdAsync(string companyId, string realmId, SyncedEntityType entityType, string quickBooksId, CancellationToken cancellationToken);

    /// <summary>Inserts or updates a link if the stored version is <paramref name="expectedVersion"/> (0: no link yet).</summary>
    /// <param name="link">The link; its <see cref="EntityLink.Version"/> is ignored.</param>
    /// <param name="expectedVersion">The version read before the change, or 0 for a new link.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when someone else wrote first.</returns>
    ValueTask<bool> SaveAsync(EntityLink link, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Marks every active link of a company in a realm <see cref="LinkState.Detached"/> (the company disconnected
    /// or switched to another realm), bumping each link's version.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="realmId">The realm being left.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many links were detached.</returns>
    ValueTask<int> DetachRealmAsync(string companyId, string realmId, CancellationToken cancellationToken);
}
