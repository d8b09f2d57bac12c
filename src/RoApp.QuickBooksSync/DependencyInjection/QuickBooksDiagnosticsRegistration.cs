using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Diagnostics;

namespace RoApp.QuickBooksSync.DependencyInjection;

/// <summary>Registers the metrics, the queue gauges' sampler and the health check.</summary>
internal static class QuickBooksDiagnosticsRegistration
{
    public static IServiceCollection AddQuickBooksDiagnostics(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new QueueStatsSampler(sp, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<QueueStatsSampler>>()));

        // The host's meter factory when it has one (every generic host does), so that each container gets its own meter.
        services.TryAddSingleton(sp => new SyncMetrics(sp.GetService<IMeterFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<QueueStatsSampler>()));
        services.TryAddSingleton(sp => new QuickBooksSyncHealthCheck(sp, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
