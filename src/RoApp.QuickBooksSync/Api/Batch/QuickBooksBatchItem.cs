using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;

namespace RoApp.QuickBooksSync.Api.Batch;

/// <summary>
/// One operation of a batch request. Items of a batch are independent: none may depend on another,
/// and QuickBooks runs them in no guaranteed order.
/// </summary>
public sealed class QuickBooksBatchItem
{
    private QuickBooksBatchItem(string operation, QuickBooksEntity? entity, string? query, string? batchId)
    {
        if (batchId is not null && (batchId.Length == 0 || batchId.Length > 10))
        {
            throw new ArgumentException($"A batch item id (bId) must be 1 to 10 characters; '{batchId}' is not.", nameof(batchId));
        }

        Operation = operation;
        Entity = entity;
        Query = query;
        BatchId = batchId;
    }

    /// <summary><c>create</c>, <c>update</c>, <c>delete</c> or <c>query</c>.</summary>
    public string Operation { get; }

    /// <summary>The object written, for create, update and delete.</summary>
    public QuickBooksEntity? Entity { get; }

    /// <summary>The statement, for queries.</summary>
    public string? Query { get; }

    /// <summary>The item's <c>bId</c>; when none is given the client numbers the items.</summary>
    public string? BatchId { get; }

    /// <summary>Creates an object.</summary>
    /// <param name="entity">The new object.</param>
    /// <param name="batchId">An optional <c>bId</c> (at most 10 characters).</param>
    /// <returns>The item.</returns>
    public static QuickBooksBatchItem Create(QuickBooksEntity entity, string? batchId = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new("create", entity, null, batchId);
    }

    /// <summary>Updates an object: sparse when <paramref name="sparse"/> (only the fields set change), else full.</summary>
    /// <param name="entity">The object with <c>Id</c> and current <c>SyncToken</c>.</param>
    /// <param name="sparse">Sparse (the default) or full update.</param>
    /// <param name="batchId">An optional <c>bId</c>.</param>
    /// <returns>The item.</returns>
    public static QuickBooksBatchItem Update(QuickBooksEntity entity, bool sparse = true, string? batchId = null)
    {
        RequireKey(entity);
        entity.Sparse = sparse ? true : null;
        return new("update", entity, null, batchId);
    }

    /// <summary>Deletes an object (invoices, payments).</summary>
    /// <param name="entity">The object with <c>Id</c> and current <c>SyncToken</c>.</param>
    /// <param name="batchId">An optional <c>bId</c>.</param>
    /// <returns>The item.</returns>
    public static QuickBooksBatchItem Delete(QuickBooksEntity entity, string? batchId = null)
    {
        RequireKey(entity);
        return new("delete", entity, null, batchId);
    }

    /// <summary>Runs a query.</summary>
    /// <param name="query">The query.</param>
    /// <param name="batchId">An optional <c>bId</c>.</param>
    /// <returns>The item.</returns>
    public static QuickBooksBatchItem ForQuery(QuickBooksQuery query, string? batchId = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new("query", null, query.ToString(), batchId);
    }

    private static void RequireKey(QuickBooksEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (string.IsNullOrEmpty(entity.Id) || string.IsNullOrEmpty(entity.SyncToken))
        {
            throw new ArgumentException("Updating or deleting in a batch needs the object's Id and current SyncToken; read the object first.", nameof(entity));
        }
    }
}

/// <summary>The outcome of one batch item: an object, query rows, a deletion, or its own fault.</summary>
public sealed class QuickBooksBatchResult
{
    internal QuickBooksBatchResult(QuickBooksBatchItem item, string batchId)
    {
        Item = item;
        BatchId = batchId;
    }

    /// <summary>The item this result answers.</summary>
    public QuickBooksBatchItem Item { get; }

    /// <summary>The item's <c>bId</c>.</summary>
    public string BatchId { get; }

    /// <summary>The created or updated object.</summary>
    public QuickBooksEntity? Entity { get; internal init; }

    /// <summary>The rows of a query item.</summary>
    public IReadOnlyList<QuickBooksEntity>? QueryRows { get; internal init; }

    /// <summary>The deletion, for delete items.</summary>
    public Changes.QuickBooksDeletion? Deletion { get; internal init; }

    /// <summary>The item's fault; the other items are unaffected.</summary>
    public QuickBooksApiException? Error { get; internal init; }

    /// <summary><see langword="true"/> when the item succeeded.</summary>
    public bool Succeeded => Error is null;
}
