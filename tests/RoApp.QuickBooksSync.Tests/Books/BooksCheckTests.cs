using RoApp.QuickBooksSync.Books;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Tests.Outbound;
using static RoApp.QuickBooksSync.Tests.Outbound.InvoiceSendTests;

namespace RoApp.QuickBooksSync.Tests.Books;

/// <summary>
/// The books check: both sides read over a month, every drift a bookkeeper or a lost write can make is named, and
/// the fixes the library offers bring the two sets of books back into agreement.
/// </summary>
public sealed class BooksCheckTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly BooksPeriod March = BooksPeriod.Month(2026, 3);

    private static RoAppPaymentSnapshot Pay(string id, string invoiceId, decimal amount) =>
        new() { Id = id, InvoiceId = invoiceId, Amount = amount, Date = new DateOnly(2026, 3, 3), CashboxId = "till" };

    private static void Put(OutboundHarness h, RoAppPaymentSnapshot payment)
    {
        lock (h.Gateway.Payments)
        {
            h.Gateway.Payments[payment.Id] = payment;
        }
    }

    private static async Task<OutboundHarness> StartAsync()
    {
        var h = await OutboundHarness.StartAsync();
        await h.SaveSettingsAsync(s => s with
        {
            DepositAccountIdsByCashboxId = new Dictionary<string, string> { ["till"] = h.Company.BankAccountId },
            PaymentMethodMappings = [new("Cash", "Cash")],
        });
        return h;
    }

    /// <summary>Invoices sent, each with a payment of 50 sent after it, all drained.</summary>
    private static async Task<Dictionary<string, string>> SendAsync(OutboundHarness h, params string[] invoiceIds)
    {
        var quickBooksIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in invoiceIds)
        {
            h.AddInvoice(id);
            quickBooksIds[id] = (await h.Sync.SyncInvoiceNowAsync(Company, id, None)).QuickBooksId!;
            Put(h, Pay("pay-" + id, id, 50m));
            await h.Sync.PaymentRecordedAsync(Company, "pay-" + id, id, None);
        }

        await h.DrainAsync();
        return quickBooksIds;
    }

    private static string PaymentIdOf(OutboundHarness h, string roAppPaymentId) =>
        Str(h.Sim.Inspect(h.RealmId).All("Payment").Single(p => Str(p["PrivateNote"])!.Contains($"[RO App ref {roAppPaymentId}]", StringComparison.Ordinal))["Id"])!;

    private static bool QuickBooksVoided(OutboundHarness h, string invoiceId) =>
        Str(h.Sim.Inspect(h.RealmId).Find("Invoice", invoiceId)!["PrivateNote"])?.StartsWith("Voided", StringComparison.Ordinal) == true;

    /// <summary>Applies every fix offered, drains, checks again; repeats while fixes are offered (at most three rounds).</summary>
    private static async Task<(BooksCheckReport After, int Rounds)> MendAsync(OutboundHarness h, BooksCheckReport report)
    {
        var rounds = 0;
        while (rounds < 3 && report.Findings.Any(f => f.Fix != BooksFix.None))
        {
            rounds++;
            foreach (var finding in report.Findings.Where(f => f.Fix != BooksFix.None))
            {
                Assert.Equal(BooksFixResult.Queued, await h.Sync.ApplyBooksFixAsync(Company, finding, None));
            }

            await h.DrainAsync();
            report = await h.Sync.CheckBooksAsync(Company, March, None);
        }

        return (report, rounds);
    }

    [Fact]
    public async Task Books_the_library_kept_agree_and_the_totals_match_on_both_sides()
    {
        await using var h = await StartAsync();
        await SendAsync(h, "1001", "1002");
        lock (h.Gateway.Refunds)
        {
            h.Gateway.Refunds["ref-1"] = new RoAppRefundSnapshot { Id = "ref-1", InvoiceId = "1001", Kind = RoAppRefundKind.CashBack, Amount = 20m, Date = new DateOnly(2026, 3, 5), CashboxId = "till", Method = "Cash" };
        }

        await h.Sync.RefundRecordedAsync(Company, "ref-1", None);
        await h.DrainAsync();

        var report = await h.Sync.CheckBooksAsync(Company, March, None);

        Assert.True(report.Agree, report.ToString());
        Assert.Equal(report.RoApp, report.QuickBooks);
        Assert.Equal(new BooksTotals(2, 2 * 159.25m, 2, 100m, 1, 20m), report.RoApp);
    }

    [Fact]
    public async Task Every_drift_a_bookkeeper_can_make_is_found_and_the_offered_fixes_make_the_books_agree()
    {
        await using var h = await StartAsync();
        var qb = await SendAsync(h, "1001", "1002", "1003", "1004", "1005");
        var book = h.Sim.Bookkeeper;

        // 1001: lines changed in QuickBooks. 1002: deleted in QuickBooks. 1003: deleted in RO App (its payment too).
        book.ReplaceInvoiceLines(h.RealmId, qb["1001"], [new InvoiceLineInput(h.Company.ServiceItemId, 1, 90m)]);
        book.DeletePayment(h.RealmId, PaymentIdOf(h, "pay-1002"));
        book.DeleteInvoice(h.RealmId, qb["1002"]);
        lock (h.Gateway.Invoices)
        {
            h.Gateway.Invoices.Remove("1003");
        }

        lock (h.Gateway.Payments)
        {
            h.Gateway.Payments.Remove("pay-1003");
        }

        // 1004: a second copy carrying its reference. 1005: its payment changed to 45 in QuickBooks.
        var original = h.Sim.Inspect(h.RealmId).Find("Invoice", qb["1004"])!;
        var copy = book.CreateInvoice(h.RealmId, Str(original["CustomerRef"]!["value"])!, [new InvoiceLineInput(h.Company.ServiceItemId, 1, 159.25m)]);
        book.EditInvoice(h.RealmId, Str(copy["Id"])!, i => i["PrivateNote"] = "RO App invoice INV-1004 [RO App ref 1004]");
        book.EditPayment(h.RealmId, PaymentIdOf(h, "pay-1005"), p =>
        {
            p["TotalAmt"] = 45m;
            p["Line"]![0]!["Amount"] = 45m;
        });

        // 1006: in a status that sends it, never sent.
        h.AddInvoice("1006");

        var report = await h.Sync.CheckBooksAsync(Company, March, None);

        Assert.False(report.Agree);
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.TotalDiffers, RoAppId: "1001", Fix: BooksFix.SendAgain, RoAppAmount: 159.25m, QuickBooksAmount: 90m });
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.LinkToDeletedObject, EntityType: SyncedEntityType.Invoice, RoAppId: "1002", Fix: BooksFix.SendAgain });
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.LinkToDeletedObject, EntityType: SyncedEntityType.Payment, RoAppId: "pay-1002", Fix: BooksFix.SendAgain });
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.MissingInRoApp, EntityType: SyncedEntityType.Invoice, RoAppId: "1003", Fix: BooksFix.VoidInQuickBooks } && f.QuickBooksId == qb["1003"]);
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.MissingInRoApp, EntityType: SyncedEntityType.Payment, RoAppId: "pay-1003", Fix: BooksFix.VoidInQuickBooks });
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.Duplicate, RoAppId: "1004", Fix: BooksFix.RemoveDuplicate } && f.QuickBooksId == Str(copy["Id"]));
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.AmountDiffers, RoAppId: "pay-1005", Fix: BooksFix.SendAgain, RoAppAmount: 50m, QuickBooksAmount: 45m });
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.BalanceDiffers, RoAppId: "1005", RoAppAmount: 109.25m, QuickBooksAmount: 114.25m });
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.MissingInQuickBooks, RoAppId: "1006", Fix: BooksFix.SendAgain });
        Assert.All(report.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Message)));

        foreach (var finding in report.Findings.Where(f => f.Fix != BooksFix.None))
        {
            Assert.Equal(BooksFixResult.Queued, await h.Sync.ApplyBooksFixAsync(Company, finding, None));
        }

        await h.DrainAsync();
        var after = await h.Sync.CheckBooksAsync(Company, March, None);

        var journal = string.Join("\n", (await h.JournalAsync("1003")).Select(e => $"{e.Operation} {e.Outcome} {e.Message} {e.Fix}"));
        Assert.True(after.Agree, after + "\n" + journal);
        Assert.Equal(after.RoApp, after.QuickBooks);
        var live = h.Invoices.Where(i => !Str(i["PrivateNote"])!.StartsWith("Voided", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, live.Count); // 1001, 1002 (sent again), 1004 (one copy), 1005, 1006
    }

    [Fact]
    public async Task A_refund_deleted_in_QuickBooks_and_a_lost_invoice_link_are_mended()
    {
        await using var h = await StartAsync();
        var qb = await SendAsync(h, "1001");
        lock (h.Gateway.Refunds)
        {
            h.Gateway.Refunds["ref-1"] = new RoAppRefundSnapshot { Id = "ref-1", InvoiceId = "1001", Kind = RoAppRefundKind.CashBack, Amount = 20m, Date = new DateOnly(2026, 3, 5), CashboxId = "till", Method = "Cash" };
        }

        await h.Sync.RefundRecordedAsync(Company, "ref-1", None);
        await h.DrainAsync();
        var receipt = Assert.Single(h.Sim.Inspect(h.RealmId).All("RefundReceipt"));
        h.Sim.Bookkeeper.DeleteRefundReceipt(h.RealmId, Str(receipt["Id"])!);
        var link = (await h.Links.GetByRoAppIdAsync(Company, h.RealmId, SyncedEntityType.Invoice, "1001", None))!;
        Assert.True(await h.Links.SaveAsync(link with { State = LinkState.DeletedInQuickBooks }, link.Version, None)); // as a store restored from an old backup would hold

        var report = await h.Sync.CheckBooksAsync(Company, March, None);

        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.LinkToDeletedObject, EntityType: SyncedEntityType.Refund, RoAppId: "ref-1", Fix: BooksFix.SendAgain, QuickBooksEntity: "RefundReceipt" });
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.NotLinked, RoAppId: "1001", Fix: BooksFix.Relink } && f.QuickBooksId == qb["1001"]);
        // The refund is sent again on its invoice, whose link is mended in the same round: when the refund's send
        // runs first it is refused ("invoice not in QuickBooks") and the next round sends it.
        var (after, rounds) = await MendAsync(h, report);

        var journal = string.Join("\n", (await h.JournalAsync("ref-1", SyncedEntityType.Refund)).Select(e => $"{e.Operation} {e.Outcome} {e.Message} {e.Fix}"));
        Assert.True(after.Agree, after + "\n" + journal);
        Assert.InRange(rounds, 1, 2);
        Assert.Single(h.Invoices);
        Assert.Equal(20m, Num(Assert.Single(h.Sim.Inspect(h.RealmId).All("RefundReceipt"))["TotalAmt"]));
        Assert.Equal(qb["1001"], (await h.Links.GetByRoAppIdAsync(Company, h.RealmId, SyncedEntityType.Invoice, "1001", None))!.QuickBooksId);
    }

    [Fact]
    public async Task An_invoice_voided_or_redated_by_the_bookkeeper_is_named_and_a_redated_one_is_moved_back()
    {
        await using var h = await StartAsync();
        var qb = await SendAsync(h, "1001", "1002");
        h.Sim.Bookkeeper.VoidPayment(h.RealmId, PaymentIdOf(h, "pay-1001"));
        h.Sim.Bookkeeper.VoidInvoice(h.RealmId, qb["1001"]);
        h.Sim.Bookkeeper.SetInvoiceDates(h.RealmId, qb["1002"], new DateOnly(2026, 4, 2), null);

        var report = await h.Sync.CheckBooksAsync(Company, March, None);

        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.VoidedInQuickBooks, RoAppId: "1001", Fix: BooksFix.None, QuickBooksAmount: 0m });
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.VoidedInQuickBooks, EntityType: SyncedEntityType.Payment, RoAppId: "pay-1001" });
        var redated = Assert.Single(report.Findings, f => f.Kind == BooksFindingKind.DateDiffers);
        Assert.Equal(("1002", BooksFix.SendAgain), (redated.RoAppId, redated.Fix));

        Assert.Equal(BooksFixResult.Queued, await h.Sync.ApplyBooksFixAsync(Company, redated, None));
        await h.DrainAsync();

        Assert.Equal("2026-03-02", Str(h.Sim.Inspect(h.RealmId).Find("Invoice", qb["1002"])!["TxnDate"]));
        Assert.DoesNotContain((await h.Sync.CheckBooksAsync(Company, March, None)).Findings, f => f.RoAppId == "1002");
    }

    [Fact]
    public async Task A_cent_of_tax_rounding_is_named_with_no_fix_since_sending_again_cannot_change_it()
    {
        await using var h = await StartAsync();
        h.AddInvoice("1001", lines: [new("Cable ties", 7, 1.05m, 7.35m, OutboundHarness.SalesTax)]); // RO App: 7 × 0.09 of tax; QuickBooks: 0.61 on the line
        await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        var finding = Assert.Single((await h.Sync.CheckBooksAsync(Company, March, None)).Findings);

        Assert.Equal((BooksFindingKind.TotalDiffers, BooksFix.None, 7.98m, 7.96m), (finding.Kind, finding.Fix, finding.RoAppAmount, finding.QuickBooksAmount));
        Assert.Contains("tax differs by 0.02", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Applying_the_same_fix_twice_changes_QuickBooks_once()
    {
        await using var h = await StartAsync();
        var qb = await SendAsync(h, "1001");
        var book = h.Sim.Bookkeeper;
        var original = h.Sim.Inspect(h.RealmId).Find("Invoice", qb["1001"])!;
        var copy = book.CreateInvoice(h.RealmId, Str(original["CustomerRef"]!["value"])!, [new InvoiceLineInput(h.Company.ServiceItemId, 1, 159.25m)]);
        book.EditInvoice(h.RealmId, Str(copy["Id"])!, i => i["PrivateNote"] = "RO App invoice INV-1001 [RO App ref 1001]");
        var duplicate = Assert.Single((await h.Sync.CheckBooksAsync(Company, March, None)).Findings);

        await h.Sync.ApplyBooksFixAsync(Company, duplicate, None);
        await h.Sync.ApplyBooksFixAsync(Company, duplicate, None);
        await h.DrainAsync();
        await h.Sync.ApplyBooksFixAsync(Company, duplicate, None);
        await h.DrainAsync();

        Assert.Equal(1, h.Sim.RequestLog.Count(r => r.Method == "POST" && r.Path.EndsWith("/invoice", StringComparison.Ordinal) && r.Query.Contains("operation=void", StringComparison.Ordinal)));
        Assert.True(QuickBooksVoided(h, Str(copy["Id"])!));
        Assert.False(QuickBooksVoided(h, qb["1001"]));
        Assert.Equal(qb["1001"], (await h.Links.GetByRoAppIdAsync(Company, h.RealmId, SyncedEntityType.Invoice, "1001", None))!.QuickBooksId);
        Assert.True((await h.Sync.CheckBooksAsync(Company, March, None)).Agree);
    }

    [Fact]
    public async Task A_payment_taken_in_QuickBooks_that_RO_App_never_recorded_is_named_and_left_to_the_inbound_sync()
    {
        await using var h = await StartAsync();
        var qb = await SendAsync(h, "1001");
        var taken = h.Sim.Bookkeeper.RecordPayment(h.RealmId, 30m, [new PaymentApplication(qb["1001"], 30m)]);

        var report = await h.Sync.CheckBooksAsync(Company, March, None);

        var finding = Assert.Single(report.Findings, f => f.Kind == BooksFindingKind.MissingInRoApp);
        Assert.Equal((SyncedEntityType.Payment, Str(taken["Id"]), 30m, BooksFix.None), (finding.EntityType, finding.QuickBooksId, finding.QuickBooksAmount, finding.Fix));
        Assert.Contains(report.Findings, f => f is { Kind: BooksFindingKind.BalanceDiffers, RoAppId: "1001", RoAppAmount: 109.25m, QuickBooksAmount: 79.25m });
        Assert.Equal(BooksFixResult.NoFix, await h.Sync.ApplyBooksFixAsync(Company, finding, None));
    }

    [Fact]
    public async Task A_void_fix_is_refused_once_the_invoice_is_back_in_RO_App()
    {
        await using var h = await StartAsync();
        var qb = await SendAsync(h, "1001");
        RoAppInvoiceSnapshot removed;
        lock (h.Gateway.Invoices)
        {
            removed = h.Gateway.Invoices["1001"];
            h.Gateway.Invoices.Remove("1001");
        }

        var finding = Assert.Single((await h.Sync.CheckBooksAsync(Company, March, None)).Findings, f => f.RoAppId == "1001");
        Assert.Equal(BooksFix.VoidInQuickBooks, finding.Fix);
        lock (h.Gateway.Invoices)
        {
            h.Gateway.Invoices["1001"] = removed; // restored in RO App before the fix ran
        }

        await h.Sync.ApplyBooksFixAsync(Company, finding, None);
        await h.DrainAsync();

        var invoice = h.Sim.Inspect(h.RealmId).Find("Invoice", qb["1001"])!;
        Assert.Equal(159.25m, Num(invoice["TotalAmt"]));
        Assert.Contains(await h.JournalAsync("1001"), e => e.Operation.StartsWith("books fix", StringComparison.Ordinal) && e.Outcome == JournalOutcome.Failed);
    }

    [Fact]
    public async Task A_fix_for_a_finding_with_no_RO_App_id_names_the_field()
    {
        await using var h = await StartAsync();
        var finding = new BooksFinding
        {
            Kind = BooksFindingKind.Duplicate,
            EntityType = SyncedEntityType.Invoice,
            QuickBooksId = "99",
            QuickBooksEntity = "Invoice",
            Message = "m",
            Fix = BooksFix.RemoveDuplicate,
            FixDescription = "f",
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await h.Sync.ApplyBooksFixAsync(Company, finding, None));
        Assert.Contains(nameof(BooksFinding.RoAppId), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_period_that_ends_before_it_starts_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BooksPeriod(new DateOnly(2026, 3, 31), new DateOnly(2026, 3, 1)));
        Assert.Contains("to", error.ParamName, StringComparison.Ordinal);
        Assert.Equal(new BooksPeriod(new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)), BooksPeriod.Month(2026, 2));
    }

}
