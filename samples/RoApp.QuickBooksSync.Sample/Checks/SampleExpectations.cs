using System.Globalization;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Sample.DemoRoApp;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Sample.Checks;

/// <summary>
/// The sample checks its own result, so running it is an end-to-end test: each expectation is compared with
/// what RO App, QuickBooks (the simulator's books) and the journal hold at the end. Every miss is printed
/// with what differs; any miss fails the run (exit code 1).
/// </summary>
internal sealed class SampleExpectations(DemoRoApp.DemoRoApp roApp, IQuickBooksSync sync, QuickBooksSimulator simulator, string realmId, ConsoleProgress progress)
{
    private static readonly string[] Sent = ["inv-1001", "inv-1002", "inv-1003", "inv-1004", "inv-1005", "inv-1006"];
    private readonly List<string> _misses = [];
    private int _checked;

    /// <summary>What the flows did that the expectations depend on.</summary>
    public sealed record FlowFacts(string? EditedInvoiceQuickBooksId, DemoPayment RoAppPayment, decimal FullPayment, decimal PartialPayment, DemoPayment? Deposit = null, DemoPayment? DeletedPayment = null, DemoRefund? Refund = null, string? EditedOutsideTriggerQuickBooksId = null);

    public async Task VerifyAsync(FlowFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        progress.Step("Checking the result");
        var company = roApp.CompanyId;
        var books = simulator.Inspect(realmId);

        // One QuickBooks invoice per sent RO App invoice, found by the reference the library writes in the memo.
        var states = new Dictionary<string, InvoiceSyncState>(StringComparer.Ordinal);
        foreach (var id in Sent)
        {
            states[id] = await sync.GetInvoiceStateAsync(company, id, cancellationToken);
        }

        var qboInvoices = books.All("Invoice");
        foreach (var id in Sent)
        {
            var carrying = qboInvoices.Where(i => Note(i).Contains($"[RO App ref {id}]", StringComparison.Ordinal)).Select(i => (string)i["Id"]!).ToList();
            Expect($"#{Number(id)} is one QuickBooks invoice{(id == "inv-1005" ? " (never triggered: sent by hand after its deposit)" : "")}", carrying.Count == 1 && carrying[0] == states[id].QuickBooksId,
                $"QuickBooks invoices carrying its reference: [{string.Join(", ", carrying)}], linked: {states[id].QuickBooksId ?? "none"}");
        }

        Expect("QuickBooks holds 6 invoices", qboInvoices.Count == 6, $"it holds {qboInvoices.Count}");

        // A discount reaches QuickBooks as its discount line, not folded into the rate, and the totals agree.
        var discounted = states["inv-1005"].QuickBooksId is { } discountedId ? books.Find("Invoice", discountedId) : null;
        var discountLine = discounted?["Line"]?.AsArray().FirstOrDefault(l => (string?)l?["DetailType"] == "DiscountLineDetail");
        var expectedTotal = roApp.FindInvoice(company, "inv-1005")!.Subtotal;
        Expect(string.Create(CultureInfo.InvariantCulture, $"#1005's 10% off the diagnostics is a QuickBooks discount line of 2.50, and it totals {expectedTotal:0.00} as in RO App"),
            discountLine is not null && discountLine["Amount"]!.GetValue<decimal>() == 2.50m && discounted!["TotalAmt"]!.GetValue<decimal>() == expectedTotal,
            discounted is null ? "no QuickBooks invoice" : $"discount line {discountLine?["Amount"]?.ToString() ?? "missing"}, total {discounted["TotalAmt"]}");

        // A cancellation in RO App voids the QuickBooks invoice (zero amounts, "Voided" before the memo), and only once.
        var cancelled = states["inv-1006"].QuickBooksId is { } cancelledId ? books.Find("Invoice", cancelledId) : null;
        Expect("#1006, cancelled in RO App, is voided in QuickBooks",
            cancelled is not null && cancelled["TotalAmt"]!.GetValue<decimal>() == 0m && ((string?)cancelled["PrivateNote"] ?? "").StartsWith("Voided", StringComparison.Ordinal),
            cancelled is null ? "no QuickBooks invoice" : $"total {cancelled["TotalAmt"]}, memo {(string?)cancelled["PrivateNote"]}");

        // The edit made in RO App after sending updated the same QuickBooks invoice.
        var edited = states["inv-1002"].QuickBooksId is { } editedId ? books.Find("Invoice", editedId) : null;
        var salesLines = edited?["Line"]?.AsArray().Count(l => (string?)l?["DetailType"] == "SalesItemLineDetail") ?? 0;
        Expect("#1002 was updated in place (same QuickBooks invoice, 4 lines)", facts.EditedInvoiceQuickBooksId is not null && states["inv-1002"].QuickBooksId == facts.EditedInvoiceQuickBooksId && salesLines == 4,
            $"QuickBooks id before the edit {facts.EditedInvoiceQuickBooksId ?? "none"}, after {states["inv-1002"].QuickBooksId ?? "none"}, lines {salesLines}");
        var charger = qboInvoices.FirstOrDefault(i => (string?)i["Id"] == states["inv-1004"].QuickBooksId)?["Line"]?.AsArray()
            .Any(l => (string?)l?["Description"] == "Charger") == true;
        Expect("#1004, edited while New (no trigger status), was updated in place with the charger",
            facts.EditedOutsideTriggerQuickBooksId is not null && states["inv-1004"].QuickBooksId == facts.EditedOutsideTriggerQuickBooksId && charger,
            $"QuickBooks id before the edit {facts.EditedOutsideTriggerQuickBooksId ?? "none"}, after {states["inv-1004"].QuickBooksId ?? "none"}, charger line {(charger ? "present" : "missing")}");

        // Each invoice carries its branch as its QuickBooks Location; #1004 was made at the second one.
        var wrongLocation = Sent
            .Select(id => (Id: id, Want: roApp.FindInvoice(company, id)!.Location, Has: (string?)(states[id].QuickBooksId is { } q ? books.Find("Invoice", q) : null)?["DepartmentRef"]?["name"]))
            .Where(x => x.Want != x.Has).Select(x => $"#{Number(x.Id)} is at '{x.Has ?? "no location"}', not '{x.Want}'").ToList();
        var secondBranch = states["inv-1004"].QuickBooksId is { } second ? (string?)books.Find("Invoice", second)?["DepartmentRef"]?["name"] : null;
        Expect($"every invoice carries its RO App location as its QuickBooks Location, #1004 the second branch ({DemoRoApp.DemoRoApp.SecondLocation})",
            wrongLocation.Count == 0 && secondBranch == DemoRoApp.DemoRoApp.SecondLocation, string.Join("; ", wrongLocation));

        // Statuses as mapped; a refused move leaves the invoice where it was.
        ExpectStatus("inv-1001", DemoSeed.AwaitingPayment, "a partial payment: QuickBooks says 129.59 is still owed, so not Paid");
        ExpectStatus("inv-1002", DemoSeed.Paid, "Payment created -> Paid");
        ExpectStatus("inv-1003", DemoSeed.Paid, "marked Paid in RO App; the void's move to Canceled is refused by the rules");
        ExpectStatus("inv-1004", DemoSeed.InProgress, "Invoice updated -> In progress");
        ExpectStatus("inv-1005", DemoSeed.New, "untouched");

        // No echo: QuickBooks moved exactly the invoices the bookkeeper touched, never because of the library's own writes.
        var byQuickBooks = roApp.Invoices(company)
            .SelectMany(i => i.History.Where(h => h.By.StartsWith("QuickBooks:", StringComparison.Ordinal)).Select(h => $"#{i.Number}->{roApp.StatusName(h.ToStatusId)}"))
            .Order(StringComparer.Ordinal).ToList();
        string[] expectedMoves = ["#1002->Paid", "#1004->In progress"];
        Expect("QuickBooks moved only what the bookkeeper changed (no echo of the library's own writes)", byQuickBooks.SequenceEqual(expectedMoves, StringComparer.Ordinal),
            $"moves caused by QuickBooks: [{string.Join(", ", byQuickBooks)}], expected [{string.Join(", ", expectedMoves)}]");

        // Payments recorded once, in the right cashbox.
        ExpectPayments("inv-1001", (facts.PartialPayment, DemoSeed.CardTerminal, true));
        ExpectPayments("inv-1002", (facts.FullPayment, DemoSeed.CardTerminal, true));
        ExpectPayments("inv-1003", (facts.RoAppPayment.Amount, DemoSeed.FrontDeskCash, false));
        ExpectPayments("inv-1004");
        ExpectPayments("inv-1005", (50.00m, DemoSeed.FrontDeskCash, false));

        // QuickBooks holds the bookkeeper's two payments and the one taken in RO App, once each; nothing recorded
        // from QuickBooks went back as a new payment.
        var qboPayments = books.All("Payment");
        var fromRoApp = qboPayments.Where(p => Note(p).Contains($"[RO App ref {facts.RoAppPayment.Id}]", StringComparison.Ordinal)).ToList();
        Expect($"RO App payment {facts.RoAppPayment.Id} is one QuickBooks payment", fromRoApp.Count == 1, $"QuickBooks payments carrying its reference: {fromRoApp.Count}");
        var paymentBranch = fromRoApp.Count == 1 ? (string?)fromRoApp[0]["DepartmentRef"]?["name"] : null;
        Expect($"it carries its invoice's branch ({DemoRoApp.DemoRoApp.MainLocation}) as its QuickBooks Location", paymentBranch == DemoRoApp.DemoRoApp.MainLocation,
            $"its location is '{paymentBranch ?? "none"}'");
        var echoed = roApp.Invoices(company).SelectMany(i => i.Payments).Where(p => p.ExternalReference is not null)
            .Where(p => qboPayments.Any(q => Note(q).Contains($"[RO App ref {p.Id}]", StringComparison.Ordinal))).Select(p => p.Id).ToList();
        Expect("no payment recorded from QuickBooks was sent back to it", echoed.Count == 0 && qboPayments.Count == 5,
            $"RO App payments recorded from QuickBooks (RecordPaymentAsync) and then reported by the host (PaymentRecordedAsync) that QuickBooks " +
            $"now holds again as new payments: [{string.Join(", ", echoed)}]; QuickBooks holds {qboPayments.Count} payments, expected 5 " +
            "(two from the bookkeeper, three taken in RO App: #1003's, #1005's deposit and #1004's deleted one)");

        // The deposit taken before #1005 was in QuickBooks is applied to it now; the payment deleted in RO App is voided.
        var deposit = facts.Deposit is null ? null : qboPayments.FirstOrDefault(p => Note(p).Contains($"[RO App ref {facts.Deposit.Id}]", StringComparison.Ordinal));
        var appliedTo = (string?)deposit?["Line"]?[0]?["LinkedTxn"]?[0]?["TxnId"];
        Expect("#1005's deposit is applied to its QuickBooks invoice, nothing left unapplied",
            deposit is not null && appliedTo == states["inv-1005"].QuickBooksId && deposit["UnappliedAmt"]?.GetValue<decimal>() == 0m,
            deposit is null ? "no QuickBooks payment carries the deposit's reference" : $"applied to {appliedTo ?? "nothing"}, unapplied {deposit["UnappliedAmt"]}");
        var deleted = facts.DeletedPayment is null ? null : qboPayments.FirstOrDefault(p => Note(p).Contains($"[RO App ref {facts.DeletedPayment.Id}]", StringComparison.Ordinal));
        var james = states["inv-1004"].QuickBooksId is { } jamesId ? books.Find("Invoice", jamesId) : null;
        Expect("the payment deleted in RO App is voided in QuickBooks, and #1004 owes its total again",
            deleted is not null && deleted["TotalAmt"]?.GetValue<decimal>() == 0m && Note(deleted).StartsWith("Voided", StringComparison.Ordinal)
                && james?["Balance"]?.GetValue<decimal>() == james?["TotalAmt"]?.GetValue<decimal>(),
            deleted is null ? "no QuickBooks payment carries its reference" : $"amount {deleted["TotalAmt"]}, memo '{Note(deleted)}', #1004 balance {james?["Balance"]} of {james?["TotalAmt"]}");

        // The refund: one QuickBooks refund receipt carrying its reference, for its amount, on #1002's customer.
        if (facts.Refund is { } refund)
        {
            var receipts = books.All("RefundReceipt").Where(r => ((string?)r["PrivateNote"] ?? "").Contains($"[RO App ref refund:{refund.Id}]", StringComparison.Ordinal)).ToList();
            var invoiceCustomer = (string?)qboInvoices.FirstOrDefault(i => (string?)i["Id"] == states["inv-1002"].QuickBooksId)?["CustomerRef"]?["value"];
            Expect(string.Create(CultureInfo.InvariantCulture, $"the {refund.Amount:0.00} refund on #1002 is one QuickBooks refund receipt on its customer"),
                receipts.Count == 1 && receipts[0]["TotalAmt"]!.GetValue<decimal>() == refund.Amount && (string?)receipts[0]["CustomerRef"]?["value"] == invoiceCustomer,
                string.Create(CultureInfo.InvariantCulture, $"{receipts.Count} refund receipts carry its reference"));
        }

        // The journal: the refused move is a clear failure with its fix, and nothing else failed.
        var failures = await FailuresAsync(company, cancellationToken);
        var refusal = failures.FirstOrDefault(e => e.RoAppEntityId == "inv-1003" && e.Direction == JournalDirection.Inbound);
        Expect("the refused move of #1003 is journalled as failed, naming both statuses and the fix",
            refusal is not null && refusal.Message.Contains("'Paid'", StringComparison.Ordinal) && refusal.Message.Contains("'Canceled'", StringComparison.Ordinal) && refusal.Fix is not null,
            refusal is null ? "no failed inbound entry for inv-1003" : $"message: {refusal.Message}; fix: {refusal.Fix ?? "none"}");
        var others = failures.Where(e => e != refusal).Select(e => $"{e.Direction} {e.Operation} {e.RoAppEntityId}: {e.Outcome} ({Shorten(e.Message)})").ToList();
        Expect("nothing else failed", others.Count == 0, string.Join("; ", others));

        // The books check, as a shop would run it at month end: both sides read again and compared document by document.
        var today = DateOnly.FromDateTime(DateTime.Today);
        var report = await sync.CheckBooksAsync(company, new Books.BooksPeriod(today.AddDays(-40), today.AddDays(40)), cancellationToken);
        progress.Detail($"Books check: RO App {report.RoApp}; QuickBooks {report.QuickBooks}");
        foreach (var finding in report.Findings)
        {
            progress.Detail($"  {finding.Kind} ({finding.Fix}): {finding.Message}");
        }

        // The flows leave two true disagreements on purpose, and the check must name exactly those: #1002's cent of
        // tax rounding (RO App per unit, QuickBooks per line) and #1003, voided by the bookkeeper while RO App's
        // rules refused to cancel it. Payments agree to the cent.
        var found = report.Findings.Select(f => (f.RoAppId, f.Kind, f.Fix)).Order().ToList();
        (string?, Books.BooksFindingKind, Books.BooksFix)[] known =
        [
            ("inv-1002", Books.BooksFindingKind.TotalDiffers, Books.BooksFix.None),
            ("inv-1003", Books.BooksFindingKind.VoidedInQuickBooks, Books.BooksFix.None),
        ];
        Expect("the books check names only the two disagreements the flows made, and the payments and refunds agree",
            found.SequenceEqual(known) && report.RoApp.PaymentTotal == report.QuickBooks.PaymentTotal && report.RoApp.Payments == report.QuickBooks.Payments
                && report.RoApp.Refunds == report.QuickBooks.Refunds && report.RoApp.RefundTotal == report.QuickBooks.RefundTotal && report.RoApp.Refunds == (facts.Refund is null ? 0 : 1),
            report.ToString());

        if (_misses.Count > 0)
        {
            throw new SampleException(
                $"{_misses.Count} of {_checked} expectations missed:{Environment.NewLine}{string.Join(Environment.NewLine, _misses.Select(m => "  - " + m))}");
        }

        progress.Detail($"All {_checked} expectations met.");
    }

