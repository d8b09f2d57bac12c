using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// An invoice changed in QuickBooks: read it, then tell an edit from a void, a delete, a payment being
/// applied, an e-mail and the library's own write, and move the RO App invoice as the company mapped.
/// </summary>
internal sealed partial class InvoiceEventProcessor(
    IQuickBooksClient client,
    IEntityLinkStore links,
    IWriteClaimStore writeClaims,
    InboundStateAccess state,
    InboundStatusMover statuses,
    InboundJournal journal,
    TimeProvider time,
    IOptions<QuickBooksSyncOptions> options,
    ILogger<InvoiceEventProcessor> logger)
{
    /// <summary>How long an invoice event waits before it looks again when the library is writing that invoice.</summary>
    internal static readonly TimeSpan WaitForWriter = TimeSpan.FromSeconds(2);

    /// <summary>How long after its claim ran out an unsettled update is waited for (the send's retries come sooner).</summary>
    private TimeSpan PendingUpdateWait => options.Value.Inbound.PendingUpdateWait;

    private static WorkResult WaitForTheWriter(string roAppId) =>
        WorkResult.Defer($"RO App invoice {roAppId} is being written to QuickBooks right now.", WaitForWriter);

    public async ValueTask<WorkResult> ProcessAsync(string companyId, InboundEvent inbound, long workItemId, CancellationToken cancellationToken)
    {
        var realmId = inbound.RealmId;
        var found = await links.FindByQuickBooksIdAsync(companyId, realmId, SyncedEntityType.Invoice, inbound.EntityId, cancellationToken).ConfigureAwait(false);
        var link = found.FirstOrDefault(l => l.State != LinkState.Detached);
        if (link is null)
        {
            // Invoices made in QuickBooks, never synced from RO App: the product has nothing to move.
            LogNotSynced(inbound.EntityId, companyId);
            return WorkResult.Completed;
        }

        if (link.State == LinkState.DeletedInQuickBooks)
        {
            return WorkResult.Completed;
        }

        if (inbound.Operation == InboundOperation.Delete)
        {
            return await MarkDeletedAsync(companyId, link, workItemId, cancellationToken).ConfigureAwait(false);
        }

        // The library is writing this invoice right now (in this process or another): its write is not
        // recognisable as ours until it is recorded, so wait for the writer rather than take it for an edit. The
        // link is read again after the check (a writer records its link before it lets go), and the claim is
        // checked once more after QuickBooks is read: a write that started or ended in between sends the event
        // round again instead of comparing QuickBooks' newest version with a link older than it.
        var claimKey = new WriteClaimKey(companyId, realmId, SyncedEntityType.Invoice, link.RoAppId);
        var before = await writeClaims.GetAsync(claimKey, cancellationToken).ConfigureAwait(false);
        if (before is not null && IsBeingWritten(before))
        {
            return WaitForTheWriter(link.RoAppId);
        }

        link = (await links.FindByQuickBooksIdAsync(companyId, realmId, SyncedEntityType.Invoice, inbound.EntityId, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(l => l.State != LinkState.Detached) ?? link;

        Invoice invoice;
        try
        {
            invoice = await client.ReadAsync<Invoice>(realmId, inbound.EntityId, cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksObjectNotFoundException)
        {
            // The update was followed by a delete we have not seen yet (or whose webhook was lost).
            return await MarkDeletedAsync(companyId, link, workItemId, cancellationToken).ConfigureAwait(false);
        }

        var after = await writeClaims.GetAsync(claimKey, cancellationToken).ConfigureAwait(false);
        if ((after?.FencingToken ?? 0) != (before?.FencingToken ?? 0) || (after is not null && IsBeingWritten(after)))
        {
            return WaitForTheWriter(link.RoAppId);
        }

        var (seen, version) = await state.GetInvoiceAsync(companyId, realmId, inbound.EntityId, cancellationToken).ConfigureAwait(false);
        var updatedAt = invoice.MetaData?.LastUpdatedTime;
        if (seen is not null && QuickBooksVersion.IsNotNewer(seen.LastUpdatedAt, seen.SyncToken, updatedAt, invoice.SyncToken))
        {
            // This version (or a later one) was applied already: a duplicate, a reordered or a reconciled event.
            LogAlreadyApplied(inbound.EntityId, companyId);
            return WorkResult.Completed;
        }

        var hash = InvoiceContent.Hash(invoice);
        var wasVoided = seen?.Voided ?? false;
        var next = new InvoiceInboundState
        {
            LastUpdatedAt = updatedAt,
            SyncToken = invoice.SyncToken,
            ContentHash = hash,
            TotalAmt = invoice.TotalAmt,
            Voided = wasVoided,
            LineIds = InvoiceMapper.SalesLineIds(invoice),
        };

        if (IsOwnWrite(link, invoice))
        {
            LogOwnWrite(inbound.EntityId, companyId);
            await state.SaveInvoiceAsync(companyId, realmId, inbound.EntityId, next with { Voided = wasVoided || InvoiceContent.LooksVoided(invoice) }, version, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        // A void: the event says so, or the invoice shows it (zero totals, "Voided" note) and was not zero before.
        var voided = !wasVoided && (
            (inbound.Operation == InboundOperation.Void && InvoiceContent.LooksVoided(invoice))
            || (InvoiceContent.LooksVoided(invoice) && (seen?.TotalAmt ?? 1m) != 0m));
        WorkResult? failure = null;
        if (voided)
        {
            failure = await statuses.ApplyAsync(companyId, realmId, link, QuickBooksEventKind.InvoiceVoided, workItemId, cancellationToken, invoice.Balance).ConfigureAwait(false);
            next = next with { Voided = true };
        }
        else if (!wasVoided && inbound.Operation != InboundOperation.Emailed && IsEdit(seen, link, invoice, hash))
        {
            failure = await statuses.ApplyAsync(companyId, realmId, link, QuickBooksEventKind.InvoiceUpdated, workItemId, cancellationToken, invoice.Balance).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            // Not remembered as applied: after the rules are fixed, retrying the entry applies it.
            return failure;
        }

        await state.SaveInvoiceAsync(companyId, realmId, inbound.EntityId, next, version, cancellationToken).ConfigureAwait(false);
        return WorkResult.Completed;
    }

    /// <summary>
    /// Whether the library is writing the invoice: a writer holds its claim, or one let go (died, or failed on a
    /// lost answer or a 500) with an update pending that QuickBooks may have applied. That write is settled by the
    /// send's retry (its request id replays it); it is waited for up to <see cref="PendingUpdateWait"/> after the
    /// claim ran out, then the event is applied as it is rather than held forever behind a send that gave up.
    /// </summary>
    private bool IsBeingWritten(WriteClaimState claim)
    {
        var now = time.GetUtcNow();
        return claim.IsHeldAt(now) || (PendingInvoiceUpdate.AnyIn(claim.PendingWrites) && now < claim.ExpiresAt + PendingUpdateWait);
    }

    /// <summary>The library's own write: the SyncToken or time recorded after it is the one QuickBooks shows now.</summary>
    private static bool IsOwnWrite(EntityLink link, Invoice invoice) => link.SyncToken is not null
        ? string.Equals(link.SyncToken, invoice.SyncToken, StringComparison.Ordinal)
        : link.QuickBooksLastUpdatedAt is { } written && invoice.MetaData?.LastUpdatedTime is { } current && current <= written;

    /// <summary>
    /// Only a change of what the invoice says is an edit. With no content seen before (the echo of our own
    /// write never came), the SyncToken is accounted for instead: every payment applied since our write
    /// moves it by one, so a larger step means someone edited the invoice too.
    /// </summary>
    private static bool IsEdit(InvoiceInboundState? seen, EntityLink link, Invoice invoice, string hash)
    {
        if (seen?.ContentHash is { } before)
        {
            return !string.Equals(before, hash, StringComparison.Ordinal);
        }

        if (!long.TryParse(link.SyncToken, NumberStyles.None, CultureInfo.InvariantCulture, out var written)
            || !long.TryParse(invoice.SyncToken, NumberStyles.None, CultureInfo.InvariantCulture, out var now))
        {
            return false;
        }

        var payments = invoice.LinkedTxns?.Count(t => string.Equals(t.TxnType, "Payment", StringComparison.OrdinalIgnoreCase)) ?? 0;
        return now - written > payments;
    }

    private async ValueTask<WorkResult> MarkDeletedAsync(string companyId, EntityLink link, long workItemId, CancellationToken cancellationToken)
    {
        if (!await links.SaveAsync(link with { State = LinkState.DeletedInQuickBooks, LastSyncedAt = time.GetUtcNow() }, link.Version, cancellationToken).ConfigureAwait(false))
        {
            return WorkResult.Retry("The invoice link changed while its deletion in QuickBooks was recorded; trying again.", TimeSpan.Zero);
        }

        await journal.WriteAsync(companyId, link.RealmId, link, "invoice.deleted", JournalOutcome.Synced,
            $"Invoice {link.QuickBooksId} was deleted in QuickBooks. The RO App invoice keeps its status (there is no status mapping for deletions) and is no longer synced.",
            null, workItemId, cancellationToken).ConfigureAwait(false);
        return WorkResult.Completed;
    }

    [LoggerMessage(EventId = 6111, Level = LogLevel.Debug, Message = "QuickBooks invoice {InvoiceId} of company {CompanyId} is not synced with RO App; event ignored.")]
    private partial void LogNotSynced(string invoiceId, string companyId);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Debug, Message = "QuickBooks invoice {InvoiceId} of company {CompanyId}: this version was applied already; event skipped.")]
    private partial void LogAlreadyApplied(string invoiceId, string companyId);

    [LoggerMessage(EventId = 6113, Level = LogLevel.Debug, Message = "QuickBooks invoice {InvoiceId} of company {CompanyId}: the change is the library's own write; not echoed.")]
    private partial void LogOwnWrite(string invoiceId, string companyId);
}
