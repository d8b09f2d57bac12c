using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RoApp.QuickBooksSync.Storage.InMemory;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.Inbound;

/// <summary>
/// The library's own writes are recognised on every path, also when the webhook is processed before the writer
/// has saved its link (in this process or another): nothing is recorded back, nothing is taken for an edit.
/// </summary>
public sealed class OwnWriteRecognitionTests
{
    [Fact]
    public async Task A_payment_sent_from_RO_App_is_not_recorded_back_even_before_its_link_is_saved()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        // What the outbound sync writes into an RO App payment; its link is not saved yet (the create's answer is
        // late, or another process sent it and has not got that far).
        h.Tick();
        await h.Client.CreateAsync(h.RealmId, new Payment
        {
            CustomerRef = new QuickBooksRef { Value = h.CustomerId },
            TotalAmt = 100m,
            PrivateNote = "RO App payment [RO App ref pay-77]",
            Lines = [new PaymentLine { Amount = 100m, LinkedTxns = [new LinkedTxn { TxnId = invoice.Id, TxnType = "Invoice" }] }],
        });
        await h.SettleAsync();

        Assert.Empty(h.Gateway.RecordedPayments);
        Assert.Empty(h.StatusMovesOf(roAppId));
    }

    [Fact]
    public async Task An_invoice_event_waits_while_the_library_writes_that_invoice_and_is_then_recognised_as_its_own_write()
    {
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        // Another process holds the invoice's write claim and updates the invoice; its webhook comes before that
        // process has recorded the new SyncToken.
        var claims = h.Get<IWriteClaimStore>();
        var key = new WriteClaimKey(InboundHarness.CompanyId, h.RealmId, SyncedEntityType.Invoice, roAppId);
        var claim = await claims.TryClaimAsync(key, "other-process", TimeSpan.FromMinutes(2), h.Time.GetUtcNow(), CancellationToken.None);
        Assert.NotNull(claim);
        h.Tick();
        var updated = await h.Client.SparseUpdateAsync(h.RealmId, new Invoice { Id = invoice.Id, SyncToken = invoice.SyncToken, PrivateNote = "RO App invoice INV-1 (edited in RO App)" });
        await h.SettleAsync();
        Assert.Empty(h.StatusMovesOf(roAppId));
        Assert.Equal(1, (await h.Queue.GetStatsAsync(InboundHarness.CompanyId, h.Time.GetUtcNow(), CancellationToken.None)).PendingCount);

        // The writer records its write and lets go; the waiting event then sees our own write.
        await h.WriteLinkAsync(roAppId, updated);
        Assert.True(await claims.ReleaseAsync(claim, settled: true, CancellationToken.None));
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.SettleAsync();

        Assert.Empty(h.StatusMovesOf(roAppId));
        Assert.Equal(0, (await h.Queue.GetStatsAsync(InboundHarness.CompanyId, h.Time.GetUtcNow(), CancellationToken.None)).PendingCount);
    }

    [Fact]
    public async Task An_update_QuickBooks_applied_before_answering_500_is_not_taken_for_an_edit_while_its_send_waits_to_retry()
    {
        // The race the SQLite cluster soak found: a sparse update commits, QuickBooks answers 500, the sender lets
        // go of the claim (its retry comes later), and the update's webhook is processed in between, with the link
        // still on the old SyncToken.
        await using var h = await InboundHarness.StartAsync();
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        var claims = h.Get<IWriteClaimStore>();
        var key = new WriteClaimKey(InboundHarness.CompanyId, h.RealmId, SyncedEntityType.Invoice, roAppId);
        var claim = await claims.TryClaimAsync(key, "other-process", TimeSpan.FromMinutes(2), h.Time.GetUtcNow(), CancellationToken.None);
        claim = await claims.SetPendingWritesAsync(claim!, [PendingInvoiceUpdate.For("update-request-1")], CancellationToken.None);
        h.Tick();
        var updated = await h.Client.SparseUpdateAsync(h.RealmId, new Invoice { Id = invoice.Id, SyncToken = invoice.SyncToken, PrivateNote = "RO App invoice INV-1 (edited in RO App)" });
        Assert.True(await claims.ReleaseAsync(claim!, settled: false, CancellationToken.None));
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.SettleAsync();
        Assert.Empty(h.StatusMovesOf(roAppId));
        Assert.Equal(1, (await h.Queue.GetStatsAsync(InboundHarness.CompanyId, h.Time.GetUtcNow(), CancellationToken.None)).PendingCount);

        // The send's retry replays the update, records it and settles the claim: the event then sees our write.
        var retry = await claims.TryClaimAsync(key, "other-process", TimeSpan.FromMinutes(2), h.Time.GetUtcNow(), CancellationToken.None);
        await h.WriteLinkAsync(roAppId, updated);
        Assert.True(await claims.ReleaseAsync(retry!, settled: true, CancellationToken.None));
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.SettleAsync();

        Assert.Empty(h.StatusMovesOf(roAppId));
        Assert.Equal(0, (await h.Queue.GetStatsAsync(InboundHarness.CompanyId, h.Time.GetUtcNow(), CancellationToken.None)).PendingCount);
    }

    [Fact]
    public async Task A_bookkeeper_edit_behind_an_update_whose_send_gave_up_is_applied_once_the_wait_runs_out()
    {
        await using var h = await InboundHarness.StartAsync();
        var roAppId = await BookkeeperEditsBehindAnUpdateWhoseSendGaveUpAsync(h);
        Assert.Empty(h.StatusMovesOf(roAppId));

        // Nothing settles the claim (the send was dead-lettered): the edit is not held forever.
        for (var i = 0; i < 20; i++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(1));
            await h.SettleAsync();
        }

        Assert.Single(h.StatusMovesOf(roAppId));
    }

    [Fact]
    public async Task The_wait_for_an_update_whose_send_gave_up_is_the_hosts_setting()
    {
        await using var h = await InboundHarness.StartAsync(host: services =>
            services.Configure<QuickBooksSyncOptions>(o => o.Inbound.PendingUpdateWait = TimeSpan.FromMinutes(3)));
        var roAppId = await BookkeeperEditsBehindAnUpdateWhoseSendGaveUpAsync(h);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.SettleAsync();
        Assert.Empty(h.StatusMovesOf(roAppId));

        // Well before the default 15 minutes: claim (2) plus the configured wait (3) have run out.
        for (var i = 0; i < 5; i++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(1));
            await h.SettleAsync();
        }

        Assert.Single(h.StatusMovesOf(roAppId));
    }

    /// <summary>
    /// Another process sent an update of a synced invoice and let go of its claim unsettled (the update pending, as
    /// after a 500 when the send then gave up); then the bookkeeper edits the invoice and its event arrives.
    /// </summary>
    private static async Task<string> BookkeeperEditsBehindAnUpdateWhoseSendGaveUpAsync(InboundHarness h)
    {
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        var claims = h.Get<IWriteClaimStore>();
        var key = new WriteClaimKey(InboundHarness.CompanyId, h.RealmId, SyncedEntityType.Invoice, roAppId);
        var claim = await claims.TryClaimAsync(key, "other-process", TimeSpan.FromMinutes(2), h.Time.GetUtcNow(), CancellationToken.None);
        claim = await claims.SetPendingWritesAsync(claim!, [PendingInvoiceUpdate.For("update-request-1")], CancellationToken.None);
        Assert.True(await claims.ReleaseAsync(claim!, settled: false, CancellationToken.None));
        h.Tick();
        h.Simulator.Bookkeeper.SetInvoiceMemo(h.RealmId, invoice.Id!, "Changed by the bookkeeper");
        await h.SettleAsync();
        return roAppId;
    }

    [Fact]
    public async Task Our_update_recorded_while_its_invoice_event_is_being_processed_is_still_recognised_as_ours()
    {
        // The race the cluster soak found: the event reads the link, then the writer (another process) writes
        // QuickBooks, records its link and lets go, then the event looks at the claim and at QuickBooks.
        Func<Task>? writerActsNow = null;
        await using var h = await InboundHarness.StartAsync(host: services =>
            services.Replace(ServiceDescriptor.Singleton<IWriteClaimStore>(new InterleavingClaims(new InMemoryWriteClaimStore(), () => writerActsNow))));
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        var claims = h.Get<IWriteClaimStore>();
        var key = new WriteClaimKey(InboundHarness.CompanyId, h.RealmId, SyncedEntityType.Invoice, roAppId);
        var first = await claims.TryClaimAsync(key, "other-process", TimeSpan.FromMinutes(2), h.Time.GetUtcNow(), CancellationToken.None);
        h.Tick();
        var updated = await h.Client.SparseUpdateAsync(h.RealmId, new Invoice { Id = invoice.Id, SyncToken = invoice.SyncToken, DueDate = new DateOnly(2026, 4, 10) });
        await h.WriteLinkAsync(roAppId, updated);
        await claims.ReleaseAsync(first!, settled: true, CancellationToken.None);

        // When the event for that write is processed, a second write of ours lands in the middle of it.
        writerActsNow = async () =>
        {
            writerActsNow = null;
            var second = await claims.TryClaimAsync(key, "other-process", TimeSpan.FromMinutes(2), h.Time.GetUtcNow(), CancellationToken.None);
            var again = await h.Client.SparseUpdateAsync(h.RealmId, new Invoice { Id = updated.Id, SyncToken = updated.SyncToken, DueDate = new DateOnly(2026, 4, 20) });
            await h.WriteLinkAsync(roAppId, again);
            await claims.ReleaseAsync(second!, settled: true, CancellationToken.None);
        };
        await h.SettleAsync();
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.SettleAsync();

        Assert.Null(writerActsNow);
        Assert.Empty(h.StatusMovesOf(roAppId));
    }

    /// <summary>Runs the other writer's whole write at the moment the event first asks about the claim.</summary>
    private sealed class InterleavingClaims(IWriteClaimStore inner, Func<Func<Task>?> writer) : IWriteClaimStore
    {
        public async ValueTask<WriteClaimState?> GetAsync(WriteClaimKey key, CancellationToken cancellationToken)
        {
            var state = await inner.GetAsync(key, cancellationToken);
            if (writer() is { } act)
            {
                await act();
            }

            return state;
        }

        public ValueTask<WriteClaim?> TryClaimAsync(WriteClaimKey key, string owner, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.TryClaimAsync(key, owner, leaseDuration, now, cancellationToken);

        public ValueTask<WriteClaim?> RenewAsync(WriteClaim claim, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.RenewAsync(claim, leaseDuration, now, cancellationToken);

        public ValueTask<WriteClaim?> SetPendingWritesAsync(WriteClaim claim, IReadOnlyList<string> pendingWrites, CancellationToken cancellationToken) =>
            inner.SetPendingWritesAsync(claim, pendingWrites, cancellationToken);

        public ValueTask<bool> ReleaseAsync(WriteClaim claim, bool settled, CancellationToken cancellationToken) =>
            inner.ReleaseAsync(claim, settled, cancellationToken);
    }
}