    private async Task<List<JournalEntry>> FailuresAsync(string companyId, CancellationToken cancellationToken)
    {
        var page = await sync.QueryJournalAsync(
            new JournalQuery { CompanyId = companyId, Outcomes = [JournalOutcome.Failed, JournalOutcome.Dead], Limit = 100 }, cancellationToken);
        return [.. page.Entries];
    }

    private void ExpectStatus(string invoiceId, string statusId, string why)
    {
        var actual = roApp.FindInvoice(roApp.CompanyId, invoiceId)!.StatusId;
        Expect($"#{Number(invoiceId)} is '{roApp.StatusName(statusId)}' ({why})", actual == statusId, $"it is '{roApp.StatusName(actual)}'");
    }

    private void ExpectPayments(string invoiceId, params (decimal Amount, string CashboxId, bool FromQuickBooks)[] expected)
    {
        var actual = roApp.FindInvoice(roApp.CompanyId, invoiceId)!.Payments;
        var matches = actual.Count == expected.Length && actual.Zip(expected).All(p =>
            p.First.Amount == p.Second.Amount && p.First.CashboxId == p.Second.CashboxId && p.First.ExternalReference is not null == p.Second.FromQuickBooks);
        Expect($"#{Number(invoiceId)} has {(expected.Length == 0 ? "no payments" : Describe(expected.Select(e => (e.Amount, e.CashboxId))))}", matches,
            $"it has {(actual.Count == 0 ? "none" : Describe(actual.Select(p => (p.Amount, p.CashboxId))))}");
    }

    private string Describe(IEnumerable<(decimal Amount, string CashboxId)> payments) =>
        string.Join(", ", payments.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Amount:0.00} in '{roApp.CashboxName(p.CashboxId)}'")));

    private void Expect(string what, bool met, string otherwise)
    {
        _checked++;
        progress.Detail($"{(met ? "ok  " : "MISS")} {what}");
        if (!met)
        {
            progress.Detail($"     {otherwise}");
            _misses.Add($"{what}: {otherwise}");
        }
    }

    private string Number(string invoiceId) => roApp.FindInvoice(roApp.CompanyId, invoiceId)?.Number ?? invoiceId;

    private static string Shorten(string message) => message.Length <= 160 ? message : message[..160] + "...";

    private static string Note(JsonObject entity) => (string?)entity["PrivateNote"] ?? "";
}
