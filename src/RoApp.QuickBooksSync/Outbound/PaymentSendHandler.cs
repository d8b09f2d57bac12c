using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Brings one RO App payment's QuickBooks payment in line with RO App, whatever happened to it (recorded, changed,
/// deleted), under the payment's write claim: a new payment is created (applied to its synced invoice, or
/// unapplied on the client's customer as a deposit until the invoice is synced), a changed one is updated sparsely
/// on its current SyncToken, a deleted one is voided or deleted as the company chose. A payment whose link or
/// reference says it came from QuickBooks is never written back.
/// </summary>
/// <remarks>
/// Payment work is ordered per payment (<see cref="OutboundWork.PaymentOrderingKey"/>), never behind the invoice:
/// a payment that waits for its invoice no longer holds the invoice's sends back, and nothing dead-letters for
/// waiting (a deposit goes unapplied and is applied when the invoice arrives).
/// </remarks>
internal sealed partial class PaymentSendHandler(
    IQuickBooksClient client,
    RoAppGatewayAccessor gateway,
    IEntityLinkStore links,
    IJournalStore journal,
    OutboundCompanyLoader companies,
    CustomerResolver customers,
    PaymentMethodResolver methods,
    LocationResolver locations,
    WriteClaims claims,
    TimeProvider time,
    ILogger<PaymentSendHandler> logger) : IWorkHandler
{
    internal const string Operation = "send payment";
    internal const int MaxStaleRetries = 3;

    /// <summary>
    /// How long a payment on an invoice that is not in QuickBooks yet waits (without counting an attempt) for a
    /// queued send of the invoice before it goes as an unapplied deposit.
    /// </summary>
    internal static readonly TimeSpan WaitForInvoice = TimeSpan.FromMinutes(2);

    /// <summary>How long a payment waits when another writer holds it.</summary>
    internal static readonly TimeSpan WaitForWriter = TimeSpan.FromSeconds(2);

    private const string CreatePending = "payment.create";

    public string Kind => OutboundWork.PaymentKind;

    public WorkSubject Describe(WorkItem item) =>
        new(JournalDirection.Outbound, Operation, SyncedEntityType.Payment, OutboundWork.Deserialize(item.Payload, OutboundJsonContext.Default.PaymentWork).PaymentId);

    public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var work = OutboundWork.Deserialize(item.Payload, OutboundJsonContext.Default.PaymentWork);
        var (company, notReady) = await companies.LoadAsync(item.CompanyId, requireEnabled: true, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            await JournalAsync(item, null, work.PaymentId, JournalOutcome.Skipped, notReady!.Message, notReady.Fix, null, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        var claim = await claims.TryAcquireAsync(new WriteClaimKey(company.CompanyId, company.RealmId, SyncedEntityType.Payment, work.PaymentId), cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return WorkResult.Defer($"RO App payment {work.PaymentId} is being written by another worker.", WaitForWriter);
        }

        await using (claim.ConfigureAwait(false))
        {
            var result = await HandleHeldAsync(company, item, work, claim).ConfigureAwait(false);
            if (result is WorkResult.CompletedResult)
            {
                await claim.SettleAsync().ConfigureAwait(false);
            }

            return result;
        }
    }

    private async ValueTask<WorkResult> HandleHeldAsync(OutboundCompany company, WorkItem item, PaymentWork work, HeldWriteClaim claim)
    {
        var cancellationToken = claim.Token;
        var paymentId = work.PaymentId;
        var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Payment, paymentId, cancellationToken).ConfigureAwait(false);
        if (link is { Origin: LinkOrigin.QuickBooks })
        {
            await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Skipped,
                $"RO App payment {paymentId} came from QuickBooks (payment {link.QuickBooksId}), so it is not written back; change it in QuickBooks.", null, link.QuickBooksId, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        var payment = work.Deleted ? null : await gateway.Gateway.GetPaymentAsync(company.CompanyId, paymentId, cancellationToken).ConfigureAwait(false);

        // The inbound sync records QuickBooks payments with a reference of its own; a host that reports such a
        // payment like any other (possibly before the inbound sync has linked it) must not get it sent back.
        if (payment is not null && QuickBooksPaymentReference.IsFromQuickBooks(payment.ExternalReference))
        {
            await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Skipped,
                $"RO App payment {paymentId} was recorded from QuickBooks ({payment.ExternalReference}), so it is not sent back.", null, null, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        if (payment is null)
        {
            return await RemoveAsync(company, item, paymentId, link, cancellationToken).ConfigureAwait(false);
        }

        if (payment.Amount <= 0m)
        {
            return WorkResult.Fail(
                $"RO App payment {paymentId} has the amount {InvoiceMapper.Money(payment.Amount)} (field Amount); QuickBooks takes only payments above zero, so nothing was sent.",
                "Correct the payment's amount in RO App (a refund is recorded as a refund, not as a negative payment); it is sent again when it changes.");
        }

        var method = PaymentMethodChoice.For(company.Settings, payment.Method);
        if (method.Problem is { } unmapped)
        {
            return WorkResult.Fail(unmapped.Message, unmapped.Fix);
        }

        // Everything the content hash needs is local, so a payment reported again unchanged costs no API call.
        var invoiceLink = payment.InvoiceId is { Length: > 0 } invoiceId
            ? await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Invoice, invoiceId, cancellationToken).ConfigureAwait(false)
            : null;
        invoiceLink = invoiceLink is { State: LinkState.Active } ? invoiceLink : null;
        var depositAccount = payment.CashboxId is { } cashbox && company.Settings.DepositAccountIdsByCashboxId.TryGetValue(cashbox, out var account) ? account : null;
        var location = company.Settings.Locations?.Mode == LocationTrackingMode.Location
            ? await locations.ResolveAsync(company, payment.LocationName, cancellationToken).ConfigureAwait(false)
            : LocationChoice.None;
        if (location.Problem is { } unknownLocation)
        {
            return WorkResult.Fail($"RO App payment {paymentId} was not sent: {unknownLocation}", location.Fix);
        }

        var plan = new PaymentPlan(payment, invoiceLink?.QuickBooksId, depositAccount, method.QuickBooksName) { DepartmentId = location.DepartmentRef?.Value };
        if (link is { State: LinkState.Active } && link.ContentHash == plan.ContentHash)
        {
            await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Skipped,
                $"RO App payment {paymentId} is already in QuickBooks (payment {link.QuickBooksId}) as it is now; nothing was sent.", null, link.QuickBooksId, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        if (invoiceLink is null && payment.InvoiceId is { Length: > 0 } && link is not { State: LinkState.Active } && time.GetUtcNow() - item.EnqueuedAt < WaitForInvoice
            && await InvoiceSendLikelyQueuedAsync(company, payment.InvoiceId, cancellationToken).ConfigureAwait(false))
        {
            // The invoice's own send is most likely queued beside this payment: a moment's wait saves writing a
            // deposit and applying it straight after.
            return WorkResult.Defer($"RO App payment {paymentId} waits a moment for invoice {payment.InvoiceId} to be sent to QuickBooks.", WaitForInvoice / 4);
        }

        var target = await TargetAsync(company, payment, invoiceLink, cancellationToken).ConfigureAwait(false);
        if (target.Problem is { } problem)
        {
            return WorkResult.Fail(problem.Message, problem.Fix);
        }

        var methodId = method.QuickBooksName is { } methodName ? await methods.ResolveAsync(company.RealmId, methodName, cancellationToken).ConfigureAwait(false) : null;
        var writer = new PaymentWrite(client, company, plan, methodId);
        Payment written;
        string requestId;
        try
        {
            if (link is { State: LinkState.Active })
            {
                (written, requestId) = await writer.UpdateAsync(link.QuickBooksId, target, Run(item), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var customerId = target.CustomerId!;
                var mayHaveWritten = item.Attempts > 0 || item.ClaimCount > 1 || claim.PendingWrites.Contains(CreatePending, StringComparer.Ordinal);
                await claim.AddPendingWriteAsync(CreatePending).ConfigureAwait(false);
                (written, requestId, var foundEarlier) = await writer.CreateAsync(customerId, target, mayHaveWritten, cancellationToken).ConfigureAwait(false);
                if (foundEarlier)
                {
                    // An earlier run created it, perhaps from what the payment was then: bring it up to date.
                    (written, requestId) = await writer.UpdateAsync(written.Id!, target, Run(item), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (QuickBooksApiException ex) when (ex.Code == PaymentFaults.Deposited)
        {
            return PaymentFaults.DepositedFailure(paymentId, link?.QuickBooksId, "changed");
        }
        catch (QuickBooksObjectNotFoundException) when (link is { State: LinkState.Active })
        {
            // Deleted in QuickBooks meanwhile: the next run creates it again, under a fresh request id.
            await links.SaveAsync(link with { State = LinkState.DeletedInQuickBooks, LastSyncedAt = time.GetUtcNow() }, link.Version, cancellationToken).ConfigureAwait(false);
            return WorkResult.Retry($"QuickBooks payment {link.QuickBooksId} of RO App payment {paymentId} no longer exists; it is created again.", TimeSpan.Zero);
        }

        await claim.EnsureHeldAsync().ConfigureAwait(false);
        await SaveLinkAsync(company, paymentId, written, plan.ContentHash, link, cancellationToken).ConfigureAwait(false);
        if (target.InvoiceLink is null && payment.InvoiceId is { Length: > 0 } waitedFor)
        {
            await DepositsAwaitingInvoices.RememberAsync(links, company, paymentId, waitedFor, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        var applied = written.TotalAmt - (written.UnappliedAmt ?? 0m);
        await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Synced,
            Describe(payment, written, link is { State: LinkState.Active }, target.InvoiceLink, applied, depositAccount),
            null, written.Id, requestId, cancellationToken).ConfigureAwait(false);
        LogPaymentSent(company.CompanyId, paymentId, written.Id);
        return WorkResult.Completed;
    }

    /// <summary>Whether the invoice is in a trigger status, so that its send is probably queued right now.</summary>
    private async ValueTask<bool> InvoiceSendLikelyQueuedAsync(OutboundCompany company, string invoiceId, CancellationToken cancellationToken) =>
        await gateway.Gateway.GetInvoiceAsync(company.CompanyId, invoiceId, cancellationToken).ConfigureAwait(false) is { StatusId: { } status }
        && company.Settings.TriggerStatusIds.Contains(status, StringComparer.Ordinal);

    /// <summary>Where the payment goes: the synced invoice it pays (its customer and open balance), or the client's customer.</summary>
    private async ValueTask<PaymentTarget> TargetAsync(OutboundCompany company, RoAppPaymentSnapshot payment, EntityLink? invoiceLink, CancellationToken cancellationToken)
    {
        RoAppInvoiceSnapshot? invoice = null;
        if (payment.InvoiceId is { Length: > 0 } invoiceId)
        {
            if (invoiceLink is not null)
            {
                var quickBooksInvoice = await client.ReadAsync<Invoice>(company.RealmId, invoiceLink.QuickBooksId, cancellationToken).ConfigureAwait(false);
                if (quickBooksInvoice.TotalAmt is 0m && quickBooksInvoice.PrivateNote?.StartsWith("Voided", StringComparison.OrdinalIgnoreCase) == true)
                {
                    return PaymentTarget.Refused(new NotReady(
                        $"RO App payment {payment.Id} is on invoice {invoiceId} (field InvoiceId), which is voided in QuickBooks (invoice {invoiceLink.QuickBooksId}); QuickBooks takes no payment on a voided invoice, so nothing was sent.",
                        "Record the payment on the invoice that replaces it, or refund it in RO App; then use Retry on this entry."));
                }

                var customerId = quickBooksInvoice.CustomerRef?.Value;
                if (customerId is null)
                {
                    return PaymentTarget.Refused(new NotReady($"QuickBooks invoice {invoiceLink.QuickBooksId} has no customer, so payment {payment.Id} cannot be applied to it.", "Check the invoice in QuickBooks, then use Retry on this entry."));
                }

                return new PaymentTarget(customerId, invoiceLink, quickBooksInvoice.Balance ?? 0m, null);
            }

            invoice = await gateway.Gateway.GetInvoiceAsync(company.CompanyId, invoiceId, cancellationToken).ConfigureAwait(false);
        }

        var payer = invoice?.Client ?? payment.Client;
        if (payer is null)
        {
            return PaymentTarget.Refused(new NotReady(
                payment.InvoiceId is { Length: > 0 }
                    ? $"RO App payment {payment.Id} pays invoice {payment.InvoiceId} (field InvoiceId), which RO App no longer has, and names no client (field Client), so QuickBooks cannot be told whose money it is."
                    : $"RO App payment {payment.Id} has no invoice and no client (fields InvoiceId and Client), so QuickBooks cannot be told whose deposit it is.",
                "Give the payment its invoice or its client in RO App, then use Retry on this entry."));
        }

        var customer = await customers.ResolveAsync(company, payer, invoice is null ? null : InvoiceMapper.BillTo(invoice), cancellationToken).ConfigureAwait(false);
        return new PaymentTarget(customer, null, 0m, null);
    }

    private async ValueTask<WorkResult> RemoveAsync(OutboundCompany company, WorkItem item, string paymentId, EntityLink? link, CancellationToken cancellationToken)
    {
        if (link is not { State: LinkState.Active })
        {
            await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Skipped,
                $"RO App payment {paymentId} was deleted in RO App before it reached QuickBooks; nothing to remove there.", null, link?.QuickBooksId, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        if (link.ContentHash == PaymentPlan.VoidedHash)
        {
            await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Skipped,
                $"RO App payment {paymentId} is voided in QuickBooks already (payment {link.QuickBooksId}).", null, link.QuickBooksId, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        var action = company.Settings.DeletedPayments;
        var requestId = RequestIds.For(company.CompanyId, company.RealmId, "payment", paymentId, action == Settings.DeletedPaymentAction.Delete ? "delete" : "void", link.QuickBooksId, Run(item));
        for (var attempt = 0; ; attempt++)
        {
            Payment current;
            try
            {
                current = await client.ReadAsync<Payment>(company.RealmId, link.QuickBooksId, cancellationToken).ConfigureAwait(false);
            }
            catch (QuickBooksObjectNotFoundException)
            {
                await links.SaveAsync(link with { State = LinkState.DeletedInQuickBooks, LastSyncedAt = time.GetUtcNow() }, link.Version, cancellationToken).ConfigureAwait(false);
                await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Synced,
                    $"RO App payment {paymentId} was deleted in RO App; its QuickBooks payment {link.QuickBooksId} was deleted there already.", null, link.QuickBooksId, null, cancellationToken).ConfigureAwait(false);
                return WorkResult.Completed;
            }

            try
            {
                if (action == Settings.DeletedPaymentAction.Delete)
                {
                    await client.DeleteAsync<Payment>(company.RealmId, link.QuickBooksId, current.SyncToken!, requestId, cancellationToken).ConfigureAwait(false);
                    await links.SaveAsync(link with { State = LinkState.DeletedInQuickBooks, LastSyncedAt = time.GetUtcNow() }, link.Version, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var voided = PaymentPlan.IsVoided(current)
                        ? current
                        : await client.VoidPaymentAsync(company.RealmId, link.QuickBooksId, current.SyncToken!, requestId, cancellationToken).ConfigureAwait(false);
                    await links.SaveAsync(
                        link with { SyncToken = voided.SyncToken, ContentHash = PaymentPlan.VoidedHash, LastSyncedAt = time.GetUtcNow(), QuickBooksLastUpdatedAt = voided.MetaData?.LastUpdatedTime },
                        link.Version,
                        cancellationToken).ConfigureAwait(false);
                }

                break;
            }
            catch (QuickBooksStaleObjectException) when (attempt < MaxStaleRetries)
            {
                // Changed in QuickBooks since the read: read it again.
            }
            catch (QuickBooksApiException ex) when (ex.Code == PaymentFaults.Deposited)
            {
                return PaymentFaults.DepositedFailure(paymentId, link.QuickBooksId, action == Settings.DeletedPaymentAction.Delete ? "deleted" : "voided");
            }
        }

        var verb = action == Settings.DeletedPaymentAction.Delete ? "deleted" : "voided";
        await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Synced,
            $"RO App payment {paymentId} was deleted in RO App, so its QuickBooks payment {link.QuickBooksId} was {verb}; the invoice it paid is open again by that amount.",
            null, link.QuickBooksId, requestId, cancellationToken).ConfigureAwait(false);
        return WorkResult.Completed;
    }

    /// <summary>
    /// Tells one run of an item from the next in the request ids of updates, voids and deletes. QuickBooks answers a
    /// repeated request id with its first answer, a refusal too: a run after the cause was fixed (the payment taken
    /// out of its bank deposit, say) needs a new id. Those writes read the payment first, so a run after one that
    /// wrote without recording it sees the write and does not repeat it.
    /// </summary>
    private static string Run(WorkItem item) => item.ClaimCount.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async ValueTask SaveLinkAsync(OutboundCompany company, string paymentId, Payment written, string contentHash, EntityLink? previous, CancellationToken cancellationToken)
    {
        var link = new EntityLink
        {
            CompanyId = company.CompanyId,
            RealmId = company.RealmId,
            EntityType = SyncedEntityType.Payment,
            RoAppId = paymentId,
            QuickBooksId = written.Id!,
            SyncToken = written.SyncToken,
            ContentHash = contentHash,
            Origin = LinkOrigin.RoApp,
            LastSyncedAt = time.GetUtcNow(),
            QuickBooksLastUpdatedAt = written.MetaData?.LastUpdatedTime,
        };
        if (!await links.SaveAsync(link, previous?.Version ?? 0, cancellationToken).ConfigureAwait(false))
        {
            // Under the payment's claim nobody else writes this link; a lost race means a stale read: re-read and save.
            var current = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Payment, paymentId, cancellationToken).ConfigureAwait(false);
            await links.SaveAsync(link, current?.Version ?? 0, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(RoAppPaymentSnapshot payment, Payment written, bool updated, EntityLink? invoiceLink, decimal? applied, string? depositAccount)
    {
        var verb = updated ? "updated in QuickBooks" : "recorded in QuickBooks";
        var where = depositAccount is null ? "deposited to Undeposited Funds" : $"deposited to account {depositAccount}";
        var unapplied = written.UnappliedAmt ?? 0m;
        var application = invoiceLink is null
            ? payment.InvoiceId is { Length: > 0 }
                ? $" as an unapplied deposit on the customer, to be applied to invoice {payment.InvoiceId} once it is synced"
                : " as an unapplied deposit on the customer"
            : unapplied > 0m
                ? $" against invoice {invoiceLink.QuickBooksId} ({InvoiceMapper.Money(applied ?? 0m)} applied, {InvoiceMapper.Money(unapplied)} left unapplied on the customer: more than the invoice's open balance)"
                : $" against invoice {invoiceLink.QuickBooksId}";
        return $"RO App payment {payment.Id} of {InvoiceMapper.Money(payment.Amount)} was {verb} (payment {written.Id}){application} ({where}).";
    }

    private async ValueTask JournalAsync(WorkItem item, string? realmId, string paymentId, JournalOutcome outcome, string message, string? fix, string? quickBooksId, string? requestId, CancellationToken cancellationToken) =>
        await journal.AppendAsync(
            new JournalEntry
            {
                CompanyId = item.CompanyId,
                RealmId = realmId,
                EntityType = SyncedEntityType.Payment,
                RoAppEntityId = paymentId,
                Direction = JournalDirection.Outbound,
                Operation = Operation,
                Outcome = outcome,
                QuickBooksId = quickBooksId,
                RequestId = requestId,
                Message = message,
                Fix = fix,
                At = time.GetUtcNow(),
                WorkItemId = item.Id,
            },
            cancellationToken).ConfigureAwait(false);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Company {CompanyId}: RO App payment {PaymentId} written as QuickBooks payment {QuickBooksId}.")]
    private partial void LogPaymentSent(string companyId, string paymentId, string? quickBooksId);
}

/// <summary>Where a payment goes in QuickBooks.</summary>
/// <param name="CustomerId">The QuickBooks customer (the invoice's, or the client's for a deposit).</param>
/// <param name="InvoiceLink">The synced invoice it is applied to; none: unapplied (a deposit).</param>
/// <param name="InvoiceBalance">The invoice's open balance in QuickBooks when read.</param>
/// <param name="Problem">Why the payment cannot go (bad input), with the fix.</param>
internal sealed record PaymentTarget(string? CustomerId, EntityLink? InvoiceLink, decimal InvoiceBalance, NotReady? Problem)
{
    public static PaymentTarget Refused(NotReady problem) => new(null, null, 0m, problem);
}

/// <summary>QuickBooks' refusal to change a deposited payment, and what the shop does about it.</summary>
internal static class PaymentFaults
{
    /// <summary>"Deposited Transaction cannot be changed": the payment is part of a bank deposit.</summary>
    public const string Deposited = "6540";

    public static WorkResult DepositedFailure(string paymentId, string? quickBooksId, string verb) =>
        WorkResult.Fail(
            $"RO App payment {paymentId} could not be {verb} in QuickBooks: QuickBooks payment {quickBooksId} is part of a bank deposit there (fault 6540, \"Deposited Transaction cannot be changed\").",
            "In QuickBooks, open the bank deposit that holds the payment and remove the payment from it (or delete the deposit), then use Retry on this entry.");
}
