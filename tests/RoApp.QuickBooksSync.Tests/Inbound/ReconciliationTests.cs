using NSubstitute;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Changes;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.Tests.Inbound;

/// <summary>Change data capture catches what webhooks missed; the watermark moves only after queuing.</summary>
public sealed class ReconciliationTests
{
    [Fact]
    public async Task Dropped_webhook_is_recovered_by_reconciliation()
    {
        await using var h = await InboundHarness.StartAsync(WebhookFormat.CloudEvents);
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();
        await h.ReconcileAsync();
        await h.SettleAsync();

        h.WebhookOptions.DropProbability = 1.0;
        h.Tick();
        h.Simulator.Bookkeeper.RecordPayment(h.RealmId, 100m, [new PaymentApplication(invoice.Id!, 100m)]);
        await h.SettleAsync();
        Assert.Contains(h.Simulator.Webhooks.Log, e => e.Outcome == WebhookOutcome.Dropped);
        Assert.Empty(h.Gateway.RecordedPayments);

        h.Time.Advance(TimeSpan.FromMinutes(15));
        var queued = await h.ReconcileAsync();
        await h.SettleAsync();

        Assert.True(queued >= 1);
        Assert.Single(h.Gateway.RecordedPayments);
        Assert.Equal([InboundHarness.Paid], h.StatusMovesOf(roAppId));

        // A second pass over the overlap finds the same changes: nothing is applied twice.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.ReconcileAsync();
        await h.SettleAsync();
        Assert.Single(h.Gateway.RecordedPayments);
        Assert.Equal([InboundHarness.Paid], h.StatusMovesOf(roAppId));
    }

    [Fact]
    public async Task Reconciliation_neither_queues_nor_reads_the_invoices_the_library_wrote_itself()
    {
        // No webhooks: only reconciliation can see the invoice change in QuickBooks.
        await using var h = await InboundHarness.StartAsync(webhooks: w => w.DropProbability = 1.0);
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        h.Tick();

        var queued = await h.ReconcileAsync();
        await h.SettleAsync();

        Assert.Equal(0, queued);
        Assert.DoesNotContain(h.Simulator.RequestLog, r => r.Method == "GET" && r.Path.EndsWith("/invoice/" + invoice.Id, StringComparison.OrdinalIgnoreCase));

        // A bookkeeper's edit afterwards is a newer version than ours: queued, read and applied.
        h.Tick();
        h.Simulator.Bookkeeper.SetInvoiceMemo(h.RealmId, invoice.Id!, "Edited in QuickBooks");
        h.Tick();
        Assert.Equal(1, await h.ReconcileAsync());
        await h.SettleAsync();
        Assert.Equal([InboundHarness.Updated], h.StatusMovesOf(roAppId));

        // And once applied, the next pass over the overlap leaves it alone too.
        h.Tick();
        Assert.Equal(0, await h.ReconcileAsync());
    }

    [Fact]
    public async Task Reconciliation_works_on_several_companies_at_once()
    {
        var arrived = 0;
        var inFlight = 0;
        var most = 0;
        var bothArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = Substitute.For<IQuickBooksClient>();
        client.GetChangesAsync(default!, default!, default, default).ReturnsForAnyArgs(async _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            if (Interlocked.Increment(ref arrived) == 2)
            {
                bothArrived.TrySetResult();
            }

            // A pass that walks companies one after another never has the second call in flight: the wait ends
            // by its own deadline instead (a guard against a hang, not a timing assertion).
            await Task.WhenAny(bothArrived.Task, Task.Delay(TimeSpan.FromSeconds(5)));
            Interlocked.Decrement(ref inFlight);
            return new QuickBooksChanges([], []);
        });
        await using var h = await InboundHarness.StartAsync();
        var now = h.Time.GetUtcNow();
        await h.Get<IConnectionStore>().SaveAsync(
            new StoredConnection { CompanyId = "shop-2", RealmId = "9130350000000777", ProtectedTokens = [1], AccessTokenExpiresAt = now.AddHours(1), RefreshTokenExpiresAt = now.AddDays(100), ConnectedAt = now, UpdatedAt = now },
            0,
            CancellationToken.None);
        await h.Get<ISettingsStore>().SaveAsync(new RoApp.QuickBooksSync.Settings.CompanySettings { CompanyId = "shop-2", Enabled = true }, 0, CancellationToken.None);
        var reconciler = new InboundReconciler(h.Get<IConnectionStore>(), h.Get<ISettingsStore>(), h.Links, client, h.Get<RoApp.QuickBooksSync.Engine.WorkQueue>(),
            h.Get<InboundStateAccess>(), h.Time, h.Get<Microsoft.Extensions.Options.IOptions<QuickBooksSyncOptions>>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<InboundReconciler>.Instance);

