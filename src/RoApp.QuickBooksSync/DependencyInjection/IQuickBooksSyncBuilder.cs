using Microsoft.Extensions.DependencyInjection;

namespace RoApp.QuickBooksSync.DependencyInjection;

/// <summary>
/// Returned by <c>AddQuickBooksSync</c>: the place where a host chooses stores and host ports.
/// Extension methods of the store packages (<c>UseSqlite</c>, <c>UsePostgreSql</c>) hang off it.
/// </summary>
public interface IQuickBooksSyncBuilder
{
    /// <summary>The service collection the sync is registered in.</summary>
    IServiceCollection Services { get; }
}

internal sealed class QuickBooksSyncBuilder(IServiceCollection services) : IQuickBooksSyncBuilder
{
    public IServiceCollection Services { get; } = services;
}
