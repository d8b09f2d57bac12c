using System.Globalization;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Sample.Report;

/// <summary>
/// The closing table: each RO App invoice with its QuickBooks id, sync state, RO App status and payments.
/// The QuickBooks side comes from the library's entity links; the RO App side from the demo RO App.
/// </summary>
internal sealed class InvoiceTable(IEntityLinkStore links, DemoRoApp.DemoRoApp roApp, ConsoleProgress progress, TextWriter output)
{
    public async Task PrintAsync(string realmId, CancellationToken cancellationToken)
    {
        progress.Step("Invoices in RO App and QuickBooks");
        output.WriteLine($"    {"Invoice",-8} {"Client",-16} {"QuickBooks id",-13} {"Sync state",-22} {"RO App status",-17} Payments");
        foreach (var invoice in roApp.Invoices(roApp.CompanyId))
        {
            var link = await links.GetByRoAppIdAsync(roApp.CompanyId, realmId, SyncedEntityType.Invoice, invoice.Id, cancellationToken);
            var state = link switch
            {
                null => "not sent",
                { State: LinkState.DeletedInQuickBooks } => "deleted in QuickBooks",
                { State: LinkState.Detached } => "detached",
                _ => string.Create(CultureInfo.InvariantCulture, $"synced {link.LastSyncedAt.ToLocalTime():HH:mm:ss}"),
            };
            var payments = invoice.Payments.Count == 0
                ? "-"
                : string.Join(", ", invoice.Payments.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Amount:0.00} {roApp.CashboxName(p.CashboxId)}")));
            output.WriteLine($"    #{invoice.Number,-7} {invoice.Client.FullName,-16} {link?.QuickBooksId ?? "-",-13} {state,-22} {roApp.StatusName(invoice.StatusId),-17} {payments}");
        }
    }
}
