using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Books;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;
using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.Benchmarks.Soak;

/// <summary>
/// What must hold after the soak, counted on both sides: QuickBooks (the simulator's state) and RO App (the
/// soak's gateway). Prints every figure and every violation; returns the number of violations.
/// </summary>
internal sealed class SoakChecks(SoakRoApp roApp, QuickBooksSimulator simulator, string realmId, SoakMetrics metrics)
{
    private int _violations;

    public async Task<int> RunAsync(IServiceProvider services, SoakFacts facts, TimeSpan elapsed)
    {
        var books = simulator.Inspect(realmId);
        var invoices = books.All("Invoice");
        var payments = books.All("Payment");

        // 1. Every triggered RO App invoice exists exactly once in QuickBooks (found by the library's marker).
        var perInvoice = facts.Triggered.ToDictionary(id => id, id => invoices.Count(i => Note(i).Contains(InvoiceMapper.ReferenceMarker(id), StringComparison.Ordinal)), StringComparer.Ordinal);
        Report("QuickBooks invoices per RO App invoice", perInvoice.Values, facts.Triggered.Count);
        foreach (var (id, count) in perInvoice.Where(p => p.Value != 1))
        {
            Violation($"RO App invoice {id} has {count} invoices in QuickBooks (expected 1)");
        }

        var unclaimed = invoices.Count(i => !facts.Triggered.Any(id => Note(i).Contains(InvoiceMapper.ReferenceMarker(id), StringComparison.Ordinal)));
        if (unclaimed > 0)
        {
            Violation($"{unclaimed} QuickBooks invoices belong to no RO App invoice");
        }

        // 2. Edits reached QuickBooks (the re-send after the edit is not lost behind the first send).
        foreach (var id in facts.Edited)
        {
            var invoice = invoices.FirstOrDefault(i => Note(i).Contains(InvoiceMapper.ReferenceMarker(id), StringComparison.Ordinal));
            var rates = invoice?["Line"]?.AsArray().Select(l => l?["SalesItemLineDetail"]?["UnitPrice"]?.GetValue<decimal>()).ToList() ?? [];
            if (!rates.Contains(99.99m))
            {
                Violation($"edited RO App invoice {id}: QuickBooks invoice {invoice?["Id"]} does not carry the new rate 99.99");
            }
        }

        // 3. Every QuickBooks payment application on a synced invoice is recorded exactly once in RO App.
        var byQuickBooksId = facts.Links.ToDictionary(l => l.Value, l => l.Key, StringComparer.Ordinal);
        var roAppPayments = roApp.Payments;
        var expectedReferences = new HashSet<string>(StringComparer.Ordinal);
        var applications = new List<int>();
        foreach (var payment in payments.Where(p => !Note(p).StartsWith("RO App payment", StringComparison.Ordinal) && Amount(p, "TotalAmt") > 0))
        {
            var paymentId = payment["Id"]!.GetValue<string>();
            foreach (var line in payment["Line"]?.AsArray() ?? [])
            {
                foreach (var linked in line?["LinkedTxn"]?.AsArray() ?? [])
                {
                    var invoiceId = linked?["TxnId"]?.GetValue<string>();
                    if (linked?["TxnType"]?.GetValue<string>() != "Invoice" || invoiceId is null || !byQuickBooksId.ContainsKey(invoiceId))
                    {
                        continue;
                    }

                    var reference = QuickBooksPaymentReference.Create(realmId, paymentId, invoiceId);
                    expectedReferences.Add(reference);
                    var count = roAppPayments.Count(p => p.ExternalReference == reference);
                    applications.Add(count);
                    if (count != 1)
                    {
                        Violation($"QuickBooks payment {paymentId} on invoice {invoiceId} (RO App {byQuickBooksId[invoiceId]}) is recorded {count} times in RO App (expected 1)");
                    }
                }
            }
        }

        Report("RO App payments per QuickBooks payment application", applications, applications.Count);
        foreach (var stray in roAppPayments.Where(p => p.ExternalReference is { } r && !expectedReferences.Contains(r)))
        {
            Violation($"RO App payment {stray.Id} ({stray.ExternalReference}) matches no bookkeeper payment: an echo of the library's own payment or a phantom");
        }

        // 4. Every RO App payment is in QuickBooks exactly once.
        var sent = roAppPayments.Where(p => p.ExternalReference is null).ToList();
        var perPayment = sent.Select(p => payments.Count(q => Note(q).Contains($"[RO App ref {p.Id}]", StringComparison.Ordinal) && Amount(q, "TotalAmt") > 0)).ToList();
        Report("QuickBooks payments per RO App payment", perPayment, sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            if (perPayment[i] != 1)
            {
                Violation($"RO App payment {sent[i].Id} on {sent[i].InvoiceId} has {perPayment[i]} payments in QuickBooks (expected 1)");
            }
        }

        // 5. Nothing echoes: invoices the bookkeeper never touched never moved because of QuickBooks events.
        var touched = new HashSet<string>(facts.FullyPaid.Concat(facts.PartlyPaid).Concat(facts.Voided), StringComparer.Ordinal);
        var moves = roApp.StatusMoves;
        var echoes = moves.Where(m => !touched.Contains(m.InvoiceId)).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"status moves asked by the library: {moves.Count} ({moves.Count(m => touched.Contains(m.InvoiceId))} on invoices the bookkeeper changed, {echoes.Count} elsewhere)"));
        foreach (var echo in echoes)
        {
            Violation($"echo: RO App invoice {echo.InvoiceId} moved {echo.FromStatusId} -> {echo.ToStatusId} without a change in QuickBooks ({echo.Reason})");
        }

        // 6. The bookkeeper's changes arrived despite dropped webhooks (reconciliation): the mapped statuses.
        var statuses = roApp.Invoices.ToDictionary(i => i.Id, i => i.StatusId, StringComparer.Ordinal);
        Expect(facts.FullyPaid, SoakRoApp.Paid, statuses, facts.Links, "paid in full");
        Expect(facts.PartlyPaid, SoakRoApp.Paid, statuses, facts.Links, "partly paid");
        Expect(facts.Voided, SoakRoApp.Voided, statuses, facts.Links, "voided");

        // 7. Work given up.
        var dead = await services.GetRequiredService<IWorkQueueStore>().ListDeadLetteredAsync(SoakRoApp.CompanyId, 50, CancellationToken.None).ConfigureAwait(false);
        foreach (var item in dead)
        {
            Violation($"dead letter {item.Id} ({item.Kind}, {item.OrderingKey}) after {item.Attempts} attempts: {item.LastError}");
        }

        // 8. The books check, as the final count: both sides read again through the library and compared document
        // by document (totals, balances, payment amounts, duplicates, links to deleted objects).
        await using (var scope = services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<IQuickBooksSync>()
                .CheckBooksAsync(SoakRoApp.CompanyId, new BooksPeriod(new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31)), CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine($"books check: RO App {report.RoApp}; QuickBooks {report.QuickBooks}; {report.Findings.Count} findings");
            foreach (var finding in report.Findings)
            {
                Violation($"books check: {finding.Kind}: {finding.Message}");
            }
        }

        var counters = simulator.Counters;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"faults injected: {counters.FaultsInjected}; throttled (429): {counters.Throttled}; requestid replays: {counters.RequestIdReplays}; API requests: {counters.Requests}"));
        var webhookLog = simulator.Webhooks.Log;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"webhooks: {webhookLog.Count(e => e.Outcome == WebhookOutcome.Delivered)} delivered, {webhookLog.Count(e => e.Outcome == WebhookOutcome.Dropped)} dropped, {webhookLog.Count(e => e.Outcome == WebhookOutcome.Duplicated)} duplicated, {webhookLog.Count(e => e.Outcome == WebhookOutcome.Reordered)} reordered, {webhookLog.Count(e => e.Outcome == WebhookOutcome.Failed)} failed (retried); answered by no process (killed): {facts.WebhooksUnanswered}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"library: API retries {metrics.Sum("roapp.quickbooks.api.retries")} [{Join(metrics.Breakdown("roapp.quickbooks.api.retries"))}], throttled seen {metrics.Sum("roapp.quickbooks.api.throttled")}, jobs [{Join(metrics.Breakdown("roapp.quickbooks.jobs"))}], webhook events [{Join(metrics.Breakdown("roapp.quickbooks.webhook.events"))}]"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dead letters: {facts.FinalQueue.DeadLetteredCount}; bookkeeper actions refused: {facts.BookkeeperFailures}; elapsed: {elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine(_violations == 0 ? "SOAK PASSED: 0 violations" : string.Create(CultureInfo.InvariantCulture, $"SOAK FAILED: {_violations} violations"));
        return _violations;
    }

    private void Expect(IEnumerable<string> ids, string status, Dictionary<string, string> statuses, IReadOnlyDictionary<string, string> links, string what)
    {
        foreach (var id in ids.Where(links.ContainsKey))
        {
            if (statuses[id] != status)
            {
                Violation($"RO App invoice {id} ({what} in QuickBooks) is '{statuses[id]}', expected '{status}'");
            }
        }
    }

    private static void Report(string what, IEnumerable<int> counts, int expected)
    {
        var list = counts.ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {list.Count(c => c == 1)} of {expected} exactly once, {list.Count(c => c == 0)} missing, {list.Count(c => c > 1)} duplicated"));
    }

    private void Violation(string message)
    {
        _violations++;
        Console.WriteLine("VIOLATION: " + message);
    }

    private static string Note(JsonObject entity) => entity["PrivateNote"]?.GetValue<string>() ?? "";

    private static decimal Amount(JsonObject entity, string field) => entity[field]?.GetValue<decimal>() ?? 0m;

    private static string Join(IEnumerable<KeyValuePair<string, long>> parts) =>
        string.Join(", ", parts.Select(p => p.Key[(p.Key.IndexOf('|', StringComparison.Ordinal) + 1)..] + "=" + p.Value.ToString(CultureInfo.InvariantCulture)));
}
