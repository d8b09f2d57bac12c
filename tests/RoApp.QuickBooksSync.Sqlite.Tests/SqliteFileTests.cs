using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.InMemory;
using Xunit.Abstractions;

namespace RoApp.QuickBooksSync.Sqlite.Tests;

/// <summary>What only the SQLite file brings: schema creation and migration, WAL, and separate processes on one file.</summary>
public sealed class SqliteFileTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly CancellationTokenSource _hangGuard = new(TimeSpan.FromMinutes(1));

    private string DatabasePath => Path.Combine(_folder.Path, "sync.db");

    private CancellationToken Ct => _hangGuard.Token;

    public void Dispose()
    {
        _hangGuard.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task First_use_creates_the_file_with_the_schema_version_and_WAL()
    {
        var (provider, stores) = SqliteStoreProvider.Open(DatabasePath);
        await using (provider)
        {
            Assert.False(File.Exists(DatabasePath));

            await stores.Journal.QueryAsync(new JournalQuery { CompanyId = "c1" }, Ct);
        }

        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(5L, await ScalarAsync(connection, "SELECT MAX(version) FROM qbs_schema_version;"));
    }

    [Fact]
    public async Task Reopening_a_migrated_file_keeps_its_data_and_applies_nothing_twice()
    {
        var (first, stores) = SqliteStoreProvider.Open(DatabasePath);
        await using (first)
        {
            await stores.WorkQueue.EnqueueAsync(new NewWorkItem { CompanyId = "c1", Kind = "k", OrderingKey = "o", Payload = "{}" }, T0, Ct);
        }

        var (second, reopened) = SqliteStoreProvider.Open(DatabasePath);
        await using (second)
        {
            Assert.Equal(1, (await reopened.WorkQueue.GetStatsAsync(null, T0, Ct)).PendingCount);
        }

        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        Assert.Equal(5L, await ScalarAsync(connection, "SELECT COUNT(*) FROM qbs_schema_version;")); // one row per migration
    }

    [Fact]
    public async Task A_file_from_a_newer_library_version_is_refused_with_the_fix()
    {
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync(Ct);
            await using var newer = connection.CreateCommand();
            newer.CommandText = "CREATE TABLE qbs_schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL); INSERT INTO qbs_schema_version VALUES (99, 'later');";
            await newer.ExecuteNonQueryAsync(Ct);
        }

        var (provider, stores) = SqliteStoreProvider.Open(DatabasePath);
        await using (provider)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await stores.Settings.GetAsync("c1", Ct));

            Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
            Assert.Contains("Upgrade RoApp.QuickBooksSync.Sqlite", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_processes_and_two_in_process_claimers_on_one_file_never_lease_an_item_twice()
    {
        var (provider, stores) = SqliteStoreProvider.Open(DatabasePath);
        await using (provider)
        {
            const int Items = 600;
            for (var i = 0; i < Items; i++)
            {
                await stores.WorkQueue.EnqueueAsync(new NewWorkItem { CompanyId = $"c{i % 7}", Kind = "k", OrderingKey = $"o{i}", Payload = "{}" }, T0, Ct);
            }

            using var processA = await ClaimWorkerProcess.StartAsync(DatabasePath, "process-a", T0);
            using var processB = await ClaimWorkerProcess.StartAsync(DatabasePath, "process-b", T0);
            var inProcess = new ConcurrentBag<long>();

            // A start barrier across the four claimers: each claims once, and nobody claims again until all have,
            // so the processes take part however slowly they start on a loaded machine.
            var firstRound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var localFirstRounds = 0;
            await processA.StandardInput.WriteLineAsync("go");
            await processB.StandardInput.WriteLineAsync("go");
            var local = Enumerable.Range(0, 2).Select(n => Task.Run(async () =>
            {
                for (var round = 0; ; round++)
                {
                    if (round == 1)
                    {
                        Interlocked.Increment(ref localFirstRounds);
                        await firstRound.Task.WaitAsync(Ct);
                    }

                    var claimed = await stores.WorkQueue.ClaimAsync(new ClaimRequest { Owner = $"local-{n}", LeaseDuration = TimeSpan.FromMinutes(5), MaxItems = 3 }, T0, Ct);
                    if (claimed.Count == 0)
                    {
                        return;
                    }

                    foreach (var item in claimed)
                    {
                        Assert.True(await stores.WorkQueue.CompleteAsync(item.Lease, T0, Ct));
                        inProcess.Add(item.Item.Id);
                    }
                }
            })).ToList();

            var fromA = ReadIdsAsync(processA);
            var fromB = ReadIdsAsync(processB);
            await Task.WhenAll(fromA.FirstRound, fromB.FirstRound);
            while (Volatile.Read(ref localFirstRounds) < 2)
            {
                await Task.Delay(5, Ct);
            }

            firstRound.SetResult();
            await processA.StandardInput.WriteLineAsync("continue");
            await processB.StandardInput.WriteLineAsync("continue");
            await Task.WhenAll(local);
            var (aIds, aExit) = await fromA.All;
            var (bIds, bExit) = await fromB.All;

            output.WriteLine($"claimed: in process {inProcess.Count}, process A {aIds.Count}, process B {bIds.Count}");
            Assert.Equal((0, 0), (aExit, bExit));
            var all = inProcess.Concat(aIds).Concat(bIds).ToList();
            Assert.Equal(Items, all.Count);
            Assert.Equal(Items, all.Distinct().Count());
            Assert.NotEmpty(aIds);
            Assert.NotEmpty(bIds);
            Assert.Equal(new WorkQueueStats(0, 0, 0, null), await stores.WorkQueue.GetStatsAsync(null, T0, Ct));
        }
    }

    [Fact]
    public void UseSqlite_replaces_stores_chosen_before()
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync().UseInMemoryStores().UseSqlite(DatabasePath);
        using var provider = services.BuildServiceProvider();

        Assert.IsNotType<InMemoryWorkQueueStore>(provider.GetRequiredService<IWorkQueueStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IJournalStore));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData(":memory:")]
    [InlineData("Data Source=sync;Mode=Memory;Cache=Shared")]
    public void A_connection_string_without_a_shared_file_is_refused_naming_the_setting(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync().UseSqlite(options => options.ConnectionString = connectionString);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IWorkQueueStore>());

        Assert.Contains("SqliteStoreOptions.ConnectionString", error.Message, StringComparison.Ordinal);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Reads a claim worker's ids; <c>FirstRound</c> completes when it has claimed once and waits at the barrier.</summary>
    private (Task FirstRound, Task<(List<long> Ids, int ExitCode)> All) ReadIdsAsync(System.Diagnostics.Process process)
    {
        var firstRound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (firstRound.Task, ReadAsync());

        async Task<(List<long> Ids, int ExitCode)> ReadAsync()
        {
            var ids = new List<long>();
            while (await process.StandardOutput.ReadLineAsync(Ct) is { } line)
            {
                if (line == ClaimWorkerProcess.FirstRoundDone)
                {
                    firstRound.TrySetResult();
                    continue;
                }

                ids.Add(long.Parse(line, System.Globalization.CultureInfo.InvariantCulture));
            }

            firstRound.TrySetResult();
            await process.WaitForExitAsync(Ct);
            return (ids, process.ExitCode);
        }
    }
}
