using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>Why an RO App invoice leaves the books.</summary>
internal enum InvoiceRemovalReason
{
    Cancelled,
    Deleted,
}

/// <summary>The queued work of an RO App invoice that was cancelled or deleted.</summary>
internal sealed record InvoiceRemovalWork(string InvoiceId, InvoiceRemovalReason Reason)
{
    public const string Kind = "outbound.invoice.remove";

    public string Serialize() => JsonSerializer.Serialize(this, InvoiceRemovalJsonContext.Default.InvoiceRemovalWork);

    public static InvoiceRemovalWork Deserialize(string payload) =>
        JsonSerializer.Deserialize(payload, InvoiceRemovalJsonContext.Default.InvoiceRemovalWork) ?? throw new JsonException($"The work item payload '{payload}' is empty.");

    public string Operation => Reason == InvoiceRemovalReason.Cancelled ? "cancel invoice" : "delete invoice";

    public string Verb => Reason == InvoiceRemovalReason.Cancelled ? "cancelled" : "deleted";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(InvoiceRemovalWork))]
internal sealed partial class InvoiceRemovalJsonContext : JsonSerializerContext;

/// <summary>
/// Carries an RO App cancellation or deletion to QuickBooks: void, delete or leave the invoice, as the company
/// chose. Holds the invoice's write claim like every writer, so it never runs beside a send of the same invoice;
/// a create still pending on the claim is looked up first, so an invoice whose create answer was lost is voided
/// too. The void is recorded as the library's own write (link SyncToken and the inbound state), so its webhook
/// never comes back as "Invoice voided".
/// </summary>
internal sealed partial class InvoiceRemover(
    IQuickBooksClient client,
    IEntityLinkStore links,
    IJournalStore journal,
    OutboundCompanyLoader companies,
    WriteClaims claims,
    InvoiceSender sender,
    Sync.InvoiceStateRecorder states,
    TimeProvider time,
    ILogger<InvoiceRemover> logger)
{
    /// <summary>The content hash a link carries once its QuickBooks invoice was voided for an RO App cancellation or deletion.</summary>
    internal const string VoidedHash = "voided-by-ro-app";

    /// <summary>How long the removal waits before it looks again when another writer holds the invoice.</summary>
    internal static readonly TimeSpan WaitForWriter = TimeSpan.FromSeconds(2);

    public static bool IsVoidedByUs(EntityLink link) => string.Equals(link.ContentHash, VoidedHash, StringComparison.Ordinal);

    public async ValueTask<WorkResult> RemoveAsync(string companyId, InvoiceRemovalWork work, long workItemId, CancellationToken cancellationToken)
    {
        var (company, notReady) = await companies.LoadAsync(companyId, requireEnabled: true, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            await JournalAsync(companyId, null, work, JournalOutcome.Skipped, $"RO App invoice {work.InvoiceId} was {work.Verb}, but {Lower(notReady!.Message)}", notReady.Fix, null, null, workItemId, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        var claim = await claims.TryAcquireAsync(InvoiceSender.ClaimKey(company, work.InvoiceId), cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return WorkResult.Defer($"RO App invoice {work.InvoiceId} is being written by another worker.", WaitForWriter);
        }

        await using (claim.ConfigureAwait(false))
        {
            return await RemoveHoldingClaimAsync(company, work, claim, workItemId).ConfigureAwait(false);
        }
    }

    private async ValueTask<WorkResult> RemoveHoldingClaimAsync(OutboundCompany company, InvoiceRemovalWork work, HeldWriteClaim claim, long workItemId)
    {
        var cancellationToken = claim.Token;
        var action = work.Reason == InvoiceRemovalReason.Cancelled ? company.Settings.InvoiceCancelledAction : company.Settings.InvoiceDeletedAction;
        var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Invoice, work.InvoiceId, cancellationToken).ConfigureAwait(false);
        string quickBooksId;
        string syncToken;
        if (link is { State: LinkState.Active })
        {
            (quickBooksId, syncToken) = (link.QuickBooksId, link.SyncToken ?? "0");
        }
        else if (claim.PendingWrites.Count > 0
                 && await sender.FindByReferenceAsync(company, work.InvoiceId, claim.PendingWrites, null, cancellationToken).ConfigureAwait(false) is { } created)
        {
            // A create whose answer was lost reached QuickBooks after all: it leaves the books like a linked one.
            (quickBooksId, syncToken) = (created.Id!, created.SyncToken ?? "0");
        }
        else
        {
            await JournalAsync(company.CompanyId, company.RealmId, work, JournalOutcome.Skipped,
                $"RO App invoice {work.InvoiceId} was {work.Verb}; it was never sent to QuickBooks, so there is nothing to change there.", null, null, null, workItemId, cancellationToken).ConfigureAwait(false);
            await claim.SettleAsync().ConfigureAwait(false);
            return WorkResult.Completed;
        }

        if (action == InvoiceRemovalAction.Nothing)
        {
            await JournalAsync(company.CompanyId, company.RealmId, work, JournalOutcome.Skipped,
                $"RO App invoice {work.InvoiceId} was {work.Verb}; QuickBooks invoice {quickBooksId} was left as it is, as the company's settings say.",
                $"Void or delete the invoice in QuickBooks yourself if it should not be collected; or choose {nameof(InvoiceRemovalAction.Void)} in the QuickBooks settings.",
                quickBooksId, null, workItemId, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        if (action == InvoiceRemovalAction.Void && link is not null && IsVoidedByUs(link))
        {
            await JournalAsync(company.CompanyId, company.RealmId, work, JournalOutcome.Skipped,
                $"RO App invoice {work.InvoiceId} was {work.Verb}; QuickBooks invoice {quickBooksId} was voided already.", null, quickBooksId, null, workItemId, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        // Read first: the current SyncToken (a payment applied since our write moves it), whether a payment blocks
        // the void (QuickBooks refuses, and a request id would replay that refusal after the fix), and whether an
        // earlier attempt whose answer was lost already voided it.
        for (var attempt = 0; ; attempt++)
        {
            Invoice current;
            try
            {
                current = await client.ReadAsync<Invoice>(company.RealmId, quickBooksId, cancellationToken).ConfigureAwait(false);
            }
            catch (QuickBooksObjectNotFoundException)
            {
                await RecordAsync(company, work, claim, link, quickBooksId, syncToken, null, LinkState.DeletedInQuickBooks, null).ConfigureAwait(false);
                await JournalAsync(company.CompanyId, company.RealmId, work, JournalOutcome.Skipped,
                    $"RO App invoice {work.InvoiceId} was {work.Verb}; QuickBooks invoice {quickBooksId} no longer exists there, so there was nothing to change.", null, quickBooksId, null, workItemId, cancellationToken).ConfigureAwait(false);
                return WorkResult.Completed;
            }

            if (action == InvoiceRemovalAction.Void && Inbound.InvoiceContent.LooksVoided(current))
            {
                await RecordAsync(company, work, claim, link, quickBooksId, current.SyncToken, current.MetaData?.LastUpdatedTime, LinkState.Active, current).ConfigureAwait(false);
                await JournalAsync(company.CompanyId, company.RealmId, work, JournalOutcome.Synced,
                    $"RO App invoice {work.InvoiceId} was {work.Verb}; QuickBooks invoice {quickBooksId} is voided.", null, quickBooksId, null, workItemId, cancellationToken).ConfigureAwait(false);
                return WorkResult.Completed;
            }

            if (PaymentsBlocking(work, action, quickBooksId, current) is { } blocked)
            {
                return blocked;
            }

            syncToken = current.SyncToken ?? syncToken;
            var requestId = RequestIds.For(company.CompanyId, company.RealmId, "invoice", work.InvoiceId, action == InvoiceRemovalAction.Void ? "void" : "delete", quickBooksId, syncToken);
            // Until recorded, a void QuickBooks applied is not recognisable as ours: the inbound sync waits for it.
            await claim.AddPendingWriteAsync(PendingInvoiceUpdate.For(requestId)).ConfigureAwait(false);
            try
            {
                if (action == InvoiceRemovalAction.Void)
                {
                    var voided = await client.VoidInvoiceAsync(company.RealmId, quickBooksId, syncToken, requestId, cancellationToken).ConfigureAwait(false);
                    await RecordAsync(company, work, claim, link, voided.Id ?? quickBooksId, voided.SyncToken, voided.MetaData?.LastUpdatedTime, LinkState.Active, voided).ConfigureAwait(false);
                    await JournalAsync(company.CompanyId, company.RealmId, work, JournalOutcome.Synced,
                        $"RO App invoice {work.InvoiceId} was {work.Verb}; QuickBooks invoice {quickBooksId} was voided (it stays in QuickBooks with zero amounts).", null, quickBooksId, requestId, workItemId, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await client.DeleteAsync<Invoice>(company.RealmId, quickBooksId, syncToken, requestId, cancellationToken).ConfigureAwait(false);
                    await RecordAsync(company, work, claim, link, quickBooksId, syncToken, null, LinkState.DeletedInQuickBooks, null).ConfigureAwait(false);
                    await JournalAsync(company.CompanyId, company.RealmId, work, JournalOutcome.Synced,
                        $"RO App invoice {work.InvoiceId} was {work.Verb}; QuickBooks invoice {quickBooksId} was deleted.", null, quickBooksId, requestId, workItemId, cancellationToken).ConfigureAwait(false);
                }

                LogRemoved(company.CompanyId, work.InvoiceId, quickBooksId, action);
                return WorkResult.Completed;
            }
            catch (QuickBooksStaleObjectException) when (attempt < InvoiceSender.MaxStaleRetries)
            {
                // Changed in QuickBooks between the read and the write (a payment, an edit): read again.
            }
            catch (QuickBooksValidationException ex)
            {
                return WorkResult.Fail(
                    $"RO App invoice {work.InvoiceId} was {work.Verb}, but QuickBooks would not {(action == InvoiceRemovalAction.Void ? "void" : "delete")} invoice {quickBooksId}: {ex.Message}",
                    "Correct what QuickBooks names in the invoice in QuickBooks, then use Retry on this entry.");
            }
        }
    }

    /// <summary>
    /// QuickBooks does not void or delete an invoice with payments applied (Intuit: linked transactions must be
    /// unlinked first). The failure names the payments and the fix; the item is dead-lettered, so Retry in the
    /// journal runs it again after the fix.
    /// </summary>
    private static WorkResult? PaymentsBlocking(InvoiceRemovalWork work, InvoiceRemovalAction action, string quickBooksId, Invoice current)
    {
        var payments = current.LinkedTxns?.Where(t => string.Equals(t.TxnType, "Payment", StringComparison.OrdinalIgnoreCase)).Select(t => t.TxnId).ToList() ?? [];
        if (payments.Count == 0)
        {
            return null;
        }

        var verb = action == InvoiceRemovalAction.Void ? "void" : "delete";
        var paid = (current.TotalAmt ?? 0m) - (current.Balance ?? 0m);
        return WorkResult.Fail(
            $"RO App invoice {work.InvoiceId} was {work.Verb}, but QuickBooks invoice {quickBooksId} was not {(action == InvoiceRemovalAction.Void ? "voided" : "deleted")}: {InvoiceMapper.Money(paid)} is paid on it " +
            $"(QuickBooks payment {string.Join(", ", payments)}), and QuickBooks does not {verb} an invoice with payments applied.",
            "In QuickBooks, delete the payment or remove the invoice from it (refund the client if the money was returned), then use Retry on this entry. " +
            $"Or, to keep the invoice in QuickBooks, choose {nameof(InvoiceRemovalAction.Nothing)} for {work.Verb} invoices in the QuickBooks settings and dismiss this entry.");
    }

    /// <summary>Records the outcome while the claim is proven held: the link's new version (our own write) and, for a void, what QuickBooks holds now.</summary>
    private async ValueTask RecordAsync(OutboundCompany company, InvoiceRemovalWork work, HeldWriteClaim claim, EntityLink? link, string quickBooksId, string? syncToken, DateTimeOffset? updatedAt, LinkState state, Invoice? voided)
    {
        var cancellationToken = claim.Token;
        await claim.EnsureHeldAsync().ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Invoice, work.InvoiceId, cancellationToken).ConfigureAwait(false) ?? link;
            var next = new EntityLink
            {
                CompanyId = company.CompanyId,
                RealmId = company.RealmId,
                EntityType = SyncedEntityType.Invoice,
                RoAppId = work.InvoiceId,
                QuickBooksId = quickBooksId,
                SyncToken = syncToken,
                ContentHash = state == LinkState.Active ? VoidedHash : existing?.ContentHash,
                Origin = existing?.Origin ?? LinkOrigin.RoApp,
                LastSyncedAt = time.GetUtcNow(),
                QuickBooksLastUpdatedAt = updatedAt ?? existing?.QuickBooksLastUpdatedAt,
                State = state,
            };
            if (await links.SaveAsync(next, existing?.Version ?? 0, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            if (attempt >= 2)
            {
                throw new InvalidOperationException($"The link of RO App invoice {work.InvoiceId} kept changing while its {work.Verb} state was recorded; the work is retried.");
            }
        }

        if (voided is not null)
        {
            await sender.RememberOwnWriteAsync(company, voided, cancellationToken).ConfigureAwait(false);
        }

        await claim.SettleAsync().ConfigureAwait(false);
    }

    internal async ValueTask JournalAsync(string companyId, string? realmId, InvoiceRemovalWork work, JournalOutcome outcome, string message, string? fix, string? quickBooksId, string? requestId, long? workItemId, CancellationToken cancellationToken)
    {
        var entry = await journal.AppendAsync(
            new JournalEntry
            {
                CompanyId = companyId,
                RealmId = realmId,
                EntityType = SyncedEntityType.Invoice,
                RoAppEntityId = work.InvoiceId,
                Direction = JournalDirection.Outbound,
                Operation = work.Operation,
                Outcome = outcome,
                QuickBooksId = quickBooksId,
                RequestId = requestId,
                Message = message,
                Fix = fix,
                At = time.GetUtcNow(),
                WorkItemId = workItemId,
            },
            cancellationToken).ConfigureAwait(false);
        await states.ApplyAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    private static string Lower(string sentence) => sentence.Length == 0 ? sentence : char.ToLowerInvariant(sentence[0]) + sentence[1..];

    [LoggerMessage(EventId = 5060, Level = LogLevel.Information, Message = "Company {CompanyId}: RO App invoice {InvoiceId} left the books; QuickBooks invoice {QuickBooksId}: {Action}.")]
    private partial void LogRemoved(string companyId, string invoiceId, string quickBooksId, InvoiceRemovalAction action);
}

/// <summary>Runs queued cancellations and deletions of RO App invoices.</summary>
internal sealed class InvoiceRemovalHandler(InvoiceRemover remover) : IWorkHandler
{
    public string Kind => InvoiceRemovalWork.Kind;

    public WorkSubject Describe(WorkItem item)
    {
        var work = InvoiceRemovalWork.Deserialize(item.Payload);
        return new(JournalDirection.Outbound, work.Operation, SyncedEntityType.Invoice, work.InvoiceId);
    }

    public ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken) =>
        remover.RemoveAsync(context.Item.CompanyId, InvoiceRemovalWork.Deserialize(context.Item.Payload), context.Item.Id, cancellationToken);
}
