using System.Text.Json;
using System.Text.Json.Serialization;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Books;

/// <summary>
/// Applies one books-check fix as ordinary work: ordered with the document's other work, retried on failures that
/// pass, journalled. Everything is checked again before a write, because a finding may be old by the time it is
/// fixed: a duplicate is voided only while it still carries the document's reference and is not the linked copy, a
/// document is voided only while RO App still has no such document, a link is moved only onto the library's own copy.
/// </summary>
internal sealed class BooksFixHandler(
    OutboundCompanyLoader companies,
    RoAppGatewayAccessor gateways,
    IQuickBooksClient client,
    IEntityLinkStore links,
    WorkQueue queue,
    IJournalStore journal,
    TimeProvider time) : IWorkHandler
{
    public const string WorkKind = "books.fix";

    public string Kind => WorkKind;

    public static NewWorkItem Item(string companyId, BooksFinding finding) => new()
    {
        CompanyId = companyId,
        Kind = WorkKind,
        OrderingKey = finding.RoAppId is null ? "books:" + finding.QuickBooksId
            : finding.EntityType switch
            {
                SyncedEntityType.Invoice => OutboundWork.InvoiceOrderingKey(finding.RoAppId),
                SyncedEntityType.Payment => OutboundWork.PaymentOrderingKey(finding.RoAppId),
                _ => "refund:" + finding.RoAppId,
            },
        // No de-duplication key: a key stays taken after the work completes, and the same drift may come back next
        // month. Repeats are harmless instead: they run in order on the document's key, and each re-checks first.
        Payload = JsonSerializer.Serialize(
            new BooksFixWork(finding.Fix, finding.Kind, finding.EntityType, finding.RoAppId, finding.QuickBooksEntity, finding.QuickBooksId),
            BooksJsonContext.Default.BooksFixWork),
    };

    public WorkSubject Describe(WorkItem item)
    {
        var work = Read(item);
        return new WorkSubject(JournalDirection.Outbound, Operation(work), work.EntityType, work.RoAppId);
    }

    public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var work = Read(item);
        var (company, notReady) = await companies.LoadAsync(item.CompanyId, requireEnabled: false, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            return WorkResult.Fail(notReady!.Message, notReady.Fix);
        }

        var link = work.RoAppId is null ? null
            : await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, work.EntityType, work.RoAppId, cancellationToken).ConfigureAwait(false);
        return work.Fix switch
        {
            BooksFix.SendAgain => await SendAgainAsync(company, work, link, item.Id, cancellationToken).ConfigureAwait(false),
            BooksFix.Relink => await RelinkAsync(company, work, link, item.Id, cancellationToken).ConfigureAwait(false),
            BooksFix.RemoveDuplicate or BooksFix.VoidInQuickBooks => await RemoveAsync(company, work, link, item.Id, cancellationToken).ConfigureAwait(false),
            _ => WorkResult.Completed,
        };
    }

    private async ValueTask<WorkResult> SendAgainAsync(OutboundCompany company, BooksFixWork work, EntityLink? link, long workItemId, CancellationToken cancellationToken)
    {
        // A link to a deleted object is let go first, so the send creates a new one instead of updating nothing.
        if (work.FindingKind == BooksFindingKind.LinkToDeletedObject && link is { State: LinkState.Active } && link.QuickBooksId == work.QuickBooksId
            && await ReadAsync(company.RealmId, work.QuickBooksEntity!, link.QuickBooksId, cancellationToken).ConfigureAwait(false) is null
            && !await links.SaveAsync(link with { State = LinkState.DeletedInQuickBooks, LastSyncedAt = time.GetUtcNow() }, link.Version, cancellationToken).ConfigureAwait(false))
        {
            return WorkResult.Retry("The link changed while the books fix ran.", TimeSpan.Zero);
        }

        // A live link's content hash says "QuickBooks holds this already", which a drift made false: forget it, so
        // the send writes RO App's content instead of skipping an unchanged document.
        if (link is { State: LinkState.Active, ContentHash: { } hash } && !IsVoidedHash(hash)
            && !await links.SaveAsync(link with { ContentHash = null }, link.Version, cancellationToken).ConfigureAwait(false))
        {
            return WorkResult.Retry("The link changed while the books fix ran.", TimeSpan.Zero);
        }

        await QueueSendAsync(company, work, cancellationToken).ConfigureAwait(false);
        await JournalAsync(company, work, JournalOutcome.Synced, $"Books check: RO App {Noun(work)} {work.RoAppId} was queued to be sent to QuickBooks again.", null, work.QuickBooksId, workItemId, cancellationToken).ConfigureAwait(false);
        return WorkResult.Completed;
    }

    private async ValueTask<WorkResult> RelinkAsync(OutboundCompany company, BooksFixWork work, EntityLink? link, long workItemId, CancellationToken cancellationToken)
    {
        var target = await ReadAsync(company.RealmId, work.QuickBooksEntity!, work.QuickBooksId!, cancellationToken).ConfigureAwait(false);
        if (target is null || !IsOwnCopy(work, target.Value.Note))
        {
            return WorkResult.Fail(
                $"Books check: QuickBooks {work.QuickBooksEntity} {work.QuickBooksId} is {(target is null ? "gone" : "no longer the library's copy of RO App " + Noun(work) + " " + work.RoAppId)}, so it was not linked.",
                "Run the books check again and apply its new finding.");
        }

        if (link is not { State: LinkState.Active } || link.QuickBooksId != work.QuickBooksId)
        {
            var relinked = new EntityLink
            {
                CompanyId = company.CompanyId,
                RealmId = company.RealmId,
                EntityType = work.EntityType,
                RoAppId = work.RoAppId!,
                QuickBooksId = work.QuickBooksId!,
                SyncToken = target.Value.Entity.SyncToken,
                ContentHash = null, // unknown: the send after this updates QuickBooks to RO App's content
                Origin = LinkOrigin.RoApp,
                LastSyncedAt = time.GetUtcNow(),
                QuickBooksLastUpdatedAt = target.Value.Entity.MetaData?.LastUpdatedTime,
            };
            if (!await links.SaveAsync(relinked, link?.Version ?? 0, cancellationToken).ConfigureAwait(false))
            {
                return WorkResult.Retry("The link changed while the books fix ran.", TimeSpan.Zero);
            }
        }

        if (work.EntityType != SyncedEntityType.Refund)
        {
            await QueueSendAsync(company, work, cancellationToken).ConfigureAwait(false);
        }

        await JournalAsync(company, work, JournalOutcome.Synced,
            $"Books check: RO App {Noun(work)} {work.RoAppId} is linked to QuickBooks {work.QuickBooksEntity} {work.QuickBooksId} again{(work.EntityType == SyncedEntityType.Refund ? "." : " and queued to bring it up to date.")}",
            null, work.QuickBooksId, workItemId, cancellationToken).ConfigureAwait(false);
        return WorkResult.Completed;
    }

    private async ValueTask<WorkResult> RemoveAsync(OutboundCompany company, BooksFixWork work, EntityLink? link, long workItemId, CancellationToken cancellationToken)
    {
        var entity = work.QuickBooksEntity!;
        var id = work.QuickBooksId!;
        var target = await ReadAsync(company.RealmId, entity, id, cancellationToken).ConfigureAwait(false);
        if (target is null || QuickBooksDocuments.IsVoided(target.Value.Note, target.Value.Total))
        {
            await JournalAsync(company, work, JournalOutcome.Skipped, $"Books check: QuickBooks {entity} {id} is already {(target is null ? "deleted" : "voided")}.", null, id, workItemId, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        if (!IsOwnCopy(work, target.Value.Note))
        {
            return WorkResult.Fail($"Books check: QuickBooks {entity} {id} no longer carries RO App's reference, so it was left alone.", "Run the books check again.");
        }

        if (work.Fix == BooksFix.RemoveDuplicate && link is { State: LinkState.Active } && link.QuickBooksId == id && !IsVoidedInvoiceLink(work, link))
        {
            return WorkResult.Fail($"Books check: QuickBooks {entity} {id} is now the linked copy of RO App {Noun(work)} {work.RoAppId}, so it is not a duplicate and was left alone.", "Run the books check again.");
        }

        if (work.Fix == BooksFix.VoidInQuickBooks && await StillInRoAppAsync(company.CompanyId, work, cancellationToken).ConfigureAwait(false))
        {
            return WorkResult.Fail($"Books check: RO App {Noun(work)} {work.RoAppId} exists again, so QuickBooks {entity} {id} was not voided.", "Run the books check again.");
        }

        if (work.Fix == BooksFix.VoidInQuickBooks && target.Value.Entity is Invoice invoice)
        {
            var (blocked, voidedAny) = await VoidOrphanPaymentsAsync(company, work, invoice, workItemId, cancellationToken).ConfigureAwait(false);
            if (blocked is not null)
            {
                return blocked;
            }

            if (voidedAny)
            {
                // Each void moved the invoice's SyncToken (its balance changed).
                target = await ReadAsync(company.RealmId, entity, id, cancellationToken).ConfigureAwait(false);
                if (target is null)
                {
                    return WorkResult.Retry($"QuickBooks invoice {id} could not be read again after its payments were voided.", TimeSpan.Zero);
                }
            }
        }

        var requestId = RequestIds.For(company.CompanyId, company.RealmId, "books", "remove", entity, id);
        QuickBooksEntity? after;
        try
        {
            after = entity switch
            {
                "Invoice" => await client.VoidInvoiceAsync(company.RealmId, id, target.Value.Entity.SyncToken!, requestId, cancellationToken).ConfigureAwait(false),
                "Payment" => await client.VoidPaymentAsync(company.RealmId, id, target.Value.Entity.SyncToken!, requestId, cancellationToken).ConfigureAwait(false),
                RefundForm.Receipt => await DeleteAsync<RefundReceipt>(company.RealmId, id, target.Value.Entity.SyncToken!, requestId, cancellationToken).ConfigureAwait(false),
                _ => await DeleteAsync<CreditMemo>(company.RealmId, id, target.Value.Entity.SyncToken!, requestId, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (QuickBooksValidationException ex)
        {
            return WorkResult.Fail(
                $"Books check: QuickBooks refused to {(entity is "Invoice" or "Payment" ? "void" : "delete")} {entity} {id}: {ex.Message}",
                entity == "Invoice"
                    ? "QuickBooks does not void an invoice that has payments applied: remove or move its payments in QuickBooks first, then press Retry."
                    : "Correct it in QuickBooks, then press Retry.");
        }

        if (link is { State: LinkState.Active } && link.QuickBooksId == id)
        {
            // The library's own change: the link records it, so the inbound sync does not report it back.
            var updated = entity == "Invoice"
                ? link with { ContentHash = InvoiceRemover.VoidedHash, SyncToken = after?.SyncToken ?? link.SyncToken, QuickBooksLastUpdatedAt = after?.MetaData?.LastUpdatedTime ?? link.QuickBooksLastUpdatedAt, LastSyncedAt = time.GetUtcNow() }
                : entity == "Payment"
                    ? link with { ContentHash = PaymentPlan.VoidedHash, SyncToken = after?.SyncToken ?? link.SyncToken, QuickBooksLastUpdatedAt = after?.MetaData?.LastUpdatedTime ?? link.QuickBooksLastUpdatedAt, LastSyncedAt = time.GetUtcNow() }
                    : link with { State = LinkState.DeletedInQuickBooks, LastSyncedAt = time.GetUtcNow() };
            await links.SaveAsync(updated, link.Version, cancellationToken).ConfigureAwait(false);
        }

        await JournalAsync(company, work, JournalOutcome.Synced,
            $"Books check: QuickBooks {entity} {id} was {(entity is "Invoice" or "Payment" ? "voided" : "deleted")} ({(work.Fix == BooksFix.RemoveDuplicate ? "a second copy of" : "left over from")} RO App {Noun(work)} {work.RoAppId}).",
            null, id, workItemId, cancellationToken).ConfigureAwait(false);
        return WorkResult.Completed;
    }

    /// <summary>
    /// QuickBooks does not void an invoice with payments applied. The library's own payments on an invoice whose RO App
    /// invoice is gone are left over too when their RO App payments are gone: those are voided first (each is its own
    /// finding, whose fix then finds it voided). Any other payment blocks the void, with the fix named.
    /// </summary>
    private async ValueTask<(WorkResult? Blocked, bool VoidedAny)> VoidOrphanPaymentsAsync(OutboundCompany company, BooksFixWork work, Invoice invoice, long workItemId, CancellationToken cancellationToken)
    {
        var voidedAny = false;
        var paymentIds = invoice.LinkedTxns?.Where(t => t.TxnType == "Payment" && t.TxnId is not null).Select(t => t.TxnId!).Distinct(StringComparer.Ordinal).ToList() ?? [];
        foreach (var paymentId in paymentIds)
        {
            Payment payment;
            try
            {
                payment = await client.ReadAsync<Payment>(company.RealmId, paymentId, cancellationToken).ConfigureAwait(false);
            }
            catch (QuickBooksObjectNotFoundException)
            {
                continue;
            }

            if (QuickBooksDocuments.IsVoided(payment.PrivateNote, payment.TotalAmt))
            {
                continue;
            }

            var roAppPaymentId = QuickBooksDocuments.ReferencedId(payment.PrivateNote);
            if (roAppPaymentId is null || await gateways.Gateway.GetPaymentAsync(company.CompanyId, roAppPaymentId, cancellationToken).ConfigureAwait(false) is not null)
            {
                return (WorkResult.Fail(
                    $"Books check: QuickBooks invoice {invoice.Id} was not voided: QuickBooks payment {paymentId} ({Money(payment.TotalAmt ?? 0m)}) is applied to it{(roAppPaymentId is null ? ", made in QuickBooks" : $", and RO App payment {roAppPaymentId} still exists")}.",
                    "QuickBooks does not void an invoice that has payments applied: delete that payment or remove the invoice from it in QuickBooks (refund the client if the money went back), then press Retry."), voidedAny);
            }

            var requestId = RequestIds.For(company.CompanyId, company.RealmId, "books", "remove", "Payment", paymentId);
            var voided = await client.VoidPaymentAsync(company.RealmId, paymentId, payment.SyncToken!, requestId, cancellationToken).ConfigureAwait(false);
            voidedAny = true;
            var paymentLink = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Payment, roAppPaymentId, cancellationToken).ConfigureAwait(false);
            if (paymentLink is { State: LinkState.Active } && paymentLink.QuickBooksId == paymentId)
            {
                await links.SaveAsync(
                    paymentLink with { ContentHash = PaymentPlan.VoidedHash, SyncToken = voided.SyncToken, QuickBooksLastUpdatedAt = voided.MetaData?.LastUpdatedTime, LastSyncedAt = time.GetUtcNow() },
                    paymentLink.Version,
                    cancellationToken).ConfigureAwait(false);
            }

            await JournalAsync(company, work, JournalOutcome.Synced,
                $"Books check: QuickBooks payment {paymentId} was voided (left over from RO App payment {roAppPaymentId}, on invoice {invoice.Id} left over from RO App invoice {work.RoAppId}).",
                null, paymentId, workItemId, cancellationToken).ConfigureAwait(false);
        }

        return (null, voidedAny);
    }

    private static string Money(decimal amount) => InvoiceMapper.Money(amount);

    private async Task<QuickBooksEntity?> DeleteAsync<T>(string realmId, string id, string syncToken, string requestId, CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        await client.DeleteAsync<T>(realmId, id, syncToken, requestId, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static bool IsVoidedHash(string hash) =>
        hash is InvoiceRemover.VoidedHash or PaymentPlan.VoidedHash;

    private static bool IsVoidedInvoiceLink(BooksFixWork work, EntityLink link) =>
        work.EntityType == SyncedEntityType.Invoice && InvoiceRemover.IsVoidedByUs(link);

    private async ValueTask<bool> StillInRoAppAsync(string companyId, BooksFixWork work, CancellationToken cancellationToken)
    {
        var gateway = gateways.Gateway;
        return work.EntityType switch
        {
            SyncedEntityType.Invoice => await gateway.GetInvoiceAsync(companyId, work.RoAppId!, cancellationToken).ConfigureAwait(false) is not null,
            SyncedEntityType.Payment => await gateway.GetPaymentAsync(companyId, work.RoAppId!, cancellationToken).ConfigureAwait(false) is not null,
            _ => await gateway.GetRefundAsync(companyId, work.RoAppId!, cancellationToken).ConfigureAwait(false) is not null,
        };
    }

    private ValueTask<EnqueueResult> QueueSendAsync(OutboundCompany company, BooksFixWork work, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(
            work.EntityType switch
            {
                SyncedEntityType.Invoice => OutboundWork.InvoiceSend(company.CompanyId, work.RoAppId!),
                SyncedEntityType.Payment => OutboundWork.PaymentItem(company.CompanyId, new PaymentWork(work.RoAppId!), null),
                _ => OutboundWork.RefundSend(company.CompanyId, work.RoAppId!, again: true),
            },
            cancellationToken);

    /// <summary>Whether a memo names the work's RO App document (refunds carry <c>refund:</c> before the id).</summary>
    private static bool IsOwnCopy(BooksFixWork work, string? note) =>
        QuickBooksDocuments.ReferencedId(note) is { } id
        && string.Equals(id, work.EntityType == SyncedEntityType.Refund ? "refund:" + work.RoAppId : work.RoAppId, StringComparison.Ordinal);

    private async ValueTask<(QuickBooksEntity Entity, string? Note, decimal? Total)?> ReadAsync(string realmId, string entity, string id, CancellationToken cancellationToken)
    {
        try
        {
            return entity switch
            {
                "Invoice" => await client.ReadAsync<Invoice>(realmId, id, cancellationToken).ConfigureAwait(false) is var i ? (i, i.PrivateNote, i.TotalAmt) : null,
                "Payment" => await client.ReadAsync<Payment>(realmId, id, cancellationToken).ConfigureAwait(false) is var p ? (p, p.PrivateNote, p.TotalAmt) : null,
                _ => await RefundForm.ReadAsync(client, realmId, entity == RefundForm.Receipt, id, cancellationToken).ConfigureAwait(false) is { } form ? (form.Entity, form.Note, form.Total) : null,
            };
        }
        catch (QuickBooksObjectNotFoundException)
        {
            return null;
        }
    }

    private async ValueTask JournalAsync(OutboundCompany company, BooksFixWork work, JournalOutcome outcome, string message, string? fix, string? quickBooksId, long workItemId, CancellationToken cancellationToken)
    {
        // A books fix says nothing new about the invoice's own sync state (the send it queues does), so no state is recorded.
        await journal.AppendAsync(
            new JournalEntry
            {
                CompanyId = company.CompanyId,
                RealmId = company.RealmId,
                EntityType = work.EntityType,
                RoAppEntityId = work.RoAppId,
                Direction = JournalDirection.Outbound,
                Operation = Operation(work),
                Outcome = outcome,
                QuickBooksId = quickBooksId,
                Message = message,
                Fix = fix,
                At = time.GetUtcNow(),
                WorkItemId = workItemId,
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static string Operation(BooksFixWork work) => work.Fix switch
    {
        BooksFix.SendAgain => "books fix: send again",
        BooksFix.Relink => "books fix: relink",
        BooksFix.RemoveDuplicate => "books fix: remove duplicate",
        _ => "books fix: void",
    };

    private static string Noun(BooksFixWork work) => work.EntityType switch
    {
        SyncedEntityType.Invoice => "invoice",
        SyncedEntityType.Payment => "payment",
        _ => "refund",
    };

    private static BooksFixWork Read(WorkItem item) =>
        OutboundWork.Deserialize(item.Payload, BooksJsonContext.Default.BooksFixWork);
}

/// <summary>A books fix on the queue: the finding's kind, fix and what it names.</summary>
internal sealed record BooksFixWork(BooksFix Fix, BooksFindingKind FindingKind, SyncedEntityType EntityType, string? RoAppId, string? QuickBooksEntity, string? QuickBooksId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(BooksFixWork))]
internal sealed partial class BooksJsonContext : JsonSerializerContext;
