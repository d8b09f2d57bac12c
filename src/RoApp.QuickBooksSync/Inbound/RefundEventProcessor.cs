using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Books;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// A refund receipt or credit memo changed in QuickBooks. New, made by a person for a customer synced from RO App:
/// recorded in RO App through <see cref="IRoAppGateway.RecordRefundAsync"/> (once per QuickBooks document) and
/// linked, so it is never sent back. The library's own refunds (linked, or carrying its memo reference even before
/// the link is saved) are never recorded back. Later changes, voids and deletions of one already recorded are
/// journalled for a person, not applied.
/// </summary>
internal sealed partial class RefundEventProcessor(
    IQuickBooksClient client,
    IEntityLinkStore links,
    RoAppGatewayAccessor host,
    InboundJournal journal,
    TimeProvider time,
    ILogger<RefundEventProcessor> logger)
{
    public const string ReceiptEntity = "RefundReceipt";
    public const string MemoEntity = "CreditMemo";

    public async ValueTask<WorkResult> ProcessAsync(string companyId, CompanySettings settings, InboundEvent inbound, long workItemId, CancellationToken cancellationToken)
    {
        var realmId = inbound.RealmId;
        var id = inbound.EntityId;
        var cashBack = string.Equals(inbound.Entity, ReceiptEntity, StringComparison.Ordinal);
        var noun = cashBack ? "refund receipt" : "credit memo";
        var linked = (await links.FindByQuickBooksIdAsync(companyId, realmId, SyncedEntityType.Refund, id, cancellationToken).ConfigureAwait(false))
            .Where(l => l.State == LinkState.Active).ToList();
        // The library's own (sent from RO App): by its link, known without a call (reconciliation brings every one of
        // them back), or by the reference in its memo before the link is saved.
        if (linked.Any(l => l.Origin == LinkOrigin.RoApp))
        {
            LogOwnRefund(inbound.Entity, id, companyId);
            return WorkResult.Completed;
        }

        var form = inbound.Operation == InboundOperation.Delete ? null : await RefundForm.ReadAsync(client, realmId, cashBack, id, cancellationToken).ConfigureAwait(false);
        if (form is not null && QuickBooksDocuments.ReferencedId(form.Note)?.StartsWith("refund:", StringComparison.Ordinal) == true)
        {
            LogOwnRefund(inbound.Entity, id, companyId);
            return WorkResult.Completed;
        }

        if (linked.FirstOrDefault(l => l.Origin == LinkOrigin.QuickBooks) is { } recorded)
        {
            if (form is null || QuickBooksDocuments.IsVoided(form.Note, form.Total))
            {
                await journal.WriteAsync(companyId, realmId, recorded, "refund.changed", JournalOutcome.Skipped,
                    $"QuickBooks {noun} {id}, recorded in RO App as refund {recorded.RoAppId}, was {(form is null ? "deleted" : "voided")} in QuickBooks; RO App's refund is unchanged.",
                    $"Reverse refund {recorded.RoAppId} in RO App if the money did not go back.", workItemId, cancellationToken, quickBooksId: id).ConfigureAwait(false);
            }

            return WorkResult.Completed;
        }

        if (form is null || QuickBooksDocuments.IsVoided(form.Note, form.Total))
        {
            return WorkResult.Completed; // gone before it was ever recorded
        }

        var (entity, total) = (form.Entity, form.Total);
        var customerId = form.Form.CustomerRef?.Value;
        var clientLink = customerId is null ? null
            : (await links.FindByQuickBooksIdAsync(companyId, realmId, SyncedEntityType.Customer, customerId, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(l => l.State == LinkState.Active);
        if (clientLink is null)
        {
            await journal.WriteAsync(companyId, realmId, null, "refund.skipped", JournalOutcome.Skipped,
                $"QuickBooks {noun} {id} ({Money(total)}) is for customer {customerId ?? "(none)"}, who is not a client synced from RO App, so it was not recorded in RO App.",
                null, workItemId, cancellationToken, SyncedEntityType.Refund, id).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        if (cashBack && string.IsNullOrWhiteSpace(settings.PaymentCashboxId))
        {
            await journal.WriteAsync(companyId, realmId, null, "refund.skipped", JournalOutcome.Skipped,
                $"QuickBooks refund receipt {id} of {Money(total)} for client {clientLink.RoAppId} was not recorded: no payment cashbox is chosen for money moved in QuickBooks.",
                "Choose the payment cashbox in the QuickBooks settings, then retry this entry.", workItemId, cancellationToken, SyncedEntityType.Refund, id).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        var method = entity is RefundReceipt receipt ? receipt.PaymentMethodRef?.Name ?? receipt.PaymentMethodRef?.Value : null;
        var result = await host.Gateway.RecordRefundAsync(companyId, new RoAppRefundRecord
        {
            ClientId = clientLink.RoAppId,
            Kind = cashBack ? RoAppRefundKind.CashBack : RoAppRefundKind.ToBalance,
            Amount = total,
            Date = form.Form.TxnDate,
            CashboxId = cashBack ? settings.PaymentCashboxId : null,
            Method = method,
            Description = form.Form.Lines?.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l.Description))?.Description,
            ExternalReference = QuickBooksPaymentReference.Refund(realmId, inbound.Entity, id),
            QuickBooksId = id,
        }, cancellationToken).ConfigureAwait(false);

        // Linked with origin QuickBooks: when the host reports the refund as new, the RO App → QuickBooks sync finds the link and sends nothing.
        var link = new EntityLink
        {
            CompanyId = companyId,
            RealmId = realmId,
            EntityType = SyncedEntityType.Refund,
            RoAppId = result.RefundId,
            QuickBooksId = id,
            SyncToken = entity.SyncToken,
            Origin = LinkOrigin.QuickBooks,
            LastSyncedAt = time.GetUtcNow(),
            QuickBooksLastUpdatedAt = entity.MetaData?.LastUpdatedTime,
        };
        if (await links.GetByRoAppIdAsync(companyId, realmId, SyncedEntityType.Refund, result.RefundId, cancellationToken).ConfigureAwait(false) is null)
        {
            await links.SaveAsync(link, 0, cancellationToken).ConfigureAwait(false); // a concurrent writer of the same link says the same
        }

        await journal.WriteAsync(companyId, realmId, link, "refund.record", JournalOutcome.Synced,
            result.AlreadyRecorded
                ? $"QuickBooks {noun} {id} of {Money(total)} was already recorded in RO App (refund {result.RefundId})."
                : $"QuickBooks {noun} {id}: {Money(total)} {(cashBack ? "paid back" : "credited")} to client {clientLink.RoAppId}, recorded in RO App (refund {result.RefundId}).",
            null, workItemId, cancellationToken).ConfigureAwait(false);
        return WorkResult.Completed;
    }

    private static string Money(decimal? amount) => InvoiceMapper.Money(amount ?? 0m);

    [LoggerMessage(EventId = 6131, Level = LogLevel.Debug, Message = "QuickBooks {Entity} {Id} of company {CompanyId} carries the library's refund reference: sent from RO App, not recorded back.")]
    private partial void LogOwnRefund(string entity, string id, string companyId);
}
