using System.Globalization;
using RoApp.QuickBooksSync.Sample.DemoRoApp;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Sample.Flows;

/// <summary>
/// The money after the first send: a deposit taken on #1005 before it is in QuickBooks (an unapplied payment on
/// Priya's customer, applied once #1005 is sent), and a payment taken on #1004 by mistake and deleted in RO App
/// (voided in QuickBooks, so #1004 owes its total again), and a part of #1002 paid back to David (a QuickBooks
/// refund receipt out of the card terminal's account).
/// </summary>
internal sealed class MoneyLifecycle(DemoRoApp.DemoRoApp roApp, IQuickBooksSync sync, QuickBooksSimulator simulator, string realmId, WorkDrain drain, ConsoleProgress progress)
{
    private const string Staff = "Alex (front desk)";

    /// <summary>The deposit Priya leaves on #1005.</summary>
    public const decimal DepositAmount = 50.00m;

    /// <summary>The deposit taken on #1005 before it was sent.</summary>
    public DemoPayment? Deposit { get; private set; }

    /// <summary>The payment taken on #1004 by mistake, then deleted.</summary>
    public DemoPayment? Deleted { get; private set; }

    /// <summary>The refund on #1002.</summary>
    public DemoRefund? Refund { get; private set; }

    /// <summary>What is paid back on #1002.</summary>
    public const decimal RefundAmount = 15.00m;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var company = roApp.CompanyId;
        progress.Step("RO App -> QuickBooks: Priya leaves a deposit on #1005 before it is in QuickBooks, then #1005 is sent");
        var invoice = roApp.FindInvoice(company, "inv-1005")!;
        Deposit = roApp.RecordPayment(company, invoice.Id, DemoSeed.FrontDeskCash, DepositAmount, invoice.Date, externalReference: null).Payment;
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"RO App: {Staff} takes a {DepositAmount:0.00} deposit on #{invoice.Number} ({Deposit.Id}); #{invoice.Number} is not in QuickBooks"));
        await drain.WaitAsync("sending the deposit", cancellationToken);
        var deposit = QuickBooksPayment(Deposit.Id);
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"QuickBooks: payment {(string?)deposit?["Id"]} of {Amount(deposit, "TotalAmt"):0.00}, {Amount(deposit, "UnappliedAmt"):0.00} unapplied on the customer"));
        var outcome = await sync.SyncInvoiceNowAsync(company, invoice.Id, cancellationToken);
        progress.Detail($"SyncInvoiceNowAsync(#{invoice.Number}): {outcome.Result}, QuickBooks id {outcome.QuickBooksId ?? "-"}");
        await drain.WaitAsync("applying the deposit", cancellationToken);
        deposit = QuickBooksPayment(Deposit.Id);
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"QuickBooks: payment {(string?)deposit?["Id"]} now applied to invoice {outcome.QuickBooksId}, {Amount(deposit, "UnappliedAmt"):0.00} unapplied"));

        progress.Step("RO App -> QuickBooks: a payment taken on #1004 by mistake is deleted in RO App");
        var james = roApp.FindInvoice(company, "inv-1004")!;
        Deleted = roApp.RecordPayment(company, james.Id, DemoSeed.CardTerminal, 20.00m, james.Date, externalReference: null).Payment;
        progress.Detail($"RO App: {Staff} records 20.00 on #{james.Number} ({Deleted.Id}) instead of on another invoice");
        await drain.WaitAsync("sending the payment", cancellationToken);
        roApp.DeletePayment(company, Deleted.Id);
        progress.Detail($"RO App: {Staff} deletes {Deleted.Id}");
        await sync.PaymentDeletedAsync(company, Deleted.Id, cancellationToken);
        progress.Detail($"  -> PaymentDeletedAsync({Deleted.Id}): queued");
        await drain.WaitAsync("voiding the payment", cancellationToken);
        var voided = QuickBooksPayment(Deleted.Id);
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"QuickBooks: payment {(string?)voided?["Id"]} is now {Amount(voided, "TotalAmt"):0.00} ({(string?)voided?["PrivateNote"]})"));

        progress.Step("RO App -> QuickBooks: a screen protector on #1002 is returned and its price paid back by card");
        var paidInFull = roApp.FindInvoice(company, "inv-1002")!;
        Refund = roApp.RecordRefund(company, paidInFull.Id, DemoSeed.CardTerminal, RefundAmount, "Returned: screen protector");
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"RO App: {Staff} refunds {RefundAmount:0.00} on #{paidInFull.Number} ({Refund.Id}) to the card"));
        await sync.RefundRecordedAsync(company, Refund.Id, cancellationToken);
        progress.Detail($"  -> RefundRecordedAsync({Refund.Id}): queued");
        await drain.WaitAsync("sending the refund", cancellationToken);
        var receipt = simulator.Inspect(realmId).All("RefundReceipt").FirstOrDefault(r => ((string?)r["PrivateNote"] ?? "").Contains($"[RO App ref refund:{Refund.Id}]", StringComparison.Ordinal));
        progress.Detail(string.Create(CultureInfo.InvariantCulture, $"QuickBooks: refund receipt {(string?)receipt?["Id"]} of {Amount(receipt, "TotalAmt"):0.00} out of account {(string?)receipt?["DepositToAccountRef"]?["value"]}"));
    }

    private System.Text.Json.Nodes.JsonObject? QuickBooksPayment(string roAppPaymentId) =>
        simulator.Inspect(realmId).All("Payment").FirstOrDefault(p => ((string?)p["PrivateNote"] ?? "").Contains($"[RO App ref {roAppPaymentId}]", StringComparison.Ordinal));

    private static decimal Amount(System.Text.Json.Nodes.JsonObject? payment, string field) => payment?[field]?.GetValue<decimal>() ?? 0m;
}
