using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>Runs queued invoice sends.</summary>
internal sealed class InvoiceSendHandler(InvoiceSender sender) : IWorkHandler
{
    /// <summary>How long a queued send waits before it looks again when another writer holds its invoice.</summary>
    internal static readonly TimeSpan WaitForWriter = TimeSpan.FromSeconds(2);

    public string Kind => OutboundWork.InvoiceKind;

    public WorkSubject Describe(WorkItem item) =>
        new(JournalDirection.Outbound, InvoiceSender.Operation, SyncedEntityType.Invoice, OutboundWork.Deserialize(item.Payload, OutboundJsonContext.Default.InvoiceWork).InvoiceId);

    public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
    {
        var work = OutboundWork.Deserialize(context.Item.Payload, OutboundJsonContext.Default.InvoiceWork);
        // Any earlier claim of this item may have written before it died or failed: look before creating.
        var mayHaveWritten = context.Item.Attempts > 0 || context.Item.ClaimCount > 1;
        var outcome = await sender.TrySendAsync(context.Item.CompanyId, work.InvoiceId, mayHaveWritten, context.Item.Id, TimeSpan.Zero, cancellationToken, work.QuietWhenUnchanged).ConfigureAwait(false);
        if (outcome is null)
        {
            // Another writer (a bulk chunk, a manual sync, another process) holds the invoice: wait for it rather
            // than write beside it; this send then finds its link and writes only what changed since.
            return WorkResult.Defer($"RO App invoice {work.InvoiceId} is being written by another worker.", WaitForWriter);
        }

        // Successes and skips are journalled by the sender; a failure the user must fix dead-letters the item
        // (journalled by the runner), so Retry in the journal sends it again once the cause is fixed.
        return outcome.Result == InvoiceSyncResult.Failed ? WorkResult.Fail(outcome.Message, outcome.Fix) : WorkResult.Completed;
    }
}
