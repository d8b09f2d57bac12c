using System.Collections.Concurrent;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Sample.DemoRoApp;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Sample.Flows;

/// <summary>
/// What a host adds to its own code: where RO App changes a status, records a payment or saves an edited
/// invoice, it tells the library. The demo RO App raises events there; this class forwards them to
/// <see cref="IQuickBooksSync"/>. The calls only queue work, but they are still awaited (in <see cref="FlushAsync"/>):
/// an event handler cannot await, and a call nobody awaits would hide its failure.
/// </summary>
internal sealed class RoAppHostHooks : IDisposable
{
    private readonly DemoRoApp.DemoRoApp _roApp;
    private readonly IQuickBooksSync _sync;
    private readonly ConsoleProgress _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly ConcurrentQueue<Task> _calls = new();

    public RoAppHostHooks(DemoRoApp.DemoRoApp roApp, IQuickBooksSync sync, ConsoleProgress progress, CancellationToken cancellationToken)
    {
        _roApp = roApp;
        _sync = sync;
        _progress = progress;
        _cancellationToken = cancellationToken;
        roApp.StatusChanged += OnStatusChanged;
        roApp.InvoiceEdited += OnInvoiceEdited;
        roApp.PaymentRecorded += OnPaymentRecorded;
    }

    /// <summary>Waits for every call made so far; a failed call fails here.</summary>
    public async Task FlushAsync()
    {
        while (_calls.TryDequeue(out var call))
        {
            await call;
        }
    }

    public void Dispose()
    {
        _roApp.StatusChanged -= OnStatusChanged;
        _roApp.InvoiceEdited -= OnInvoiceEdited;
        _roApp.PaymentRecorded -= OnPaymentRecorded;
    }

    private void OnStatusChanged(object? sender, DemoInvoiceEventArgs e) =>
        _calls.Enqueue(StatusChangedAsync(e.CompanyId, e.Invoice));

    // An edited invoice is reported as an edit: a synced one is updated in place in any status; one not synced
    // yet follows the trigger rules.
    private void OnInvoiceEdited(object? sender, DemoInvoiceEventArgs e) =>
        _calls.Enqueue(EditedAsync(e.CompanyId, e.Invoice));

    private void OnPaymentRecorded(object? sender, DemoInvoiceEventArgs e) =>
        _calls.Enqueue(PaymentRecordedAsync(e.CompanyId, e.Invoice));

    private async Task StatusChangedAsync(string companyId, DemoInvoice invoice)
    {
        // A move into a cancelled status is a cancellation: the QuickBooks invoice is voided (the company's setting).
        if ((await _roApp.ListInvoiceStatusesAsync(companyId, _cancellationToken)).FirstOrDefault(s => s.Id == invoice.StatusId)?.Group == RoAppStatusGroup.Canceled)
        {
            var cancelled = await _sync.InvoiceCancelledAsync(companyId, invoice.Id, _cancellationToken);
            _progress.Detail($"  -> InvoiceCancelledAsync(#{invoice.Number}): {cancelled}");
            return;
        }

        var result = await _sync.InvoiceStatusChangedAsync(companyId, invoice.Id, invoice.StatusId, _cancellationToken);
        _progress.Detail($"  -> InvoiceStatusChangedAsync(#{invoice.Number}, '{_roApp.StatusName(invoice.StatusId)}'): {result}");
    }

    private async Task EditedAsync(string companyId, DemoInvoice invoice)
    {
        var result = await _sync.InvoiceEditedAsync(companyId, invoice.Id, invoice.StatusId, _cancellationToken);
        _progress.Detail($"  -> InvoiceEditedAsync(#{invoice.Number}, '{_roApp.StatusName(invoice.StatusId)}'): {result}");
    }

    private async Task PaymentRecordedAsync(string companyId, DemoInvoice invoice)
    {
        var payment = invoice.Payments[^1];
        await _sync.PaymentRecordedAsync(companyId, payment.Id, invoice.Id, _cancellationToken);
        _progress.Detail($"  -> PaymentRecordedAsync({payment.Id} on #{invoice.Number}): queued");
    }
}