        await reconciler.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, arrived);
        Assert.Equal(2, most);

        static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    [Fact]
    public async Task Watermark_advances_to_the_start_of_the_pass_only_after_the_changes_are_queued()
    {
        await using var h = await InboundHarness.StartAsync();
        var state = h.Get<InboundStateAccess>();
        Assert.Null(await state.GetWatermarkAsync(InboundHarness.CompanyId, h.RealmId, CancellationToken.None));

        var start = h.Time.GetUtcNow();
        await h.ReconcileAsync();
        Assert.Equal(start, await state.GetWatermarkAsync(InboundHarness.CompanyId, h.RealmId, CancellationToken.None));

        // QuickBooks fails the next pass: the watermark stays where it was.
        h.Time.Advance(TimeSpan.FromMinutes(15));
        h.Simulator.Faults.Add(new RoApp.QuickBooksSync.Testing.Faults.FaultRule { Kind = RoApp.QuickBooksSync.Testing.Faults.FaultKind.ServerError, Times = 100 });
        await h.ReconcileAsync();
        Assert.Equal(start, await state.GetWatermarkAsync(InboundHarness.CompanyId, h.RealmId, CancellationToken.None));
        Assert.Contains(h.Logs.Lines, l => l.Contains("Reconciliation of company shop-1", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watermark_older_than_30_days_falls_back_to_a_query_by_last_update_time()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.ReconcileAsync();
        await h.SettleAsync();

        h.WebhookOptions.DropProbability = 1.0;
        h.Time.Advance(TimeSpan.FromDays(40));
        h.Simulator.Bookkeeper.SetInvoiceMemo(h.RealmId, invoice.Id!, "Edited while we were away");
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.ReconcileAsync();
        await h.SettleAsync();

        Assert.Contains(h.Simulator.RequestLog, r => r.Path.EndsWith("/query", StringComparison.Ordinal) && r.Query.Contains("LastUpdatedTime", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(h.Simulator.RequestLog, r => r.Path.EndsWith("/cdc", StringComparison.Ordinal) && r.Time > h.Time.GetUtcNow().AddMinutes(-2));
        Assert.Equal([InboundHarness.Updated], h.StatusMovesOf(roAppId));
    }

    [Fact]
    public async Task Reconciliation_asks_for_invoices_payments_and_refund_forms_from_the_watermark_less_the_overlap()
    {
        var client = NSubstitute.Substitute.For<IQuickBooksClient>();
        client.GetChangesAsync(default!, default!, default, default).ReturnsForAnyArgs(new QuickBooksChanges([], []));
        await using var h = await InboundHarness.StartAsync();
        var reconciler = new InboundReconciler(h.Get<IConnectionStore>(), h.Get<ISettingsStore>(), h.Links, client, h.Get<RoApp.QuickBooksSync.Engine.WorkQueue>(),
            h.Get<InboundStateAccess>(), h.Time, h.Get<Microsoft.Extensions.Options.IOptions<QuickBooksSyncOptions>>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<InboundReconciler>.Instance);
        var watermark = h.Time.GetUtcNow();
        await h.Get<InboundStateAccess>().AdvanceWatermarkAsync(InboundHarness.CompanyId, h.RealmId, watermark, CancellationToken.None);
        h.Time.Advance(TimeSpan.FromMinutes(15));

        await reconciler.RunOnceAsync(CancellationToken.None);

        await client.Received(1).GetChangesAsync(h.RealmId,
            NSubstitute.Arg.Is<IReadOnlyCollection<string>>(e => e.SequenceEqual(new[] { "Invoice", "Payment", "RefundReceipt", "CreditMemo" })),
            watermark - TimeSpan.FromMinutes(5), NSubstitute.Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Reconciliation_runs_at_start_and_then_every_interval_on_the_injected_clock()
    {
        await using var h = await InboundHarness.StartAsync();
        var state = h.Get<InboundStateAccess>();
        var service = h.Get<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>().OfType<InboundReconciliationService>().Single();
        var start = h.Time.GetUtcNow();

        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(start, await WatermarkChangesFromAsync(null, TimeSpan.FromSeconds(30)));

            h.Time.Advance(TimeSpan.FromMinutes(14));
            await Task.Delay(50);
            Assert.Equal(start, await state.GetWatermarkAsync(InboundHarness.CompanyId, h.RealmId, CancellationToken.None));

            // Minute by minute: the service may register its wait a moment after the first pass saved.
            DateTimeOffset? next = start;
            for (var minute = 0; minute < 5 && next == start; minute++)
            {
                h.Time.Advance(TimeSpan.FromMinutes(1));
                next = await WatermarkChangesFromAsync(start, TimeSpan.FromSeconds(2));
            }

            Assert.InRange(next!.Value, start.AddMinutes(15), start.AddMinutes(16));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        // Waits for the background pass (real work on another thread), never for the clock.
        async Task<DateTimeOffset?> WatermarkChangesFromAsync(DateTimeOffset? before, TimeSpan patience)
        {
            var deadline = DateTime.UtcNow + patience;
            DateTimeOffset? now;
            do
            {
                now = await state.GetWatermarkAsync(InboundHarness.CompanyId, h.RealmId, CancellationToken.None);
                if (now != before)
                {
                    return now;
                }

                await Task.Delay(5);
            }
            while (DateTime.UtcNow < deadline);

            return now;
        }
    }

    [Theory]
    [InlineData(nameof(QuickBooksInboundOptions.MaxWebhookBodyBytes))]
    [InlineData(nameof(QuickBooksInboundOptions.ReconciliationInterval))]
    [InlineData(nameof(QuickBooksInboundOptions.ReconciliationOverlap))]
    [InlineData(nameof(QuickBooksInboundOptions.MaxEventsPerDelivery))]
    [InlineData(nameof(QuickBooksInboundOptions.PendingUpdateWait))]
    public void Wrong_inbound_setting_is_named_with_a_right_value(string setting)
    {
        var options = new QuickBooksSyncOptions();
        switch (setting)
        {
            case nameof(QuickBooksInboundOptions.MaxWebhookBodyBytes):
                options.Inbound.MaxWebhookBodyBytes = 10;
                break;
            case nameof(QuickBooksInboundOptions.ReconciliationInterval):
                options.Inbound.ReconciliationInterval = TimeSpan.Zero;
                break;
            case nameof(QuickBooksInboundOptions.MaxEventsPerDelivery):
                options.Inbound.MaxEventsPerDelivery = 0;
                break;
            case nameof(QuickBooksInboundOptions.PendingUpdateWait):
                options.Inbound.PendingUpdateWait = TimeSpan.FromSeconds(5);
                break;
            default:
                options.Inbound.ReconciliationOverlap = TimeSpan.FromMinutes(-1);
                break;
        }

        var result = new QuickBooksInboundOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"QuickBooksSync:Inbound:{setting}", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new QuickBooksInboundOptionsValidator().Validate(null, new QuickBooksSyncOptions()).Succeeded);
    }
}
