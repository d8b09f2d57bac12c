using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.Conformance;

namespace RoApp.QuickBooksSync.PostgreSql.Tests;

/// <summary>
/// One fresh database per test class (so classes run in parallel), dropped at the end; each test gets its
/// own schema in it, so every test starts empty.
/// </summary>
public sealed class PostgreSqlStoreProvider : IStoreProvider, IAsyncLifetime
{
    private readonly string _databaseName = "qbs_test_" + Guid.NewGuid().ToString("N")[..16];
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The test database was not created.");

    public async Task InitializeAsync()
    {
        var admin = await PostgreSqlServer.GetAdminConnectionStringAsync();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_databaseName};", connection);
            await create.ExecuteNonQueryAsync();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _databaseName }.ToString();
    }

    public async Task DisposeAsync()
    {
        var admin = await PostgreSqlServer.GetAdminConnectionStringAsync();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE);", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public ValueTask<IStoreScope> CreateScopeAsync() =>
        ValueTask.FromResult<IStoreScope>(new PostgreSqlScope(ConnectionString, "t_" + Guid.NewGuid().ToString("N")[..12]));

    /// <summary>Builds the stores the way a host does: through a service collection and <c>UsePostgreSql</c>.</summary>
    public static (ServiceProvider Provider, StoreSet Stores) Open(string connectionString, string schema)
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync().UsePostgreSql(connectionString, schema);
        var provider = services.BuildServiceProvider();
        return (provider, new StoreSet(
            provider.GetRequiredService<IConnectionStore>(),
            provider.GetRequiredService<ISettingsStore>(),
            provider.GetRequiredService<IEntityLinkStore>(),
            provider.GetRequiredService<IWorkQueueStore>(),
            provider.GetRequiredService<IJournalStore>())
        {
            InboundState = provider.GetRequiredService<IInboundStateStore>(),
            WriteClaims = provider.GetRequiredService<IWriteClaimStore>(),
            InvoiceStates = provider.GetRequiredService<IInvoiceStateStore>(),
        });
    }

    private sealed class PostgreSqlScope : IStoreScope
    {
        private readonly string _connectionString;
        private readonly string _schema;
        private readonly List<ServiceProvider> _providers = [];

        public PostgreSqlScope(string connectionString, string schema)
        {
            _connectionString = connectionString;
            _schema = schema;
            var (provider, stores) = Open(connectionString, schema);
            _providers.Add(provider);
            Stores = stores;
        }

        public StoreSet Stores { get; }

        /// <summary>A second service provider: its own data source and connection pool, as another host instance has.</summary>
        public ValueTask<StoreSet> OpenSecondInstanceAsync()
        {
            var (provider, stores) = Open(_connectionString, _schema);
            _providers.Add(provider);
            return ValueTask.FromResult(stores);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var provider in _providers)
            {
                await provider.DisposeAsync();
            }
        }
    }
}

public sealed class PostgreSqlWorkQueueStoreTests(PostgreSqlStoreProvider provider)
    : WorkQueueStoreConformance(provider), IClassFixture<PostgreSqlStoreProvider>;

public sealed class PostgreSqlConnectionStoreTests(PostgreSqlStoreProvider provider)
    : ConnectionStoreConformance(provider), IClassFixture<PostgreSqlStoreProvider>;

public sealed class PostgreSqlSettingsStoreTests(PostgreSqlStoreProvider provider)
    : SettingsStoreConformance(provider), IClassFixture<PostgreSqlStoreProvider>;

public sealed class PostgreSqlEntityLinkStoreTests(PostgreSqlStoreProvider provider)
    : EntityLinkStoreConformance(provider), IClassFixture<PostgreSqlStoreProvider>;

public sealed class PostgreSqlJournalStoreTests(PostgreSqlStoreProvider provider)
    : JournalStoreConformance(provider), IClassFixture<PostgreSqlStoreProvider>;

public sealed class PostgreSqlSharedStorageTests(PostgreSqlStoreProvider provider)
    : SharedStorageConformance(provider), IClassFixture<PostgreSqlStoreProvider>;

public sealed class PostgreSqlInboundStateStoreTests(PostgreSqlStoreProvider provider)
    : InboundStateStoreConformance(provider), IClassFixture<PostgreSqlStoreProvider>;

public sealed class PostgreSqlWriteClaimStoreTests(PostgreSqlStoreProvider provider)
    : WriteClaimStoreConformance(provider), IClassFixture<PostgreSqlStoreProvider>;

public sealed class PostgreSqlInvoiceStateStoreTests(PostgreSqlStoreProvider provider)
    : InvoiceStateStoreConformance(provider), IClassFixture<PostgreSqlStoreProvider>;
