using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Sends an RO App refund on a synced invoice once: money paid back becomes a QuickBooks RefundReceipt (out of the
/// account mapped for its cashbox, else Undeposited Funds, with the mapped payment method), a refund to the
/// client's balance a CreditMemo on the invoice's customer. Under the refund's write claim, with a deterministic
/// request id and, after a run that may have written, a look-up by the reference in the memo before creating again.
/// </summary>
internal sealed partial class RefundSendHandler(
    IQuickBooksClient client,
    RoAppGatewayAccessor gateway,
    IEntityLinkStore links,
    IJournalStore journal,
    OutboundCompanyLoader companies,
    ItemResolver items,
    PaymentMethodResolver methods,
    WriteClaims claims,
    TimeProvider time,
    ILogger<RefundSendHandler> logger) : IWorkHandler
{
    internal const string Operation = "send refund";

    private const string DefaultDescription = "Refund";

    public string Kind => OutboundWork.RefundKind;

    public WorkSubject Describe(WorkItem item) =>
        new(JournalDirection.Outbound, Operation, SyncedEntityType.Refund, OutboundWork.Deserialize(item.Payload, OutboundJsonContext.Default.RefundWork).RefundId);

    /// <summary>The memo reference of an RO App refund: how the library finds its own refund again.</summary>
    public static string Marker(string refundId) => $"[RO App ref refund:{refundId}]";

    public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var refundId = OutboundWork.Deserialize(item.Payload, OutboundJsonContext.Default.RefundWork).RefundId;
        var (company, notReady) = await companies.LoadAsync(item.CompanyId, requireEnabled: true, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            await JournalAsync(item, null, refundId, JournalOutcome.Skipped, notReady!.Message, notReady.Fix, null, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        var claim = await claims.TryAcquireAsync(new WriteClaimKey(company.CompanyId, company.RealmId, SyncedEntityType.Refund, refundId), cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return WorkResult.Defer($"RO App refund {refundId} is being written by another worker.", PaymentSendHandler.WaitForWriter);
        }

        await using (claim.ConfigureAwait(false))
        {
            var result = await SendAsync(company, item, refundId, claim).ConfigureAwait(false);
            if (result is WorkResult.CompletedResult)
            {
                await claim.SettleAsync().ConfigureAwait(false);
            }

            return result;
        }
    }

    private async ValueTask<WorkResult> SendAsync(OutboundCompany company, WorkItem item, string refundId, HeldWriteClaim claim)
    {
        var cancellationToken = claim.Token;
        var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Refund, refundId, cancellationToken).ConfigureAwait(false);
        if (link is { State: LinkState.Active })
        {
            await JournalAsync(item, company.RealmId, refundId, JournalOutcome.Skipped, $"RO App refund {refundId} is already in QuickBooks ({link.QuickBooksId}).", null, link.QuickBooksId, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        RoAppRefundSnapshot? refund;
        try
        {
            refund = await gateway.Gateway.GetRefundAsync(company.CompanyId, refundId, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException ex)
        {
            return WorkResult.Fail($"RO App refund {refundId} was not sent: {ex.Message}", "Implement IRoAppGateway.GetRefundAsync in the host, then use Retry on this entry.");
        }

        if (refund is null)
        {
            await JournalAsync(item, company.RealmId, refundId, JournalOutcome.Skipped, $"RO App refund {refundId} no longer exists, so it was not sent.", null, null, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        if (refund.Amount <= 0m)
        {
            return WorkResult.Fail(
                $"RO App refund {refundId} has the amount {InvoiceMapper.Money(refund.Amount)} (field Amount); a refund must be above zero, so nothing was sent.",
                "Correct the refund's amount in RO App, then use Retry on this entry.");
        }

        var invoiceLink = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Invoice, refund.InvoiceId, cancellationToken).ConfigureAwait(false);
        if (invoiceLink is not { State: LinkState.Active })
        {
            return WorkResult.Fail(
                $"RO App refund {refundId} is on invoice {refund.InvoiceId} (field InvoiceId), which is not in QuickBooks, so the refund was not sent.",
                "Sync the invoice with QuickBooks (\"Sync with QuickBooks\"), then use Retry on this entry.");
        }

        var invoice = await client.ReadAsync<Invoice>(company.RealmId, invoiceLink.QuickBooksId, cancellationToken).ConfigureAwait(false);
        var customerId = invoice.CustomerRef?.Value ?? throw new QuickBooksValidationException($"QuickBooks invoice {invoiceLink.QuickBooksId} has no customer, so refund {refundId} cannot be made to it.");
        var paid = (invoice.TotalAmt ?? 0m) - (invoice.Balance ?? 0m);
        if (refund.Kind == RoAppRefundKind.CashBack && refund.Amount > paid)
        {
            return WorkResult.Fail(
                $"RO App refund {refundId} pays back {InvoiceMapper.Money(refund.Amount)} (field Amount) on invoice {refund.InvoiceId}, but QuickBooks has only {InvoiceMapper.Money(paid)} paid on it, so nothing was sent.",
                "Correct the refund's amount in RO App, or record the missing payment first; then use Retry on this entry.");
        }

        if (refund.Kind == RoAppRefundKind.ToBalance && refund.Amount > (invoice.TotalAmt ?? 0m))
        {
            return WorkResult.Fail(
                $"RO App refund {refundId} credits {InvoiceMapper.Money(refund.Amount)} (field Amount) for invoice {refund.InvoiceId}, more than its total {InvoiceMapper.Money(invoice.TotalAmt ?? 0m)}, so nothing was sent.",
                "Correct the refund's amount in RO App, then use Retry on this entry.");
        }

        // Refunds do not change the invoice's balance in QuickBooks, so the limit counts the library's earlier refunds
        // on this invoice too: together they never pay back more than was paid, nor credit more than the total.
        var earlier = refund.Kind == RoAppRefundKind.CashBack
            ? await EarlierRefundsAsync<RefundReceipt>(company.RealmId, customerId, refund.InvoiceId, refundId, cancellationToken).ConfigureAwait(false)
            : await EarlierRefundsAsync<CreditMemo>(company.RealmId, customerId, refund.InvoiceId, refundId, cancellationToken).ConfigureAwait(false);
        var limit = refund.Kind == RoAppRefundKind.CashBack ? paid : invoice.TotalAmt ?? 0m;
        if (earlier > 0m && refund.Amount + earlier > limit)
        {
            var verb = refund.Kind == RoAppRefundKind.CashBack ? "paid back" : "credited";
            return WorkResult.Fail(
                $"RO App refund {refundId} of {InvoiceMapper.Money(refund.Amount)} (field Amount) on invoice {refund.InvoiceId} was not sent: {InvoiceMapper.Money(earlier)} was {verb} already, " +
                $"and together that is more than the {InvoiceMapper.Money(limit)} {(refund.Kind == RoAppRefundKind.CashBack ? "paid on it" : "it totals")}.",
                "Correct the refund's amount in RO App (or the earlier refund's, in QuickBooks too), then use Retry on this entry.");
        }

        string? methodId = null;
        if (refund.Kind == RoAppRefundKind.CashBack)
        {
            var method = PaymentMethodChoice.For(company.Settings, refund.Method);
            if (method.Problem is { } unmapped)
            {
                return WorkResult.Fail(unmapped.Message.Replace("the payment was not sent", "the refund was not sent", StringComparison.Ordinal), unmapped.Fix);
            }

            methodId = method.QuickBooksName is { } name ? await methods.ResolveAsync(company.RealmId, name, cancellationToken).ConfigureAwait(false) : null;
        }

        var description = string.IsNullOrWhiteSpace(refund.Description) ? DefaultDescription : refund.Description.Trim();
        var itemId = await items.ResolveAsync(company, DefaultDescription, cancellationToken).ConfigureAwait(false);
        IList<InvoiceLine> lines =
        [
            new InvoiceLine
            {
                DetailType = InvoiceLine.SalesItemLineDetailType,
                Amount = refund.Amount,
                Description = description,
                SalesItemLineDetail = new SalesItemLineDetail { ItemRef = new QuickBooksRef(itemId), Qty = 1m, UnitPrice = refund.Amount },
            },
        ];
        var note = $"RO App refund on invoice {refund.InvoiceId} {Marker(refundId)}";
        var globalTax = company.Profile.IsUnitedStates ? null : "NotApplicable";
        // A refund sent again after its QuickBooks form was deleted is a new create: the id carries the old link's
        // version, or QuickBooks would replay the first create's answer (the deleted form).
        var requestId = link is null
            ? RequestIds.For(company.CompanyId, company.RealmId, "refund", refundId, "create")
            : RequestIds.For(company.CompanyId, company.RealmId, "refund", refundId, "create", link.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var mayHaveWritten = item.Attempts > 0 || item.ClaimCount > 1 || claim.PendingWrites.Count > 0;
        await claim.AddPendingWriteAsync("refund.create").ConfigureAwait(false);

        QuickBooksEntity written;
        string what;
        if (refund.Kind == RoAppRefundKind.CashBack)
        {
            var accountId = refund.CashboxId is { } cashbox && company.Settings.DepositAccountIdsByCashboxId.TryGetValue(cashbox, out var mapped)
                ? mapped
                : (await client.FindUndepositedFundsAccountAsync(company.RealmId, cancellationToken).ConfigureAwait(false))?.Id
                    ?? throw new QuickBooksValidationException("QuickBooks has no Undeposited Funds account to pay the refund out of. Map the refund's cashbox to a Bank account in the QuickBooks settings.");
            written = await CreateOnceAsync(
                company.RealmId,
                new RefundReceipt { CustomerRef = new QuickBooksRef(customerId), Lines = lines, TxnDate = refund.Date, DepositToAccountRef = new QuickBooksRef(accountId), PaymentMethodRef = methodId is null ? null : new QuickBooksRef(methodId), PrivateNote = note, GlobalTaxCalculation = globalTax },
                customerId, refund.Date, Marker(refundId), requestId, mayHaveWritten, cancellationToken).ConfigureAwait(false);
            what = $"a QuickBooks refund receipt (out of account {accountId})";
        }
        else
        {
            written = await CreateOnceAsync(
                company.RealmId,
                new CreditMemo { CustomerRef = new QuickBooksRef(customerId), Lines = lines, TxnDate = refund.Date, PrivateNote = note, GlobalTaxCalculation = globalTax },
                customerId, refund.Date, Marker(refundId), requestId, mayHaveWritten, cancellationToken).ConfigureAwait(false);
            what = "a QuickBooks credit memo on the customer's balance";
        }

        await claim.EnsureHeldAsync().ConfigureAwait(false);
        await links.SaveAsync(
            new EntityLink
            {
                CompanyId = company.CompanyId,
                RealmId = company.RealmId,
                EntityType = SyncedEntityType.Refund,
                RoAppId = refundId,
                QuickBooksId = written.Id!,
                SyncToken = written.SyncToken,
                Origin = LinkOrigin.RoApp,
                LastSyncedAt = time.GetUtcNow(),
                QuickBooksLastUpdatedAt = written.MetaData?.LastUpdatedTime,
            },
            link?.Version ?? 0,
            cancellationToken).ConfigureAwait(false);
        await JournalAsync(item, company.RealmId, refundId, JournalOutcome.Synced,
            $"RO App refund {refundId} of {InvoiceMapper.Money(refund.Amount)} on invoice {refund.InvoiceId} was recorded as {what}, id {written.Id}.",
            null, written.Id, requestId, cancellationToken).ConfigureAwait(false);
        LogRefundSent(company.CompanyId, refundId, written.Id);
        return WorkResult.Completed;
    }

    private async ValueTask<T> CreateOnceAsync<T>(string realmId, T draft, string customerId, DateOnly date, string marker, string requestId, bool mayHaveWritten, CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        if (mayHaveWritten && await FindAsync<T>(realmId, customerId, date, marker, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return earlier;
        }

        try
        {
            return await client.CreateAsync(realmId, draft, requestId, cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksApiException ex) when (ex.MayHaveBeenApplied)
        {
            var found = await FindAsync<T>(realmId, customerId, date, marker, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                throw;
            }

            return found;
        }
    }

    /// <summary>What the library's other refunds of this form on the invoice add up to (found by the memo it writes).</summary>
    private async ValueTask<decimal> EarlierRefundsAsync<T>(string realmId, string customerId, string invoiceId, string refundId, CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        var onInvoice = $"RO App refund on invoice {invoiceId} [";
        var own = Marker(refundId);
        var sum = 0m;
        var query = QuickBooksQuery.From<T>().Where("CustomerRef", QueryOperator.Equal, customerId);
        await foreach (var candidate in client.QueryAllAsync<T>(realmId, query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (candidate is IRefundForm { PrivateNote: { } note } form && note.StartsWith(onInvoice, StringComparison.Ordinal) && !note.Contains(own, StringComparison.Ordinal))
            {
                sum += form.TotalAmt ?? 0m;
            }
        }

        return sum;
    }

    private async ValueTask<T?> FindAsync<T>(string realmId, string customerId, DateOnly date, string marker, CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        var query = QuickBooksQuery.From<T>().Where("CustomerRef", QueryOperator.Equal, customerId).Where("TxnDate", QueryOperator.Equal, date);
        await foreach (var candidate in client.QueryAllAsync<T>(realmId, query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if ((candidate as IRefundForm)?.PrivateNote?.Contains(marker, StringComparison.Ordinal) == true)
            {
                return candidate;
            }
        }

        return null;
    }

    private async ValueTask JournalAsync(WorkItem item, string? realmId, string refundId, JournalOutcome outcome, string message, string? fix, string? quickBooksId, string? requestId, CancellationToken cancellationToken) =>
        await journal.AppendAsync(
            new JournalEntry
            {
                CompanyId = item.CompanyId,
                RealmId = realmId,
                EntityType = SyncedEntityType.Refund,
                RoAppEntityId = refundId,
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

    [LoggerMessage(EventId = 5024, Level = LogLevel.Information, Message = "Company {CompanyId}: RO App refund {RefundId} written as QuickBooks {QuickBooksId}.")]
    private partial void LogRefundSent(string companyId, string refundId, string? quickBooksId);
}
