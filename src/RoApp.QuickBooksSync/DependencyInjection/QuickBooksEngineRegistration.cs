using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RoApp.QuickBooksSync.Engine;

namespace RoApp.QuickBooksSync.DependencyInjection;

/// <summary>Registers the work queue front, the runner and the background worker.</summary>
internal static class QuickBooksEngineRegistration
{
    public static IServiceCollection AddQuickBooksEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkQueue>();
        services.TryAddSingleton<UnitOfWorkScopes>();
        services.TryAddSingleton<WorkRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, QuickBooksSyncWorker>());
        return services;
    }
}
