using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.InMemory;

namespace RoApp.QuickBooksSync.PostgreSql.Tests;

/// <summary>What only the PostgreSQL stores bring: schema creation under an advisory lock, schema naming, registration.</summary>
public sealed class PostgreSqlSchemaTests(PostgreSqlStoreProvider database) : IClassFixture<PostgreSqlStoreProvider>, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _hangGuard = new(TimeSpan.FromMinutes(1));

    private CancellationToken Ct => _hangGuard.Token;

    public void Dispose() => _hangGuard.Dispose();

    [Fact]
    public async Task Instances_starting_together_on_an_empty_schema_migrate_it_once()
    {
        var schema = NewSchema();
        var instances = Enumerable.Range(0, 6).Select(_ => PostgreSqlStoreProvider.Open(database.ConnectionString, schema)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(i => Task.Run(async () => await i.Stores.Journal.QueryAsync(new JournalQuery { CompanyId = "c1" }, Ct))));
        }
        finally
        {
            foreach (var (provider, _) in instances)
            {
                await provider.DisposeAsync();
            }
        }

        Assert.Equal(5L, await ScalarAsync($"SELECT COUNT(*) FROM \"{schema}\".schema_version;")); // one row per migration
    }

    [Fact]
    public async Task A_schema_from_a_newer_library_version_is_refused_with_the_fix()
    {
        var schema = NewSchema();
        await ScalarAsync($"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL); " +
                          $"INSERT INTO \"{schema}\".schema_version VALUES (99, now());");
        var (provider, stores) = PostgreSqlStoreProvider.Open(database.ConnectionString, schema);
        await using (provider)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await stores.Settings.GetAsync("c1", Ct));

            Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
            Assert.Contains("Upgrade RoApp.QuickBooksSync.PostgreSql", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Quickbooks")]
    [InlineData("sync; drop table x")]
    [InlineData("")]
    public void A_schema_name_that_would_need_quoting_is_refused_naming_the_setting(string schema)
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync().UsePostgreSql(options =>
        {
            options.ConnectionString = database.ConnectionString;
            options.Schema = schema;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IWorkQueueStore>());

        Assert.Contains("PostgreSqlStoreOptions.Schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UsePostgreSql_replaces_stores_chosen_before()
    {
        var services = new ServiceCollection();
        services.AddQuickBooksSync().UseInMemoryStores().UsePostgreSql(database.ConnectionString);
        using var provider = services.BuildServiceProvider();

        Assert.IsNotType<InMemoryWorkQueueStore>(provider.GetRequiredService<IWorkQueueStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IConnectionStore));
    }

    [Fact]
    public async Task Stored_tokens_are_kept_as_the_bytes_given()
    {
        var schema = NewSchema();
        var (provider, stores) = PostgreSqlStoreProvider.Open(database.ConnectionString, schema);
        await using (provider)
        {
            await stores.Connections.SaveAsync(new StoredConnection
            {
                CompanyId = "c1",
                RealmId = "r1",
                ProtectedTokens = [0, 1, 2, 255],
                AccessTokenExpiresAt = T0,
                RefreshTokenExpiresAt = T0,
                ConnectedAt = T0,
                UpdatedAt = T0,
            }, 0, Ct);
        }

        Assert.Equal(new byte[] { 0, 1, 2, 255 }, await ScalarAsync($"SELECT protected_tokens FROM \"{schema}\".connections;"));
    }

    private static string NewSchema() => "s_" + Guid.NewGuid().ToString("N")[..12];

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }
}
