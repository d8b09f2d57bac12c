using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.PostgreSql;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.Sql;

// Beside AddQuickBooksSync, so that hosts find the store choice without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL stores: several host instances share one database and its work.</summary>
public static class QuickBooksSyncBuilderPostgreSqlExtensions
{
    /// <summary>
    /// Keeps connections, settings, entity links, the work queue and the journal in PostgreSQL, in a schema
    /// created and migrated at first use. Replaces any store chosen before (e.g. <c>UseInMemoryStores</c>).
    /// </summary>
    /// <param name="builder">The builder from <c>AddQuickBooksSync</c>.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="schema">The schema for the tables; <see langword="null"/>: <c>quickbooks_sync</c>.</param>
    /// <returns>The same builder.</returns>
    public static IQuickBooksSyncBuilder UsePostgreSql(this IQuickBooksSyncBuilder builder, string connectionString, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UsePostgreSql(options =>
        {
            options.ConnectionString = connectionString;
            options.Schema = schema ?? options.Schema;
        });
    }

    /// <summary>Keeps all five stores in PostgreSQL, with options set in code. Replaces any store chosen before.</summary>
    /// <param name="builder">The builder from <c>AddQuickBooksSync</c>.</param>
    /// <param name="configure">Sets the connection string and, if wanted, the schema.</param>
    /// <returns>The same builder.</returns>
    public static IQuickBooksSyncBuilder UsePostgreSql(this IQuickBooksSyncBuilder builder, Action<PostgreSqlStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PostgreSqlDatabase(
            sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new PostgreSqlDialect(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<IConnectionStore>(sp => new SqlConnectionStore(sp.GetRequiredService<PostgreSqlDialect>())));
        services.Replace(ServiceDescriptor.Singleton<ISettingsStore>(sp => new SqlSettingsStore(sp.GetRequiredService<PostgreSqlDialect>())));
        services.Replace(ServiceDescriptor.Singleton<IEntityLinkStore>(sp => new SqlEntityLinkStore(sp.GetRequiredService<PostgreSqlDialect>())));
        services.Replace(ServiceDescriptor.Singleton<IWorkQueueStore>(sp => new PostgreSqlWorkQueueStore(sp.GetRequiredService<PostgreSqlDatabase>())));
        services.Replace(ServiceDescriptor.Singleton<IJournalStore>(sp => new SqlJournalStore(sp.GetRequiredService<PostgreSqlDialect>())));
        services.Replace(ServiceDescriptor.Singleton<IInboundStateStore>(sp => new SqlInboundStateStore(sp.GetRequiredService<PostgreSqlDialect>())));
        services.Replace(ServiceDescriptor.Singleton<IInvoiceStateStore>(sp => new SqlInvoiceStateStore(sp.GetRequiredService<PostgreSqlDialect>())));
        services.Replace(ServiceDescriptor.Singleton<IWriteClaimStore>(sp => new SqlWriteClaimStore(sp.GetRequiredService<PostgreSqlDialect>())));
        return builder;
    }
}
