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

    /// <summary>The QuickBooks id of #1002 before it was edited in RO App (an update in place keeps it).</summary>
    public string? EditedInvoiceQuickBooksId { get; private set; }

    /// <summary>#1004's QuickBooks invoice when it was edited in a status that sends nothing.</summary>
    public string? EditedOutsideTriggerQuickBooksId { get; private set; }

    /// <summary>The payment taken in RO App, which must reach QuickBooks once.</summary>
    public DemoPayment? RoAppPayment { get; private set; }

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
        EditedInvoiceQuickBooksId = (await sync.GetInvoiceStateAsync(company, "inv-1002", cancellationToken)).QuickBooksId;
        roApp.EditInvoice(company, "inv-1002", invoice => invoice with { Lines = [.. invoice.Lines, new DemoInvoiceLine("Screen protector", 1, 12.00m, DemoSeed.SalesTax)] });
        progress.Detail("#1002 now has 4 lines");
        await drain.WaitAsync("updating #1002", cancellationToken);
        await PrintStateAsync(["inv-1002"], cancellationToken);

        // The status triggers only the first send: an edit of a synced invoice reaches QuickBooks in any status.
        progress.Step("RO App -> QuickBooks: #1004 (still New, sent by hand) edited: a charger added");
        EditedOutsideTriggerQuickBooksId = (await sync.GetInvoiceStateAsync(company, "inv-1004", cancellationToken)).QuickBooksId;
        roApp.EditInvoice(company, "inv-1004", invoice => invoice with { Lines = [.. invoice.Lines, new DemoInvoiceLine("Charger", 1, 19.00m, DemoSeed.SalesTax)] });
        await drain.WaitAsync("updating #1004", cancellationToken);
        await PrintStateAsync(["inv-1004"], cancellationToken);

        progress.Step("RO App -> QuickBooks: #1006 is sent, then Maria cancels the repair and #1006 is cancelled in RO App");
        Move("inv-1006", DemoSeed.InProgress);
        Move("inv-1006", DemoSeed.AwaitingPayment);
        await drain.WaitAsync("sending #1006", cancellationToken);
        Move("inv-1006", DemoSeed.Canceled);
        await drain.WaitAsync("voiding #1006", cancellationToken);
        await PrintStateAsync(["inv-1006"], cancellationToken);

        progress.Step("RO App -> QuickBooks: #1003 paid in full at the front desk (cash), then marked Paid");
        var invoice = roApp.FindInvoice(company, "inv-1003")!;
        var total = invoice.Subtotal + roApp.TaxOf(invoice);
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"RO App: {Staff} takes {total:0.00} in cash for #{invoice.Number}"));
        var recorded = roApp.RecordPayment(company, invoice.Id, DemoSeed.FrontDeskCash, total, invoice.Date, externalReference: null);
        RoAppPayment = recorded.Payment;
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"RO App: recorded as payment {recorded.Payment.Id} in '{roApp.CashboxName(DemoSeed.FrontDeskCash)}'"));
        Move("inv-1003", DemoSeed.Paid);
        await drain.WaitAsync("sending the payment", cancellationToken);
    }

    private void Move(string invoiceId, string toStatusId)
    {
        var before = roApp.FindInvoice(roApp.CompanyId, invoiceId)!;
        progress.Detail($"RO App: {Staff} moves #{before.Number} from '{roApp.StatusName(before.StatusId)}' to '{roApp.StatusName(toStatusId)}'");
        var result = roApp.ChangeStatus(roApp.CompanyId, invoiceId, toStatusId, Staff);
        if (result.Outcome != DemoStatusChangeOutcome.Changed)
        {
            throw new SampleException($"The demo RO App did not move #{before.Number}: {result.Outcome}. {result.Message}");
        }
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
