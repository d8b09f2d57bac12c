using System.Globalization;
using RoApp.QuickBooksSync.Sample.DemoRoApp;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Sample.Flows;

/// <summary>
/// RO App → QuickBooks, as a shop's day goes: invoices reach "Awaiting payment" (the trigger status) and are
/// sent; one is sent by hand with "Sync with QuickBooks"; one is edited after sending (updated in place);
/// one is paid at the front desk (the payment goes to QuickBooks).
/// </summary>
internal sealed class RoAppToQuickBooks(DemoRoApp.DemoRoApp roApp, IQuickBooksSync sync, WorkDrain drain, ConsoleProgress progress)
{
    private const string Staff = "Alex (front desk)";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var company = roApp.CompanyId;

        progress.Step("RO App -> QuickBooks: invoices enter the trigger status 'Awaiting payment'");
        Move("inv-1001", DemoSeed.InProgress);
        Move("inv-1001", DemoSeed.AwaitingPayment);
        Move("inv-1002", DemoSeed.AwaitingPayment);
        Move("inv-1003", DemoSeed.AwaitingPayment);
        await drain.WaitAsync("sending the triggered invoices", cancellationToken);
        await PrintStateAsync(["inv-1001", "inv-1002", "inv-1003"], cancellationToken);

        progress.Step("RO App -> QuickBooks: 'Sync with QuickBooks' on #1004 (still New, so no trigger fired)");
        var outcome = await sync.SyncInvoiceNowAsync(company, "inv-1004", cancellationToken);
        progress.Detail($"SyncInvoiceNowAsync(#1004): {outcome.Result}, QuickBooks id {outcome.QuickBooksId ?? "-"}. {outcome.Message}");
        if (outcome.Fix is not null)
        {
            progress.Detail($"  fix: {outcome.Fix}");
        }

        await drain.WaitAsync("the manual sync", cancellationToken);

        progress.Step("RO App -> QuickBooks: #1002 edited after it was sent (a screen protector added)");
        roApp.EditInvoice(company, "inv-1002", invoice => invoice with { Lines = [.. invoice.Lines, new DemoInvoiceLine("Screen protector", 1, 12.00m, DemoSeed.SalesTax)] });
        progress.Detail("#1002 now has 4 lines");
        await drain.WaitAsync("updating #1002", cancellationToken);
        await PrintStateAsync(["inv-1002"], cancellationToken);

        progress.Step("RO App -> QuickBooks: #1003 paid in full at the front desk (cash), then marked Paid");
        var invoice = roApp.FindInvoice(company, "inv-1003")!;
        var total = invoice.Subtotal + roApp.TaxOf(invoice);
        var recorded = roApp.RecordPayment(company, invoice.Id, DemoSeed.FrontDeskCash, total, invoice.Date, externalReference: null);
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"RO App: payment {recorded.Payment.Id} of {total:0.00} in '{roApp.CashboxName(DemoSeed.FrontDeskCash)}'"));
        Move("inv-1003", DemoSeed.Paid);
        await drain.WaitAsync("sending the payment", cancellationToken);
    }

    private void Move(string invoiceId, string toStatusId)
    {
        var before = roApp.FindInvoice(roApp.CompanyId, invoiceId)!;
        var result = roApp.ChangeStatus(roApp.CompanyId, invoiceId, toStatusId, Staff);
        progress.Detail($"RO App: #{before.Number} '{roApp.StatusName(before.StatusId)}' -> '{roApp.StatusName(toStatusId)}': {result.Outcome}{(result.Message is null ? "" : ". " + result.Message)}");
    }

    private async Task PrintStateAsync(IEnumerable<string> invoiceIds, CancellationToken cancellationToken)
    {
        foreach (var id in invoiceIds)
        {
            var state = await sync.GetInvoiceStateAsync(roApp.CompanyId, id, cancellationToken);
            progress.Detail($"#{roApp.FindInvoice(roApp.CompanyId, id)!.Number}: {state.Status}, QuickBooks invoice {state.QuickBooksId ?? "-"}. {state.LastMessage}");
        }
    }
}
