using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using RoApp.QuickBooksSync.Diagnostics;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.Diagnostics;

/// <summary>The health check as a host runs it: through the real health check service.</summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task Healthy_when_every_connection_works_and_nothing_is_dead_lettered()
    {
        await using var host = NewHost();
        await host.ConnectAsync("shop-1", "9130", ConnectionHealth.Connected);
        await host.EnqueueAsync("shop-1", "invoice:1");

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(0, entry.Data["companies_needing_reconnect"]);
        Assert.Equal(0L, entry.Data["dead_lettered"]);
        Assert.Equal(1L, entry.Data["pending"]);
    }

    [Fact]
    public async Task Degraded_when_a_connection_needs_reconnect_naming_the_company_and_the_fix()
    {
        await using var host = NewHost();
        await host.ConnectAsync("shop-1", "9130", ConnectionHealth.Connected);
        await host.ConnectAsync("shop-2", "9131", ConnectionHealth.NeedsReconnect);

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(1, entry.Data["companies_needing_reconnect"]);
        Assert.Equal(["shop-2"], (string[])entry.Data["companies_needing_reconnect_ids"]);
        Assert.Contains("1 company needs to reconnect QuickBooks (shop-2)", entry.Description, StringComparison.Ordinal);
        Assert.Contains("connects again", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Degraded_when_work_is_dead_lettered_pointing_to_the_journal()
    {
        await using var host = NewHost();
        await host.ConnectAsync("shop-1", "9130", ConnectionHealth.Connected);
        await host.EnqueueAsync("shop-1", "invoice:1");
        await host.EnqueueAsync("shop-1", "invoice:2");
        var claimed = await host.ClaimAllAsync();
        await host.DeadLetterAsync(claimed[0]);
        await host.DeadLetterAsync(claimed[1]);

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(2L, entry.Data["dead_lettered"]);
        Assert.Equal(0, entry.Data["companies_needing_reconnect"]);
        Assert.Contains("2 work items were dead-lettered", entry.Description, StringComparison.Ordinal);
        Assert.Contains("journal", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_when_the_stored_tokens_cannot_be_decrypted_with_the_configured_key_naming_the_fix()
    {
        // Tokens written by a process with another (valid) key: what a host sees after the key was lost or changed.
        byte[] written;
        await using (var previous = new SyncHost(tokenEncryptionKey: Convert.ToBase64String(new byte[32])))
        {
            written = previous.Get<RoApp.QuickBooksSync.Connection.TokenCodec>().Protect("access", "refresh");
        }

        await using var host = NewHost();
        await host.ConnectAsync("shop-1", "9130", ConnectionHealth.Connected, written);
        await host.ConnectAsync("shop-2", "9131", ConnectionHealth.Connected, written);

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal(2, entry.Data["companies_tokens_unreadable"]);
        Assert.Equal(["shop-1", "shop-2"], (string[])entry.Data["companies_tokens_unreadable_ids"]);
        Assert.Contains("QuickBooksSync:Connection:TokenEncryptionKey", entry.Description, StringComparison.Ordinal);
        Assert.Contains("restore the key", entry.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("reconnect", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Degraded_when_only_some_stored_tokens_cannot_be_decrypted()
    {
        await using var host = NewHost();
        await host.ConnectAsync("shop-1", "9130", ConnectionHealth.Connected);
        await host.ConnectAsync("shop-2", "9131", ConnectionHealth.Connected, [1, 2, 3]);

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(["shop-2"], (string[])entry.Data["companies_tokens_unreadable_ids"]);
    }

    [Fact]
    public async Task Only_the_first_twenty_companies_are_listed_but_all_are_counted()
    {
        await using var host = NewHost();
        for (var i = 0; i < 25; i++)
        {
            await host.ConnectAsync($"shop-{i:D2}", $"91{i:D2}", ConnectionHealth.NeedsReconnect);
        }

        var entry = await CheckAsync(host);

        Assert.Equal(25, entry.Data["companies_needing_reconnect"]);
        Assert.Equal(20, ((string[])entry.Data["companies_needing_reconnect_ids"]).Length);
        Assert.Contains("and 5 more", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_gives_the_registrations_failure_status_and_says_so()
    {
        var broken = Substitute.For<IConnectionStore>();
        broken.ListAsync(Arg.Any<CancellationToken>()).Throws(new InvalidOperationException("database is locked"));
        await using var host = NewHost(services => services.AddSingleton(broken));

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("database is locked", entry.Description, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    [Fact]
    public async Task Healthy_with_a_note_when_the_host_registered_no_stores()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuickBooksSync();
        services.AddHealthChecks().AddCheck<QuickBooksSyncHealthCheck>("quickbooks");
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries["quickbooks"].Status);
        Assert.Contains("No QuickBooks sync stores", report.Entries["quickbooks"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_checks_builder_registers_the_check_with_its_name_tags_and_failure_status()
    {
        var broken = Substitute.For<IConnectionStore>();
        broken.ListAsync(Arg.Any<CancellationToken>()).Throws(new InvalidOperationException("database is locked"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuickBooksSync().UseInMemoryStores();
        services.AddSingleton(broken);
        services.AddHealthChecks().AddQuickBooksSync("qbo-sync", HealthStatus.Degraded, ["ready", "sync"]);
        await using var provider = services.BuildServiceProvider();

        var registration = Assert.Single(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Equal("qbo-sync", registration.Name);
        Assert.Equal(["ready", "sync"], registration.Tags.Order(StringComparer.Ordinal));
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));

        var entry = Assert.Single(report.Entries);
        Assert.Equal("qbo-sync", entry.Key);
        Assert.Equal(HealthStatus.Degraded, entry.Value.Status);
        Assert.Contains("database is locked", entry.Value.Description, StringComparison.Ordinal);
    }

    private static SyncHost NewHost(Action<IServiceCollection>? configure = null) => new(services =>
    {
        services.AddHealthChecks().AddQuickBooksSync();
        configure?.Invoke(services);
    });

    private static async Task<HealthReportEntry> CheckAsync(SyncHost host)
    {
        var report = await host.Get<HealthCheckService>().CheckHealthAsync();
        return report.Entries["quickbooks"];
    }
}
