using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Batch;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Sends up to 30 invoices of one company in one batch request (backfill). Each member's write claim is taken
/// first (a member another writer holds is queued as a single send that waits for that writer), so no single send, manual sync or other bulk chunk of
/// the same invoice runs meanwhile in any process. Customers and items are resolved per invoice (from links once
/// known); the writes go together. Batch items cannot carry their own request id, so every create is recorded
/// as pending on its claim before the batch goes: after an ambiguous outcome, a crash or a lost lease, whichever
/// path writes the invoice next looks it up first. A member with a write still pending goes alone, looked up first.
/// </summary>
internal sealed partial class InvoiceBulkHandler(
    InvoiceSender sender,
    RoAppGatewayAccessor gateway,
    CustomerResolver customers,
    ItemResolver items,
    WriteClaims claims,
    WorkQueue queue,
    OutboundCompanyLoader companies,
    IQuickBooksClient client,
    ILogger<InvoiceBulkHandler> logger) : IWorkHandler
{
    public const int MaxBatchSize = 30;

    /// <summary>
    /// Chunks of one company sent at once by this process. Two overlap one chunk's store work with the other's
    /// calls; more only queue at the realm's limiter, where their look-ups crowd out the writes of the chunks
    /// ahead of them (the realm's request budget, not concurrency, bounds a backfill).
    /// </summary>
    internal const int MaxChunksPerCompany = 2;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _chunkSlots = new(StringComparer.Ordinal);

    public string Kind => OutboundWork.InvoiceBulkKind;

    public WorkSubject Describe(WorkItem item) => new(JournalDirection.Outbound, "send invoices (bulk)");

    public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var work = OutboundWork.Deserialize(item.Payload, OutboundJsonContext.Default.InvoiceBulkWork);
        var (company, notReady) = await companies.LoadAsync(item.CompanyId, requireEnabled: true, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            foreach (var invoiceId in work.InvoiceIds)
            {
                await sender.JournalAsync(item.CompanyId, null, invoiceId, new InvoiceSyncOutcome(InvoiceSyncResult.Skipped, notReady!.Message, notReady.Fix), null, item.Id, cancellationToken).ConfigureAwait(false);
            }

            return WorkResult.Completed;
        }

        // Waiting holds a worker slot, but each freed slot serves other companies first, so they wait a chunk at most.
        var slots = _chunkSlots.GetOrAdd(company.CompanyId, _ => new SemaphoreSlim(MaxChunksPerCompany, MaxChunksPerCompany));
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendAsync(company, work, item.Id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private async ValueTask<WorkResult> SendAsync(OutboundCompany company, InvoiceBulkWork work, long workItemId, CancellationToken cancellationToken)
    {
        await ResolveTogetherAsync(company, work.InvoiceIds, cancellationToken).ConfigureAwait(false);
        var held = new List<HeldWriteClaim>();
        try
        {
            var batchable = new List<(PreparedInvoice Prepared, HeldWriteClaim Claim)>();
            var skipped = 0;
            foreach (var invoiceId in work.InvoiceIds.Distinct(StringComparer.Ordinal))
            {
                var claim = await claims.TryAcquireAsync(InvoiceSender.ClaimKey(company, invoiceId), cancellationToken).ConfigureAwait(false);
                if (claim is null)
                {
                    // Another writer holds this invoice. It may be alive and sending it, or a process that died with
                    // the claim (and a pending create) on it: either way a single send is queued behind it, which
                    // waits for the claim, looks up what is pending and writes only what is still needed. Never
                    // left to a writer that may not come back.
                    await queue.EnqueueAsync(
                        new NewWorkItem
                        {
                            CompanyId = company.CompanyId,
                            Kind = OutboundWork.InvoiceKind,
                            // Not the invoice's own ordering key: a payment of this invoice queued earlier waits for the
                            // invoice to be in QuickBooks and would hold this send back behind it. The write claim, not
                            // the queue order, keeps this send from writing beside another.
                            OrderingKey = "bulk-held:" + invoiceId,
                            DeduplicationKey = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"bulk-held:{workItemId}:{invoiceId}"),
                            Payload = OutboundWork.Serialize(new InvoiceWork(invoiceId)),
                        },
                        cancellationToken).ConfigureAwait(false);
                    skipped++;
                    continue;
                }

                held.Add(claim);
                var (prepared, failure) = await sender.PrepareAsync(company, invoiceId, claim.Token).ConfigureAwait(false);
                if (prepared is null)
                {
                    await sender.JournalAsync(company.CompanyId, company.RealmId, invoiceId, failure!, null, workItemId, cancellationToken).ConfigureAwait(false);
                }
                else if (prepared.Unchanged || (!prepared.IsUpdate && claim.PendingWrites.Count > 0))
                {
                    // Unchanged: journalled, no call. A create pending from an earlier attempt (this chunk's, a
                    // crashed process's, a single send's): alone, looked up first.
                    await sender.WriteAsync(company, prepared, claim, mayHaveWrittenBefore: true, workItemId).ConfigureAwait(false);
                }
                else
                {
                    batchable.Add((prepared, claim));
                }
            }

            if (skipped > 0)
            {
                LogLeftToOtherWriters(company.CompanyId, skipped);
            }

            foreach (var chunk in batchable.Chunk(MaxBatchSize))
            {
                await SendChunkAsync(company, chunk, workItemId, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Members not settled keep their pending writes for whoever writes them next.
            foreach (var claim in held)
            {
                await claim.DisposeAsync().ConfigureAwait(false);
            }
        }

        return WorkResult.Completed;
    }

    /// <summary>
    /// Finds or creates the chunk's customers and items together (a handful of requests for the whole chunk instead
    /// of up to three serial calls a new client), so that preparing each invoice afterwards finds them linked. A
    /// failure here costs nothing but speed: each invoice still resolves what is left on its own.
    /// </summary>
    private async ValueTask ResolveTogetherAsync(OutboundCompany company, IReadOnlyList<string> invoiceIds, CancellationToken cancellationToken)
    {
        var snapshots = new List<RoAppInvoiceSnapshot>(invoiceIds.Count);
        foreach (var invoiceId in invoiceIds.Distinct(StringComparer.Ordinal))
        {
            if (await gateway.Gateway.GetInvoiceAsync(company.CompanyId, invoiceId, cancellationToken).ConfigureAwait(false) is { Lines.Count: > 0 } snapshot)
            {
                snapshots.Add(snapshot);
            }
        }

        try
        {
            await customers.ResolveManyAsync(company, [.. snapshots.Select(s => (s.Client, InvoiceMapper.BillTo(s)))], cancellationToken).ConfigureAwait(false);
            await items.ResolveManyAsync(company, snapshots.SelectMany(s => s.Lines), cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksApiException exception) when (exception is not QuickBooksThrottledException)
        {
            LogResolveTogetherFailed(exception, company.CompanyId);
        }
    }

    private async ValueTask SendChunkAsync(OutboundCompany company, (PreparedInvoice Prepared, HeldWriteClaim Claim)[] chunk, long workItemId, CancellationToken cancellationToken)
    {
        var batch = new List<QuickBooksBatchItem>(chunk.Length);
        var requestIds = new string[chunk.Length];
        for (var i = 0; i < chunk.Length; i++)
        {
            var (prepared, claim) = chunk[i];
            var bId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (prepared.IsUpdate)
            {
                var link = prepared.Link!;
                requestIds[i] = InvoiceSender.UpdateRequestId(company, prepared, link.QuickBooksId, link.SyncToken ?? "0");
                var lineIds = await sender.KnownLineIdsAsync(company, link.QuickBooksId, cancellationToken).ConfigureAwait(false);
                await claim.AddPendingWriteAsync(PendingInvoiceUpdate.For(requestIds[i])).ConfigureAwait(false);
                batch.Add(QuickBooksBatchItem.Update(InvoiceMapper.SparseUpdate(prepared.Mapped, link.QuickBooksId, link.SyncToken ?? "0", lineIds), sparse: true, bId));
            }
            else
            {
                // Durably pending before it is sent: the batch may commit and its answer never come back.
                requestIds[i] = InvoiceSender.CreateRequestId(company, prepared);
                await claim.AddPendingWriteAsync(InvoiceSender.PendingCreate(prepared, requestIds[i])).ConfigureAwait(false);
                batch.Add(QuickBooksBatchItem.Create(prepared.Mapped, bId));
            }
        }

        // The batch's own request id is derived from what it writes, so a repeat of this exact batch replays.
        var batchRequestId = RequestIds.For([company.CompanyId, company.RealmId, "invoice-batch", .. requestIds]);
        var results = await client.BatchAsync(company.RealmId, batch, batchRequestId, cancellationToken).ConfigureAwait(false);
        LogBatchSent(company.CompanyId, chunk.Length);
        for (var i = 0; i < chunk.Length; i++)
        {
            var (prepared, claim) = chunk[i];
            var result = results[i];
            try
            {
                if (result.Succeeded && result.Entity is Invoice written)
                {
                    await sender.RecordAsync(company, prepared, claim, written, requestIds[i], workItemId).ConfigureAwait(false);
                }
                else if (result.Error is QuickBooksStaleObjectException || (result.Error?.MayHaveBeenApplied ?? false) || result.Error is QuickBooksDuplicateDocumentNumberException)
                {
                    // Changed in QuickBooks since the last send, or an outcome to prove: the single path re-reads,
                    // or looks the create up, and writes what is still needed.
                    await sender.WriteAsync(company, prepared, claim, mayHaveWrittenBefore: true, workItemId).ConfigureAwait(false);
                }
                else if (prepared.IsUpdate && result.Error is QuickBooksValidationException
                    && await sender.RefusedUpdateAsync(company, prepared, claim, workItemId).ConfigureAwait(false) is not null)
                {
                    // Voided in QuickBooks by the bookkeeper: journalled as not sent, and settled.
                }
                else
                {
                    var error = result.Error;
                    await sender.JournalAsync(company.CompanyId, company.RealmId, prepared.Snapshot.Id, new InvoiceSyncOutcome(
                        InvoiceSyncResult.Failed,
                        $"RO App invoice {prepared.Snapshot.Number} was not sent: {error?.Message ?? "QuickBooks did not answer for it."}",
                        "Correct the data named in the message, then use \"Sync with QuickBooks\" on the invoice."), requestIds[i], workItemId, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (WriteClaimLostException)
            {
                // Another writer took this member after its lease ran out; it finds the write by its pending record.
                LogMemberLost(company.CompanyId, prepared.Snapshot.Id);
            }
        }
    }

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Company {CompanyId}: {Count} invoices of a bulk send are held by other writers; each was queued to be sent on its own once its writer lets go.")]
    private partial void LogLeftToOtherWriters(string companyId, int count);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Company {CompanyId}: the write claim on invoice {InvoiceId} was lost during a bulk send; its new writer finishes it.")]
    private partial void LogMemberLost(string companyId, string invoiceId);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "Company {CompanyId}: the customers and items of a bulk chunk could not be resolved together; each invoice resolves its own.")]
    private partial void LogResolveTogetherFailed(Exception exception, string companyId);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Company {CompanyId}: sent {Count} invoices in one batch request.")]
    private partial void LogBatchSent(string companyId, int count);
}
