using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.Tests.Inbound;

/// <summary>The library's own void (an RO App cancellation) never comes back as "Invoice voided".</summary>
public sealed class OwnVoidRecognitionTests
{
    [Theory]
    [InlineData(WebhookFormat.Legacy)]
    [InlineData(WebhookFormat.CloudEvents)]
    public async Task A_void_for_an_RO_App_cancellation_moves_no_status_through_its_webhook_or_reconciliation(WebhookFormat format)
    {
        await using var h = await InboundHarness.StartAsync(format);
        var (roAppId, invoice) = await h.SyncedInvoiceAsync();
        await h.SettleAsync();

        h.Tick();
        await h.Get<IQuickBooksSync>().InvoiceCancelledAsync(InboundHarness.CompanyId, roAppId, CancellationToken.None);
        await h.SettleAsync();
        await h.SettleAsync();
        await h.ReconcileAsync();
        await h.SettleAsync();

        var voided = await h.Client.ReadAsync<RoApp.QuickBooksSync.Api.Models.Invoice>(h.RealmId, invoice.Id!);
        Assert.Equal(0m, voided.TotalAmt);
        Assert.Empty(h.StatusMovesOf(roAppId));
        var journal = await h.JournalAsync();
        Assert.DoesNotContain(journal, e => e.Direction == JournalDirection.Inbound && e.RoAppEntityId == roAppId);
        Assert.Single(journal, e => e.Operation == "cancel invoice" && e.Outcome == JournalOutcome.Synced);
    }
}
