using RoApp.QuickBooksSync.Api.Batch;
using RoApp.QuickBooksSync.Api.Changes;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;

namespace RoApp.QuickBooksSync.Api;

/// <summary>
/// The QuickBooks Online Accounting API, typed. Every call names the company (realm), is kept under
/// the realm's limits, retried when the failure may pass, and fails with a typed
/// <see cref="Errors.QuickBooksApiException"/> otherwise.
/// </summary>
/// <remarks>
/// Writes carry a <c>requestid</c> so QuickBooks answers a repeated write with the first result instead
/// of acting twice. Pass a stable id per logical write (e.g. derived from company, invoice and
/// generation, at most 50 characters) so that a retry after a crash reuses it; without one the client
/// makes an id per call and reuses it for that call's own retries.
/// </remarks>
public interface IQuickBooksClient
{
    /// <summary>Creates an object.</summary>
    /// <typeparam name="T">The entity type, e.g. <see cref="Invoice"/>.</typeparam>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="entity">The new object.</param>
    /// <param name="requestId">The idempotency key of this logical write (at most 50 characters), or none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The object as QuickBooks stored it, with <c>Id</c> and <c>SyncToken</c>.</returns>
    Task<T> CreateAsync<T>(string realmId, T entity, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity;

    /// <summary>Reads an object by id.</summary>
    /// <typeparam name="T">The entity type.</typeparam>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="id">The object id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The object.</returns>
    Task<T> ReadAsync<T>(string realmId, string id, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity;

    /// <summary>
    /// Sparse update: changes only the fields set on <paramref name="changes"/> (which needs <c>Id</c> and the
    /// current <c>SyncToken</c>). Lines are all-or-nothing: when sending lines, send all of them.
    /// </summary>
    /// <typeparam name="T">The entity type.</typeparam>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="changes">The id, the SyncToken and the changed fields; its <c>Sparse</c> flag is set.</param>
    /// <param name="requestId">The idempotency key of this logical write, or none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated object.</returns>
    Task<T> SparseUpdateAsync<T>(string realmId, T changes, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity;

    /// <summary>
    /// Full update: every writable field not sent becomes empty. Send an object read from QuickBooks and
    /// changed: fields this library does not model travel back through <see cref="QuickBooksEntity.AdditionalProperties"/>.
    /// </summary>
    /// <typeparam name="T">The entity type.</typeparam>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="entity">The whole object, with <c>Id</c> and current <c>SyncToken</c>.</param>
    /// <param name="requestId">The idempotency key of this logical write, or none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated object.</returns>
    Task<T> FullUpdateAsync<T>(string realmId, T entity, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity;

    /// <summary>Deletes an object (invoices and payments; list entities are made inactive instead).</summary>
    /// <typeparam name="T">The entity type.</typeparam>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="id">The object id.</param>
    /// <param name="syncToken">The object's current SyncToken.</param>
    /// <param name="requestId">The idempotency key of this logical write, or none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deletion QuickBooks confirmed.</returns>
    Task<QuickBooksDeletion> DeleteAsync<T>(string realmId, string id, string syncToken, string? requestId = null, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity;

    /// <summary>Voids an invoice: it stays, with zero amounts and "Voided" prepended to its private note.</summary>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="id">The invoice id.</param>
    /// <param name="syncToken">The invoice's current SyncToken.</param>
    /// <param name="requestId">The idempotency key of this logical write, or none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The voided invoice.</returns>
    Task<Invoice> VoidInvoiceAsync(string realmId, string id, string syncToken, string? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>Voids a payment (<c>operation=update&amp;include=void</c>).</summary>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="id">The payment id.</param>
    /// <param name="syncToken">The payment's current SyncToken.</param>
    /// <param name="requestId">The idempotency key of this logical write, or none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The voided payment.</returns>
    Task<Payment> VoidPaymentAsync(string realmId, string id, string syncToken, string? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>Runs one query and returns one page (as the query's <c>STARTPOSITION</c>/<c>MAXRESULTS</c> say).</summary>
    /// <typeparam name="T">The entity type the query selects.</typeparam>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="query">The query, built with <see cref="QuickBooksQuery.From{T}"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<QuickBooksQueryPage<T>> QueryAsync<T>(string realmId, QuickBooksQuery query, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity;

    /// <summary>Runs a query and pages through every row (<c>STARTPOSITION</c>/<c>MAXRESULTS</c>), page by page as they are read.</summary>
    /// <typeparam name="T">The entity type the query selects.</typeparam>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="query">The query; its own page settings are replaced.</param>
    /// <param name="pageSize">Rows per request, 1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every row.</returns>
    IAsyncEnumerable<T> QueryAllAsync<T>(string realmId, QuickBooksQuery query, int pageSize = QuickBooksQuery.MaxPageSize, CancellationToken cancellationToken = default)
        where T : QuickBooksEntity;

    /// <summary>Counts the rows a query matches (<c>SELECT COUNT(*)</c>).</summary>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    Task<int> CountAsync(string realmId, QuickBooksQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Change data capture: every object of the listed entities changed or deleted since a moment (at most
    /// 30 days back). When an answer hits QuickBooks' 1,000-object cap, the request is split (per entity,
    /// then by moving the start past what was received) and asked again, so nothing is missed.
    /// </summary>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="entityNames">Entity names, e.g. <c>Invoice</c>, <c>Payment</c>.</param>
    /// <param name="changedSince">The start of the window.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changed objects and the deletions.</returns>
    Task<QuickBooksChanges> GetChangesAsync(string realmId, IReadOnlyCollection<string> entityNames, DateTimeOffset changedSince, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends independent operations in batch requests of at most 30 (more are split). Each item's result
    /// or fault is reported on that item; one item's fault does not fail the others.
    /// </summary>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="items">The operations.</param>
    /// <param name="requestId">The idempotency key of this logical batch, or none; each request of 30 derives its own.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per item, in the order of <paramref name="items"/>.</returns>
    Task<IReadOnlyList<QuickBooksBatchResult>> BatchAsync(string realmId, IReadOnlyList<QuickBooksBatchItem> items, string? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the company's identity (name, country).</summary>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The company info.</returns>
    Task<CompanyInfo> GetCompanyInfoAsync(string realmId, CancellationToken cancellationToken = default);

    /// <summary>Reads the company's preferences (custom transaction numbers, multicurrency, sales tax).</summary>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The preferences.</returns>
    Task<Preferences> GetPreferencesAsync(string realmId, CancellationToken cancellationToken = default);
}
