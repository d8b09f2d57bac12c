using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Deposits sent unapplied because their RO App invoice was not in QuickBooks yet: remembered as links of kind
/// <see cref="SyncedEntityType.PaymentAwaitingInvoice"/> (RO App payment id → the RO App invoice id it waits for),
/// and queued again for application the moment the invoice is created in QuickBooks.
/// </summary>
internal static class DepositsAwaitingInvoices
{
    public static async ValueTask RememberAsync(IEntityLinkStore links, OutboundCompany company, string paymentId, string invoiceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.PaymentAwaitingInvoice, paymentId, cancellationToken).ConfigureAwait(false);
        if (existing is { State: LinkState.Active } && existing.QuickBooksId == invoiceId)
        {
            return;
        }

        await links.SaveAsync(
            new EntityLink
            {
                CompanyId = company.CompanyId,
                RealmId = company.RealmId,
                EntityType = SyncedEntityType.PaymentAwaitingInvoice,
                RoAppId = paymentId,
                QuickBooksId = invoiceId,
                Origin = LinkOrigin.RoApp,
                LastSyncedAt = now,
            },
            existing?.Version ?? 0,
            cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What happens to payments when their invoice reaches QuickBooks.</summary>
internal sealed partial class WaitingPayments(
    WorkQueue queue,
    IEntityLinkStore links,
    OutboundCompanyLoader companies,
    ILogger<WaitingPayments> logger)
{
    public async ValueTask InvoiceCreatedAsync(string companyId, string invoiceId, CancellationToken cancellationToken)
    {
        var (company, _) = await companies.LoadAsync(companyId, requireEnabled: false, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            return;
        }

        var waiting = await links.FindByQuickBooksIdAsync(companyId, company.RealmId, SyncedEntityType.PaymentAwaitingInvoice, invoiceId, cancellationToken).ConfigureAwait(false);
        foreach (var deposit in waiting.Where(l => l.State == LinkState.Active))
        {
            await queue.EnqueueAsync(
                new NewWorkItem
                {
                    CompanyId = companyId,
                    Kind = OutboundWork.PaymentKind,
                    OrderingKey = OutboundWork.PaymentOrderingKey(deposit.RoAppId),
                    Payload = OutboundWork.Serialize(new PaymentWork(deposit.RoAppId, invoiceId)),
                },
                cancellationToken).ConfigureAwait(false);
            LogDepositQueued(companyId, deposit.RoAppId, invoiceId);
        }
    }

    [LoggerMessage(EventId = 5023, Level = LogLevel.Debug, Message = "Company {CompanyId}: deposit {PaymentId} is queued to be applied to invoice {InvoiceId}, now in QuickBooks.")]
    private partial void LogDepositQueued(string companyId, string paymentId, string invoiceId);
}
