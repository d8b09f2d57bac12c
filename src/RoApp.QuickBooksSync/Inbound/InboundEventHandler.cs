using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// Runs <c>inbound.event</c> work: checks that the company still syncs this realm, then hands the event to
/// the invoice, payment or refund processor.
/// </summary>
/// <remarks>
/// Its parts are resolved on first use, not when the worker builds its handlers: a host whose own stores
/// lack <see cref="IInboundStateStore"/> keeps its worker (outbound work runs), and inbound work fails with a
/// message naming the missing registration.
/// </remarks>
internal sealed partial class InboundEventHandler(IServiceProvider services, ILogger<InboundEventHandler> logger) : IWorkHandler
{
    private Parts? _parts;

    public string Kind => InboundWork.Kind;

    public WorkSubject Describe(WorkItem item)
    {
        try
        {
            var inbound = InboundWork.Read(item);
            var type = inbound.Entity switch
            {
                "Payment" => SyncedEntityType.Payment,
                RefundEventProcessor.ReceiptEntity or RefundEventProcessor.MemoEntity => SyncedEntityType.Refund,
                _ => SyncedEntityType.Invoice,
            };
            return new WorkSubject(JournalDirection.Inbound, $"{inbound.Entity.ToLowerInvariant()}.{inbound.Operation.ToString().ToLowerInvariant()}", type, null, inbound.RealmId);
        }
        catch (System.Text.Json.JsonException)
        {
            return new WorkSubject(JournalDirection.Inbound, item.Kind);
        }
    }

    public async ValueTask<WorkResult> HandleAsync(WorkContext context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var inbound = InboundWork.Read(item);
        if (services.GetService<IInboundStateStore>() is null)
        {
            return WorkResult.Fail(
                "QuickBooks changes cannot be applied: no IInboundStateStore is registered.",
                "Choose stores with UseSqlite(...), UsePostgreSql(...) or UseInMemoryStores(), or register an IInboundStateStore beside your own stores; then retry this entry.");
        }

        var (connections, settings, invoices, payments, refunds) = _parts ??= new Parts(
            services.GetRequiredService<IConnectionStore>(),
            services.GetRequiredService<ISettingsStore>(),
            services.GetRequiredService<InvoiceEventProcessor>(),
            services.GetRequiredService<PaymentEventProcessor>(),
            services.GetRequiredService<RefundEventProcessor>());
        var connection = await connections.GetAsync(item.CompanyId, cancellationToken).ConfigureAwait(false);
        if (connection is null || !string.Equals(connection.RealmId, inbound.RealmId, StringComparison.Ordinal))
        {
            // Disconnected or switched to another realm since the event was queued: its links no longer apply.
            LogRealmGone(item.Id, item.CompanyId, inbound.RealmId);
            return WorkResult.Completed;
        }

        var current = await settings.GetAsync(item.CompanyId, cancellationToken).ConfigureAwait(false);
        if (current is not { Enabled: true })
        {
            LogDisabled(item.Id, item.CompanyId);
            return WorkResult.Completed;
        }

        try
        {
            return inbound.Entity switch
            {
                "Invoice" => await invoices.ProcessAsync(item.CompanyId, inbound, item.Id, cancellationToken).ConfigureAwait(false),
                "Payment" => await payments.ProcessAsync(item.CompanyId, current, inbound, item.Id, cancellationToken).ConfigureAwait(false),
                RefundEventProcessor.ReceiptEntity or RefundEventProcessor.MemoEntity => await refunds.ProcessAsync(item.CompanyId, current, inbound, item.Id, cancellationToken).ConfigureAwait(false),
                _ => WorkResult.Completed,
            };
        }
        catch (NotSupportedException exception)
        {
            // A host gateway without the inbound calls: waiting will not add them.
            return WorkResult.Fail(exception.Message, "Implement the inbound methods of IRoAppGateway in the RO App host, then retry this entry.");
        }
    }

    private sealed record Parts(IConnectionStore Connections, ISettingsStore Settings, InvoiceEventProcessor Invoices, PaymentEventProcessor Payments, RefundEventProcessor Refunds);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Inbound event {ItemId} skipped: company {CompanyId} is no longer connected to realm {RealmId}.")]
    private partial void LogRealmGone(long itemId, string companyId, string realmId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Inbound event {ItemId} skipped: the integration of company {CompanyId} is not enabled.")]
    private partial void LogDisabled(long itemId, string companyId);
}
