using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.InMemory;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.DependencyInjection;

/// <summary>Registers the outbound sync (invoice and payment handlers) and the host facade; called by <c>AddQuickBooksSync</c>.</summary>
internal static class QuickBooksOutboundRegistration
{
    public static IServiceCollection AddQuickBooksOutbound(this IServiceCollection services)
    {
        services.TryAddSingleton<RoAppGatewayAccessor>();
        services.TryAddSingleton<OutboundCompanyLoader>();
        services.TryAddSingleton<RealmCustomerSnapshots>();
        services.TryAddSingleton<CustomerResolver>();
        services.TryAddSingleton<ItemResolver>();
        // The store packages replace this with their durable, cross-process claims; a host with stores of its own
        // must register an IWriteClaimStore on the same medium, or it keeps one writer per invoice per process only.
        services.TryAddSingleton<IWriteClaimStore, InMemoryWriteClaimStore>();
        services.TryAddSingleton<WriteClaims>();
        services.TryAddSingleton<InvoiceSender>();
        services.TryAddSingleton<PaymentMethodResolver>();
        services.TryAddSingleton<WaitingPayments>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, InvoiceSendHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, InvoiceBulkHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, PaymentSendHandler>());
        services.TryAddSingleton<InvoiceStateRecorder>();
        services.TryAddSingleton<InvoiceRemover>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, InvoiceRemovalHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, RefundSendHandler>());
        services.TryAddSingleton<Books.BooksChecker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, Books.BooksFixHandler>());
        services.TryAddSingleton<IQuickBooksSync, QuickBooksSyncService>();
        return services;
    }
}
