using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Outbound;

namespace RoApp.QuickBooksSync.DependencyInjection;

/// <summary>Registers webhook intake, reconciliation and the inbound work handler.</summary>
internal static class QuickBooksInboundRegistration
{
    public static IServiceCollection AddQuickBooksInbound(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuickBooksSyncOptions>, QuickBooksInboundOptionsValidator>());
        services.TryAddSingleton<IQuickBooksWebhookHandler, QuickBooksWebhookHandler>();
        services.TryAddSingleton<RoAppGatewayAccessor>();
        services.TryAddSingleton<InboundStateAccess>();
        services.TryAddSingleton<Sync.InvoiceStateRecorder>();
        services.TryAddSingleton<InboundJournal>();
        services.TryAddSingleton<InboundStatusMover>();
        services.TryAddSingleton<InvoiceEventProcessor>();
        services.TryAddSingleton<PaymentEventProcessor>();
        services.TryAddSingleton<RefundEventProcessor>();
        services.TryAddSingleton<InboundReconciler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkHandler, InboundEventHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InboundReconciliationService>());
        return services;
    }
}
