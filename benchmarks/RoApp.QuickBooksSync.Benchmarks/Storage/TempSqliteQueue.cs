using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Benchmarks.Storage;

/// <summary>The SQLite work queue of a throwaway file, registered as a host would; disposing deletes it.</summary>
internal sealed class TempSqliteQueue : IDisposable
{
    private readonly string _folder;
    private readonly ServiceProvider _provider;

    public TempSqliteQueue()
    {
        _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "roapp-qbs-bench-" + Guid.NewGuid().ToString("N"))).FullName;
        var services = new ServiceCollection();
        services.AddQuickBooksSync().UseSqlite(Path.Combine(_folder, "bench.db"));
        _provider = services.BuildServiceProvider();
        Queue = _provider.GetRequiredService<IWorkQueueStore>();
    }

    public IWorkQueueStore Queue { get; }

    public void Dispose()
    {
        _provider.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
