using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>
/// A host gateway over a scoped, EF-Core-like unit of work (the usual RO App back end): the library opens one DI
/// scope per unit of work, resolves the gateway in it, and disposes it after; nothing is taken from the root.
/// </summary>
public sealed class ScopedGatewayTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Every_job_and_manual_sync_gets_its_own_scoped_gateway_and_context_disposed_after()
    {
        var contexts = new ConcurrentBag<FakeDbContext>();
        await using var h = await OutboundHarness.StartAsync(host: (services, data) =>
        {
            services.AddScoped(_ =>
            {
                var context = new FakeDbContext();
                contexts.Add(context);
                return context;
            });
            services.AddQuickBooksSync().UseRoAppGateway(sp => new ScopedGateway(data, sp.GetRequiredService<FakeDbContext>()));
        });
        h.AddInvoice("8001");
        h.AddInvoice("8002");
        h.AddInvoice("8003");

        await h.Sync.InvoiceStatusChangedAsync(Company, "8001", OutboundHarness.TriggerStatus, None);
        await h.Sync.InvoiceStatusChangedAsync(Company, "8002", OutboundHarness.TriggerStatus, None);
        await h.DrainAsync();
        var manual = await h.Sync.SyncInvoiceNowAsync(Company, "8003", None);
        var validation = await h.Get<IQuickBooksSettingsService>().ValidateAsync(new CompanySettings { CompanyId = Company, TriggerStatusIds = [OutboundHarness.TriggerStatus] }, None);

        Assert.Equal(InvoiceSyncResult.Synced, manual.Result);
        Assert.Equal(3, h.Invoices.Count);
        Assert.NotNull(validation);

        // Two jobs, one manual sync, one settings check: four units of work, four contexts, each used by one unit only.
        Assert.Equal(4, contexts.Count);
        Assert.All(contexts, c => Assert.True(c.Disposed, $"context {c.Id} was not disposed after its unit of work"));
        Assert.All(contexts, c => Assert.True(c.Uses > 0));
        Assert.Equal(contexts.Count, contexts.Select(c => c.Id).Distinct().Count());
    }

    /// <summary>Stands in for a DbContext: scoped, disposable, unusable after disposal.</summary>
    private sealed class FakeDbContext : IAsyncDisposable
    {
        private static int _next;
        private int _uses;

        public int Id { get; } = Interlocked.Increment(ref _next);

        public bool Disposed { get; private set; }

        public int Uses => Volatile.Read(ref _uses);

        public void Use()
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            Interlocked.Increment(ref _uses);
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A gateway that reads RO App's data through its unit of work.</summary>
    private sealed class ScopedGateway(FakeGateway data, FakeDbContext context) : IRoAppGateway
    {
        private T Use<T>(T value)
        {
            context.Use();
            return value;
        }

        public async ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) =>
            Use(await data.ListInvoiceStatusesAsync(companyId, cancellationToken));

        public async ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) =>
            Use(await data.ListTaxesAsync(companyId, cancellationToken));

        public async ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) =>
            Use(await data.ListCashboxesAsync(companyId, cancellationToken));

        public async ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) =>
            Use(await data.IsLegacyIntegrationEnabledAsync(companyId, cancellationToken));

        public async ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) =>
            Use(await data.GetInvoiceAsync(companyId, invoiceId, cancellationToken));

        public async ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) =>
            Use(await data.GetPaymentAsync(companyId, paymentId, cancellationToken));
    }
}
