using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Batch;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Sends up to 30 invoices of one company in one batch request (backfill). Customers and items are resolved
/// per invoice first (from links once known); the writes go together. An item that may have written before
/// (a retry, a lost lease) sends each invoice on its own, looking it up first, so nothing is created twice.
/// </summary>
internal sealed partial class InvoiceBulkHandler(
    InvoiceSender sender,
    OutboundCompanyLoader companies,
    IQuickBooksClient client,
    ILogger<InvoiceBulkHandler> logger) : IWorkHandler
{
    public const int MaxBatchSize = 30;

    public string Kind => OutboundWork.InvoiceBulkKind;

    public WorkSubject Describe(WorkItem item) => new(JournalDirection.Outbound, "send invoices (bulk)");

    public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var work = OutboundWork.Deserialize(item.Payload, OutboundJsonContext.Default.InvoiceBulkWork);
        var mayHaveWritten = item.Attempts > 0 || item.ClaimCount > 1;
        if (mayHaveWritten)
        {
            foreach (var invoiceId in work.InvoiceIds)
            {
                await sender.SendAsync(item.CompanyId, invoiceId, mayHaveWrittenBefore: true, item.Id, cancellationToken).ConfigureAwait(false);
            }

            return WorkResult.Completed;
        }

        var (company, notReady) = await companies.LoadAsync(item.CompanyId, requireEnabled: true, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            foreach (var invoiceId in work.InvoiceIds)
            {
                await sender.JournalAsync(item.CompanyId, null, invoiceId, new InvoiceSyncOutcome(InvoiceSyncResult.Skipped, notReady!.Message, notReady.Fix), null, item.Id, cancellationToken).ConfigureAwait(false);
            }

            return WorkResult.Completed;
        }

        // Single sends of these invoices in this process wait until the chunk is written (across processes the
        // deterministic request ids and the look-up after a repeat keep them apart).
        using var hold = await sender.HoldAsync(company.CompanyId, work.InvoiceIds, cancellationToken).ConfigureAwait(false);
        var pending = new List<PreparedInvoice>();
        foreach (var invoiceId in work.InvoiceIds.Distinct(StringComparer.Ordinal))
        {
            var (prepared, failure) = await sender.PrepareAsync(company, invoiceId, cancellationToken).ConfigureAwait(false);
            if (prepared is null)
            {
                await sender.JournalAsync(company.CompanyId, company.RealmId, invoiceId, failure!, null, item.Id, cancellationToken).ConfigureAwait(false);
            }
            else if (prepared.Unchanged)
            {
                await sender.WriteAsync(company, prepared, false, item.Id, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                pending.Add(prepared);
            }
        }

        foreach (var chunk in pending.Chunk(MaxBatchSize))
        {
            await SendChunkAsync(company, chunk, item.Id, cancellationToken).ConfigureAwait(false);
        }

        return WorkResult.Completed;
    }

    private async ValueTask SendChunkAsync(OutboundCompany company, PreparedInvoice[] chunk, long workItemId, CancellationToken cancellationToken)
    {
        var batch = new List<QuickBooksBatchItem>(chunk.Length);
        var requestIds = new string[chunk.Length];
        for (var i = 0; i < chunk.Length; i++)
        {
            var prepared = chunk[i];
            var bId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (prepared.IsUpdate)
            {
                var link = prepared.Link!;
                requestIds[i] = InvoiceSender.UpdateRequestId(company, prepared, link.QuickBooksId, link.SyncToken ?? "0");
                var lineIds = await sender.KnownLineIdsAsync(company, link.QuickBooksId, cancellationToken).ConfigureAwait(false);
                batch.Add(QuickBooksBatchItem.Update(InvoiceMapper.SparseUpdate(prepared.Mapped, link.QuickBooksId, link.SyncToken ?? "0", lineIds), sparse: true, bId));
            }
            else
            {
                requestIds[i] = InvoiceSender.CreateRequestId(company, prepared);
                batch.Add(QuickBooksBatchItem.Create(prepared.Mapped, bId));
            }
        }

        // The batch's own request id is derived from what it writes, so a repeat of this exact batch replays.
        var batchRequestId = RequestIds.For([company.CompanyId, company.RealmId, "invoice-batch", .. requestIds]);
        var results = await client.BatchAsync(company.RealmId, batch, batchRequestId, cancellationToken).ConfigureAwait(false);
        LogBatchSent(company.CompanyId, chunk.Length);
        for (var i = 0; i < chunk.Length; i++)
        {
            var result = results[i];
            if (result.Succeeded && result.Entity is Invoice written)
            {
                await sender.RecordAsync(company, chunk[i], written, requestIds[i], workItemId, cancellationToken).ConfigureAwait(false);
            }
            else if (result.Error is QuickBooksStaleObjectException)
            {
                // Changed in QuickBooks since the last send: the single path re-reads and re-applies.
                await sender.WriteAsync(company, chunk[i], false, workItemId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var error = result.Error;
                await sender.JournalAsync(company.CompanyId, company.RealmId, chunk[i].Snapshot.Id, new InvoiceSyncOutcome(
                    InvoiceSyncResult.Failed,
                    $"RO App invoice {chunk[i].Snapshot.Number} was not sent: {error?.Message ?? "QuickBooks did not answer for it."}",
                    "Correct the data named in the message, then use \"Sync with QuickBooks\" on the invoice."), requestIds[i], workItemId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Company {CompanyId}: sent {Count} invoices in one batch request.")]
    private partial void LogBatchSent(string companyId, int count);
}
