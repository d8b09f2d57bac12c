using System.Globalization;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Sample.Report;

/// <summary>
/// The closing table: each RO App invoice with its QuickBooks id, sync state and last sync (what the invoice
/// page shows, from <see cref="IQuickBooksSync.GetInvoiceStateAsync"/>), RO App status and payments.
/// </summary>
internal sealed class InvoiceTable(IQuickBooksSync sync, DemoRoApp.DemoRoApp roApp, ConsoleProgress progress, TextWriter output)
{
    public async Task PrintAsync(CancellationToken cancellationToken)
    {
        progress.Step("Invoices in RO App and QuickBooks");
        output.WriteLine($"    {"Invoice",-8} {"Client",-16} {"QuickBooks id",-13} {"Sync state",-20} {"Last sync",-9} {"RO App status",-17} Payments");
        Uri? example = null;
        foreach (var invoice in roApp.Invoices(roApp.CompanyId))
        {
            var state = await sync.GetInvoiceStateAsync(roApp.CompanyId, invoice.Id, cancellationToken);
            example ??= state.QuickBooksUrl;
            var lastSync = state.LastSyncedAt is { } at ? at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "-";
            var payments = invoice.Payments.Count == 0
                ? "-"
                : string.Join(", ", invoice.Payments.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Amount:0.00} {roApp.CashboxName(p.CashboxId)}")));
            output.WriteLine($"    #{invoice.Number,-7} {invoice.Client.FullName,-16} {state.QuickBooksId ?? "-",-13} {state.Status,-20} {lastSync,-9} {roApp.StatusName(invoice.StatusId),-17} {payments}");
        }

        if (example is not null)
        {
            progress.Detail($"The invoice page links to QuickBooks, e.g. {example}");
        }
    }
}
