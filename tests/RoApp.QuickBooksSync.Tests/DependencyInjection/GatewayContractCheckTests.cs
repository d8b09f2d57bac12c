using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.DependencyInjection;

/// <summary>A host whose gateway leaves inbound members to the throwing defaults is told when it starts.</summary>
public sealed class GatewayContractCheckTests
{
    private const int IncompleteGatewayEvent = 9101;

    [Fact]
    public async Task An_outbound_only_gateway_gets_one_start_up_warning_naming_each_missing_member_and_the_fix()
    {
        var logs = await StartAsync(b => b.UseRoAppGateway<OutboundOnlyGateway>());

        var warning = Assert.Single(logs, l => l.EventId == IncompleteGatewayEvent);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(typeof(OutboundOnlyGateway).FullName!, warning.Message, StringComparison.Ordinal);
        Assert.Contains("ChangeInvoiceStatusAsync", warning.Message, StringComparison.Ordinal);
        Assert.Contains("RecordPaymentAsync", warning.Message, StringComparison.Ordinal);
        Assert.Contains("ReportPaymentChangeAsync", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Implement them in", warning.Message, StringComparison.Ordinal);
        Assert.Contains("QuickBooksSync:Inbound:ReceiveWebhooks", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_missing_some_inbound_members_is_told_only_those()
    {
        var logs = await StartAsync(b => b.UseRoAppGateway(new PaymentsOnlyGateway()));

        var warning = Assert.Single(logs, l => l.EventId == IncompleteGatewayEvent);
        Assert.Contains("ChangeInvoiceStatusAsync", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RecordPaymentAsync", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ReportPaymentChangeAsync", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_factory_registered_gateway_is_inspected_through_the_type_it_returns()
    {
        var logs = await StartAsync(b => b.UseRoAppGateway(_ => new OutboundOnlyGateway()));

        Assert.Single(logs, l => l.EventId == IncompleteGatewayEvent && l.Message.Contains(nameof(OutboundOnlyGateway), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gateway_implementing_every_member_gets_no_warning()
    {
        var logs = await StartAsync(b => b.UseRoAppGateway<FakeGateway>());

        Assert.DoesNotContain(logs, l => l.EventId == IncompleteGatewayEvent);
    }

    [Fact]
    public async Task A_host_with_the_inbound_sync_switched_off_gets_no_warning()
    {
        var logs = await StartAsync(b => b.UseRoAppGateway<OutboundOnlyGateway>(), o =>
        {
            o.Inbound.ReceiveWebhooks = false;
            o.Inbound.RunReconciliation = false;
        });

        Assert.DoesNotContain(logs, l => l.EventId == IncompleteGatewayEvent);
    }

    private static async Task<IReadOnlyCollection<Entry>> StartAsync(Action<IQuickBooksSyncBuilder> gateway, Action<QuickBooksSyncOptions>? configure = null)
    {
        var capture = new Capture();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(capture));
        var builder = services.AddQuickBooksSync(o => configure?.Invoke(o)).UseInMemoryStores();
        gateway(builder);
        await using var provider = services.BuildServiceProvider();

        // What the generic host does at start, for this one hosted service (the worker is not started).
        var check = Assert.Single(provider.GetServices<IHostedService>().OfType<RoAppGatewayContractCheck>());
        await check.StartAsync(CancellationToken.None);
        return capture.Entries;
    }

    internal sealed record Entry(LogLevel Level, int EventId, string Message);

    private sealed class Capture : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyCollection<Entry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(_entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(logLevel, eventId.Id, formatter(state, exception)));
        }
    }

    /// <summary>What a host written before the inbound sync implements: the members without defaults.</summary>
    private class OutboundOnlyGateway : IRoAppGateway
    {
        public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<RoAppInvoiceStatus>>([]);

        public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<RoAppTax>>([]);

        public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<RoAppCashbox>>([]);

        public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => ValueTask.FromResult(false);

        public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<RoAppInvoiceSnapshot?>(null);

        public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<RoAppPaymentSnapshot?>(null);
    }

    /// <summary>Records QuickBooks payments and hears about their changes, but moves no statuses.</summary>
    private sealed class PaymentsOnlyGateway : OutboundOnlyGateway, IRoAppGateway
    {
        public ValueTask<RoAppPaymentRecordResult> RecordPaymentAsync(string companyId, RoAppPaymentRecord payment, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not called by these tests");

        public ValueTask ReportPaymentChangeAsync(string companyId, RoAppPaymentChange change, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
