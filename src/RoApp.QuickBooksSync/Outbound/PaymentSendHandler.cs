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
/// Sends a payment recorded in RO App as a QuickBooks Payment linked to the synced invoice, deposited to the
/// account mapped for its cashbox (none: Undeposited Funds). A payment whose link says it came from
/// QuickBooks is never sent back. A payment on an invoice not synced yet waits: the item is retried with
/// backoff (it shares the invoice's ordering key, so a queued send of the invoice runs first), and it is
/// never sent unlinked.
/// </summary>
internal sealed partial class PaymentSendHandler(
    IQuickBooksClient client,
    RoAppGatewayAccessor gateway,
    IEntityLinkStore links,
    IJournalStore journal,
    OutboundCompanyLoader companies,
    TimeProvider time,
    ILogger<PaymentSendHandler> logger) : IWorkHandler
{
    internal const string Operation = "send payment";

    /// <summary>How long a payment waits before it looks again for its invoice's link.</summary>
    internal static readonly TimeSpan WaitForInvoice = TimeSpan.FromMinutes(2);

    public string Kind => OutboundWork.PaymentKind;

    public WorkSubject Describe(WorkItem item) =>
        new(JournalDirection.Outbound, Operation, SyncedEntityType.Payment, OutboundWork.Deserialize(item.Payload, OutboundJsonContext.Default.PaymentWork).PaymentId);

    public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var paymentId = OutboundWork.Deserialize(item.Payload, OutboundJsonContext.Default.PaymentWork).PaymentId;
        var (company, notReady) = await companies.LoadAsync(item.CompanyId, requireEnabled: true, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            await JournalAsync(item, null, paymentId, JournalOutcome.Skipped, notReady!.Message, notReady.Fix, null, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        var existing = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Payment, paymentId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            var message = existing.Origin == LinkOrigin.QuickBooks
                ? $"RO App payment {paymentId} came from QuickBooks (payment {existing.QuickBooksId}), so it is not sent back."
                : $"RO App payment {paymentId} is already in QuickBooks (payment {existing.QuickBooksId}).";
            await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Skipped, message, null, existing.QuickBooksId, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        var payment = await gateway.Gateway.GetPaymentAsync(company.CompanyId, paymentId, cancellationToken).ConfigureAwait(false);
        if (payment is null)
        {
            await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Skipped, $"RO App payment {paymentId} no longer exists, so it was not sent.", null, null, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        // The inbound sync records QuickBooks payments with a reference of its own; a host that reports such a
        // payment like any other (possibly before the inbound sync has linked it) must not get it sent back.
        if (QuickBooksPaymentReference.IsFromQuickBooks(payment.ExternalReference))
        {
            await JournalAsync(item, company.RealmId, paymentId, JournalOutcome.Skipped,
                $"RO App payment {paymentId} was recorded from QuickBooks ({payment.ExternalReference}), so it is not sent back.",
                null, null, null, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        var invoiceLink = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Invoice, payment.InvoiceId, cancellationToken).ConfigureAwait(false);
        if (invoiceLink is not { State: LinkState.Active })
        {
            return WorkResult.Retry(
                $"RO App payment {paymentId} waits for invoice {payment.InvoiceId} to be synced with QuickBooks; a payment is never sent without its invoice.",
                WaitForInvoice);
        }

        var customerId = await CustomerOfAsync(company, payment, invoiceLink, cancellationToken).ConfigureAwait(false);
        var marker = PaymentReference.Marker(payment.Id);
        var requestId = RequestIds.For(company.CompanyId, company.RealmId, "payment", payment.Id, "create");
        var depositAccount = payment.CashboxId is { } cashbox && company.Settings.DepositAccountIdsByCashboxId.TryGetValue(cashbox, out var account) ? account : null;
        var draft = new Payment
        {
            CustomerRef = new QuickBooksRef(customerId),
            TotalAmt = payment.Amount,
            TxnDate = payment.Date,
            PaymentRefNum = payment.Reference is { Length: > 21 } r ? r[..21] : payment.Reference,
            PrivateNote = PaymentReference.Note(payment.Id),
            DepositToAccountRef = depositAccount is null ? null : new QuickBooksRef(depositAccount),
            Lines = [new PaymentLine { Amount = payment.Amount, LinkedTxns = [new LinkedTxn { TxnId = invoiceLink.QuickBooksId, TxnType = "Invoice" }] }],
        };

        var mayHaveWritten = item.Attempts > 0 || item.ClaimCount > 1;
        Payment? written = mayHaveWritten ? await FindAsync(company.RealmId, customerId, payment.Date, marker, cancellationToken).ConfigureAwait(false) : null;
        if (written is null)
        {
            try
            {
                written = await client.CreateAsync(company.RealmId, draft, requestId, cancellationToken).ConfigureAwait(false);
            }
            catch (QuickBooksApiException ex) when (ex.MayHaveBeenApplied)
            {
                written = await FindAsync(company.RealmId, customerId, payment.Date, marker, cancellationToken).ConfigureAwait(false);
                if (written is null)
                {
                    throw;
                }
            }
        }

        await links.SaveAsync(
            new EntityLink
            {
                CompanyId = company.CompanyId,
                RealmId = company.RealmId,
                EntityType = SyncedEntityType.Payment,
                RoAppId = payment.Id,
                QuickBooksId = written.Id!,
                SyncToken = written.SyncToken,
                Origin = LinkOrigin.RoApp,
                LastSyncedAt = time.GetUtcNow(),
                QuickBooksLastUpdatedAt = written.MetaData?.LastUpdatedTime,
            },
            0,
            cancellationToken).ConfigureAwait(false);
        await JournalAsync(item, company.RealmId, payment.Id, JournalOutcome.Synced,
            $"RO App payment {payment.Id} of {InvoiceMapper.Money(payment.Amount)} was recorded in QuickBooks against invoice {invoiceLink.QuickBooksId}" +
            (depositAccount is null ? " (deposited to Undeposited Funds)." : $" (deposited to account {depositAccount})."),
            null, written.Id, requestId, cancellationToken).ConfigureAwait(false);
        LogPaymentSent(company.CompanyId, payment.Id, written.Id);
        return WorkResult.Completed;
    }

    private async ValueTask<string> CustomerOfAsync(OutboundCompany company, RoAppPaymentSnapshot payment, EntityLink invoiceLink, CancellationToken cancellationToken)
    {
        // The payment's customer must be the invoice's: the client link answers without an API call.
        var invoice = await gateway.Gateway.GetInvoiceAsync(company.CompanyId, payment.InvoiceId, cancellationToken).ConfigureAwait(false);
        if (invoice is not null)
        {
            var clientLink = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Customer, invoice.Client.Id, cancellationToken).ConfigureAwait(false);
            if (clientLink is { State: LinkState.Active })
            {
                return clientLink.QuickBooksId;
            }
        }

        var quickBooksInvoice = await client.ReadAsync<Invoice>(company.RealmId, invoiceLink.QuickBooksId, cancellationToken).ConfigureAwait(false);
        return quickBooksInvoice.CustomerRef?.Value
            ?? throw new QuickBooksValidationException($"QuickBooks invoice {invoiceLink.QuickBooksId} has no customer, so the payment cannot be applied to it. Check the invoice in QuickBooks.");
    }

    private async ValueTask<Payment?> FindAsync(string realmId, string customerId, DateOnly date, string marker, CancellationToken cancellationToken)
    {
        var query = QuickBooksQuery.From<Payment>().Where("CustomerRef", QueryOperator.Equal, customerId).Where("TxnDate", QueryOperator.Equal, date);
        await foreach (var candidate in client.QueryAllAsync<Payment>(realmId, query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (candidate.PrivateNote?.Contains(marker, StringComparison.Ordinal) == true)
            {
                return candidate;
            }
        }

        return null;
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

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Company {CompanyId}: RO App payment {PaymentId} sent as QuickBooks payment {QuickBooksId}.")]
    private partial void LogPaymentSent(string companyId, string paymentId, string? quickBooksId);
}
