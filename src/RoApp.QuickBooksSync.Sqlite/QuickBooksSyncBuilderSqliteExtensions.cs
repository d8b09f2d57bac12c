using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.Sqlite;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.Sql;

// Beside AddQuickBooksSync, so that hosts find the store choice without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite stores: one file, created and migrated at first use.</summary>
public static class QuickBooksSyncBuilderSqliteExtensions
{
    /// <summary>
    /// Keeps connections, settings, entity links, the work queue and the journal in one SQLite file.
    /// Replaces any store chosen before (e.g. <c>UseInMemoryStores</c>).
    /// </summary>
    /// <param name="builder">The builder from <c>AddQuickBooksSync</c>.</param>
    /// <param name="connectionStringOrPath">A file path such as <c>data/quickbooks-sync.db</c>, or a SQLite connection string.</param>
    /// <returns>The same builder.</returns>
    public static IQuickBooksSyncBuilder UseSqlite(this IQuickBooksSyncBuilder builder, string connectionStringOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionStringOrPath);
        return builder.UseSqlite(options => options.ConnectionString = connectionStringOrPath);
    }

    /// <summary>
    /// Keeps connections, settings, entity links, the work queue and the journal in one SQLite file, with
    /// options set in code. Replaces any store chosen before.
    /// </summary>
    /// <param name="builder">The builder from <c>AddQuickBooksSync</c>.</param>
    /// <param name="configure">Sets <see cref="SqliteStoreOptions.ConnectionString"/> and, if wanted, the busy timeout.</param>
    /// <returns>The same builder.</returns>
    public static IQuickBooksSyncBuilder UseSqlite(this IQuickBooksSyncBuilder builder, Action<SqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SqliteDialect(sp.GetRequiredService<SqliteDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<IConnectionStore>(sp => new SqlConnectionStore(sp.GetRequiredService<SqliteDialect>())));
        services.Replace(ServiceDescriptor.Singleton<ISettingsStore>(sp => new SqlSettingsStore(sp.GetRequiredService<SqliteDialect>())));
        services.Replace(ServiceDescriptor.Singleton<IEntityLinkStore>(sp => new SqlEntityLinkStore(sp.GetRequiredService<SqliteDialect>())));
        services.Replace(ServiceDescriptor.Singleton<IWorkQueueStore>(sp => new SqliteWorkQueueStore(sp.GetRequiredService<SqliteDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<IJournalStore>(sp => new SqlJournalStore(sp.GetRequiredService<SqliteDialect>())));
        services.Replace(ServiceDescriptor.Singleton<IInboundStateStore>(sp => new SqlInboundStateStore(sp.GetRequiredService<SqliteDialect>())));
        services.Replace(ServiceDescriptor.Singleton<IInvoiceStateStore>(sp => new SqlInvoiceStateStore(sp.GetRequiredService<SqliteDialect>())));
        services.Replace(ServiceDescriptor.Singleton<IWriteClaimStore>(sp => new SqlWriteClaimStore(sp.GetRequiredService<SqliteDialect>())));
        return builder;
    }
}
