using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Api.Changes;

/// <summary>What changed in a QuickBooks company since a moment (change data capture).</summary>
/// <param name="Changed">Created or updated objects, as full objects of their entity type.</param>
/// <param name="Deleted">Objects deleted in the window (tombstones).</param>
public sealed record QuickBooksChanges(IReadOnlyList<QuickBooksEntity> Changed, IReadOnlyList<QuickBooksDeletion> Deleted)
{
    /// <summary>The changed objects of one entity type.</summary>
    /// <typeparam name="T">The entity type, e.g. <see cref="Invoice"/>.</typeparam>
    /// <returns>The objects of that type.</returns>
    public IEnumerable<T> ChangedOf<T>()
        where T : QuickBooksEntity => Changed.OfType<T>();
}

/// <summary>A deleted QuickBooks object.</summary>
/// <param name="EntityName">Its entity, e.g. <c>Invoice</c>.</param>
/// <param name="Id">Its id.</param>
/// <param name="DeletedAt">When it was deleted, when QuickBooks said.</param>
public sealed record QuickBooksDeletion(string EntityName, string Id, DateTimeOffset? DeletedAt);
