using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.Conformance;

namespace RoApp.QuickBooksSync.Sqlite.Tests;

/// <summary>A fresh database file per test in its own temp folder, deleted afterwards.</summary>
public sealed class SqliteStoreProvider : IStoreProvider
{
    public ValueTask<IStoreScope> CreateScopeAsync() => ValueTask.FromResult<IStoreScope>(new SqliteScope());

    /// <summary>Builds the stores the way a host does: through a service collection and <c>UseSqlite</c>.</summary>
    public static (ServiceProvider Provider, StoreSet Stores) Open(string path)
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync().UseSqlite(path);
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

    private sealed class SqliteScope : IStoreScope
    {
        private readonly TempFolder _folder = new();
        private readonly List<ServiceProvider> _providers = [];

        public SqliteScope()
        {
            var (provider, stores) = Open(DatabasePath);
            _providers.Add(provider);
            Stores = stores;
        }

        public StoreSet Stores { get; }

        private string DatabasePath => Path.Combine(_folder.Path, "sync.db");

        public ValueTask<StoreSet> OpenSecondInstanceAsync()
        {
            var (provider, stores) = Open(DatabasePath);
            _providers.Add(provider);
            return ValueTask.FromResult(stores);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var provider in _providers)
            {
                await provider.DisposeAsync();
            }

            _folder.Dispose();
        }
    }
}

/// <summary>A temp folder deleted on dispose, pooled SQLite handles released first so the files can go.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "roapp-qbs-sqlite-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}

public sealed class SqliteWorkQueueStoreTests() : WorkQueueStoreConformance(new SqliteStoreProvider());

public sealed class SqliteConnectionStoreTests() : ConnectionStoreConformance(new SqliteStoreProvider());

public sealed class SqliteSettingsStoreTests() : SettingsStoreConformance(new SqliteStoreProvider());

public sealed class SqliteEntityLinkStoreTests() : EntityLinkStoreConformance(new SqliteStoreProvider());

public sealed class SqliteJournalStoreTests() : JournalStoreConformance(new SqliteStoreProvider());

public sealed class SqliteSharedStorageTests() : SharedStorageConformance(new SqliteStoreProvider());

public sealed class SqliteInboundStateStoreTests() : InboundStateStoreConformance(new SqliteStoreProvider());

public sealed class SqliteWriteClaimStoreTests() : WriteClaimStoreConformance(new SqliteStoreProvider());

public sealed class SqliteInvoiceStateStoreTests() : InvoiceStateStoreConformance(new SqliteStoreProvider());
