using System.Globalization;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Testing.Bookkeeper;

namespace RoApp.QuickBooksSync.Sample.Flows;

/// <summary>
/// QuickBooks → RO App: the bookkeeper works in QuickBooks (the simulator's <see cref="QuickBooksBookkeeper"/>),
/// the simulator sends signed webhooks to the library's intake, and RO App reacts: mapped statuses, payments
/// in the chosen cashbox, and a move the demo's status rules forbid, journalled as a failure with its fix.
/// </summary>
internal sealed class QuickBooksToRoApp(DemoRoApp.DemoRoApp roApp, IQuickBooksSync sync, QuickBooksSimulator simulator, string realmId, WorkDrain drain, ConsoleProgress progress)
{
    /// <summary>The partial payment the bookkeeper takes on #1001.</summary>
    public const decimal PartialPayment = 100.00m;

    /// <summary>The full payment the bookkeeper takes on #1002: its balance in QuickBooks (QuickBooks' total, which may differ from RO App's by cents).</summary>
    public decimal FullPayment { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var bookkeeper = simulator.Bookkeeper;

        progress.Step("QuickBooks -> RO App: the bookkeeper gives James (#1004) 30 days to pay");
        var james = await QuickBooksIdAsync("inv-1004", cancellationToken);
        var due = roApp.FindInvoice(roApp.CompanyId, "inv-1004")!.Date.AddDays(30);
        bookkeeper.SetInvoiceDates(realmId, james, txnDate: null, dueDate: due);
        progress.Detail($"QuickBooks: invoice {james} due date set to {due:yyyy-MM-dd}");
        await drain.WaitAsync("processing the edit", cancellationToken);
        PrintInvoice("inv-1004");

        progress.Step("QuickBooks -> RO App: a full payment on #1002 and a partial one on #1001");
        var david = await QuickBooksIdAsync("inv-1002", cancellationToken);
        var balance = FullPayment = Balance(david);
        bookkeeper.RecordPayment(realmId, balance, [new PaymentApplication(david, balance)]);
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"QuickBooks: payment of {balance:0.00} on invoice {david} (its whole balance)"));
        var maria = await QuickBooksIdAsync("inv-1001", cancellationToken);
        bookkeeper.RecordPayment(realmId, PartialPayment, [new PaymentApplication(maria, PartialPayment)]);
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"QuickBooks: payment of {PartialPayment:0.00} on invoice {maria} (balance {Balance(maria):0.00} left)"));
        await drain.WaitAsync("processing the payments", cancellationToken);
        PrintInvoice("inv-1002");
        PrintInvoice("inv-1001");

        progress.Step("QuickBooks -> RO App: the bookkeeper voids #1003, which RO App already marked Paid");
        var emily = await QuickBooksIdAsync("inv-1003", cancellationToken);
        bookkeeper.VoidInvoice(realmId, emily);
        progress.Detail($"QuickBooks: invoice {emily} voided");
        await drain.WaitAsync("processing the void", cancellationToken);
        PrintInvoice("inv-1003");
        var state = await sync.GetInvoiceStateAsync(roApp.CompanyId, "inv-1003", cancellationToken);
        progress.Detail($"Sync state of #1003: {state.Status}. {state.LastMessage}");
        if (state.LastFix is not null)
        {
            progress.Detail($"  fix: {state.LastFix}");
        }
    }

    private async Task<string> QuickBooksIdAsync(string invoiceId, CancellationToken cancellationToken)
    {
        var state = await sync.GetInvoiceStateAsync(roApp.CompanyId, invoiceId, cancellationToken);
        return state.QuickBooksId
            ?? throw new SampleException($"RO App invoice {invoiceId} has no QuickBooks invoice ({state.Status}: {state.LastMessage}); the bookkeeper cannot work on it.");
    }

    private decimal Balance(string quickBooksInvoiceId)
    {
        var invoice = simulator.Inspect(realmId).Find("Invoice", quickBooksInvoiceId)
            ?? throw new SampleException($"The simulator has no invoice {quickBooksInvoiceId}.");
        return invoice["Balance"]!.GetValue<decimal>();
    }

    private void PrintInvoice(string invoiceId)
    {
        var invoice = roApp.FindInvoice(roApp.CompanyId, invoiceId)!;
        var payments = invoice.Payments.Count == 0
            ? "no payments"
            : string.Join(", ", invoice.Payments.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Amount:0.00} in '{roApp.CashboxName(p.CashboxId)}'")));
        progress.Detail($"RO App: #{invoice.Number} is '{roApp.StatusName(invoice.StatusId)}', {payments}");
    }
}
