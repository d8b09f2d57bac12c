using System.Globalization;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Books;

/// <summary>
/// Compares one company's books over a period: RO App's invoices, payments and refunds (read through the gateway)
/// with QuickBooks' (queried by date), matched through the stored links and the reference the library writes into
/// every memo. Reads only; fixes are separate work (<see cref="BooksFixHandler"/>).
/// </summary>
internal sealed partial class BooksChecker(
    OutboundCompanyLoader companies,
    RoAppGatewayAccessor gateways,
    IQuickBooksClient client,
    IEntityLinkStore links,
    TimeProvider time,
    ILogger<BooksChecker> logger)
{
    public async ValueTask<BooksCheckReport> CheckAsync(string companyId, BooksPeriod period, CancellationToken cancellationToken)
    {
        var (company, notReady) = await companies.LoadAsync(companyId, requireEnabled: false, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            throw new InvalidOperationException($"The books of company {companyId} cannot be checked: {notReady!.Message} {notReady.Fix}");
        }

        var gateway = gateways.Gateway;
        var documents = await gateway.ListDocumentsAsync(companyId, period, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"IRoAppGateway.{nameof(IRoAppGateway.ListDocumentsAsync)} answered null for company {companyId}; answer empty lists when the period holds nothing.");
        var statuses = await gateway.ListInvoiceStatusesAsync(companyId, cancellationToken).ConfigureAwait(false);
        var quickBooks = await QuickBooksDocuments.ReadAsync(client, company.RealmId, period, cancellationToken).ConfigureAwait(false);

        var run = new Run(client, links, gateway, company, period, documents, quickBooks, statuses, cancellationToken);
        await run.InvoicesAsync().ConfigureAwait(false);
        await run.PaymentsAsync().ConfigureAwait(false);
        await run.BalancesAsync().ConfigureAwait(false);
        await run.RefundsAsync().ConfigureAwait(false);

        var report = new BooksCheckReport
        {
            CompanyId = companyId,
            RealmId = company.RealmId,
            Period = period,
            CheckedAt = time.GetUtcNow(),
            RoApp = run.RoAppTotals(),
            QuickBooks = run.QuickBooksTotals(),
            Findings = run.Findings,
        };
        LogChecked(companyId, period.From, period.To, report.Findings.Count);
        return report;
    }

    private static string Money(decimal amount) => InvoiceMapper.Money(amount);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Company {CompanyId}: books check {From}..{To} found {Findings} finding(s).")]
    private partial void LogChecked(string companyId, DateOnly from, DateOnly to, int findings);

    /// <summary>One check: what was read, and the findings as they are made.</summary>
    private sealed class Run(
        IQuickBooksClient client,
        IEntityLinkStore links,
        IRoAppGateway gateway,
        OutboundCompany company,
        BooksPeriod period,
        RoAppDocuments roApp,
        QuickBooksDocuments quickBooks,
        IReadOnlyList<RoAppInvoiceStatus> statuses,
        CancellationToken cancellationToken)
    {
        private readonly HashSet<string> _cancelledStatuses = statuses.Where(s => s.Group == RoAppStatusGroup.Canceled).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        private readonly Dictionary<string, Invoice> _linkedInvoices = new(StringComparer.Ordinal);
        private readonly HashSet<string> _matchedPayments = new(StringComparer.Ordinal);
        private readonly HashSet<string> _invoicesWithTotalFinding = new(StringComparer.Ordinal);
        private readonly List<RefundForm> _linkedRefunds = [];
        private int _linkedPayments;
        private decimal _linkedPaymentTotal;

        public List<BooksFinding> Findings { get; } = [];

        private string RealmId => company.RealmId;

        public async ValueTask InvoicesAsync()
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var invoice in roApp.Invoices)
            {
                if (listed.Add(invoice.Id))
                {
                    await InvoiceAsync(invoice).ConfigureAwait(false);
                }
            }

            foreach (var (roAppId, own) in quickBooks.OwnInvoices)
            {
                if (listed.Contains(roAppId))
                {
                    continue;
                }

                var now = await gateway.GetInvoiceAsync(company.CompanyId, roAppId, cancellationToken).ConfigureAwait(false);
                foreach (var qb in own)
                {
                    Findings.Add(now is null
                        ? Finding(BooksFindingKind.MissingInRoApp, SyncedEntityType.Invoice, roAppId, qb.Id,
                            $"QuickBooks invoice {Name(qb)} was made from RO App invoice {roAppId}, which no longer exists in RO App; it is still open in QuickBooks ({Money(qb.TotalAmt ?? 0m)}).",
                            BooksFix.VoidInQuickBooks, "Void the QuickBooks invoice.", null, qb.TotalAmt)
                        : Finding(BooksFindingKind.DateDiffers, SyncedEntityType.Invoice, roAppId, qb.Id,
                            $"QuickBooks invoice {Name(qb)} is dated {qb.TxnDate:yyyy-MM-dd}, but RO App invoice {now.Number} is dated {now.Date:yyyy-MM-dd}.",
                            BooksFix.SendAgain, "Send the RO App invoice again, which moves the QuickBooks invoice to its date.", now.Total, qb.TotalAmt));
                }
            }
        }

        private async ValueTask InvoiceAsync(RoAppInvoiceSnapshot invoice)
        {
            var link = await links.GetByRoAppIdAsync(company.CompanyId, RealmId, SyncedEntityType.Invoice, invoice.Id, cancellationToken).ConfigureAwait(false);
            var own = quickBooks.OwnInvoices.GetValueOrDefault(invoice.Id) ?? [];
            var cancelled = invoice.StatusId is { } status && _cancelledStatuses.Contains(status);

            if (link is { State: LinkState.Active } && InvoiceRemover.IsVoidedByUs(link))
            {
                // The library voided it when the invoice was cancelled or deleted: any live one left is extra.
                Duplicates(SyncedEntityType.Invoice, invoice.Id, invoice.Number, own, keep: null);
                return;
            }

            if (link is { State: LinkState.Active })
            {
                var current = await quickBooks.InvoiceAsync(client, RealmId, link.QuickBooksId, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    var other = own.FirstOrDefault(i => i.Id != link.QuickBooksId);
                    Findings.Add(Finding(BooksFindingKind.LinkToDeletedObject, SyncedEntityType.Invoice, invoice.Id, other?.Id ?? link.QuickBooksId,
                        $"RO App invoice {invoice.Number} is linked to QuickBooks invoice {link.QuickBooksId}, which was deleted in QuickBooks.",
                        other is null ? BooksFix.SendAgain : BooksFix.Relink,
                        other is null ? "Send the invoice to QuickBooks again (a new QuickBooks invoice)." : $"Link it to QuickBooks invoice {Name(other)}, the library's other copy, and update that one.",
                        invoice.Total, null));
                    Duplicates(SyncedEntityType.Invoice, invoice.Id, invoice.Number, own, keep: other?.Id);
                    return;
                }

                Duplicates(SyncedEntityType.Invoice, invoice.Id, invoice.Number, own, keep: current.Id);
                if (QuickBooksDocuments.IsVoided(current.PrivateNote, current.TotalAmt))
                {
                    if (!cancelled)
                    {
                        Findings.Add(Finding(BooksFindingKind.VoidedInQuickBooks, SyncedEntityType.Invoice, invoice.Id, current.Id,
                            $"QuickBooks invoice {Name(current)} was voided in QuickBooks, but RO App invoice {invoice.Number} is not cancelled ({Money(invoice.Total)}).",
                            BooksFix.None, "Cancel the invoice in RO App if the sale did not happen; otherwise ask the bookkeeper why it was voided (a voided QuickBooks invoice cannot be reopened, only replaced).",
                            invoice.Total, 0m));
                    }

                    return;
                }

                _linkedInvoices[invoice.Id] = current;
                if (current.TxnDate is { } date && !period.Contains(date))
                {
                    Findings.Add(Finding(BooksFindingKind.DateDiffers, SyncedEntityType.Invoice, invoice.Id, current.Id,
                        $"RO App invoice {invoice.Number} is dated {invoice.Date:yyyy-MM-dd}, but QuickBooks invoice {Name(current)} is dated {date:yyyy-MM-dd}.",
                        BooksFix.SendAgain, "Send the invoice again, which moves the QuickBooks invoice to RO App's date.", invoice.Total, current.TotalAmt));
                }

                if ((current.TotalAmt ?? 0m) != invoice.Total)
                {
                    _invoicesWithTotalFinding.Add(invoice.Id);
                    Findings.Add(IsTaxRounding(invoice, current)
                        ? Finding(BooksFindingKind.TotalDiffers, SyncedEntityType.Invoice, invoice.Id, current.Id,
                            $"RO App invoice {invoice.Number} totals {Money(invoice.Total)}, but QuickBooks invoice {Name(current)} totals {Money(current.TotalAmt ?? 0m)}: the lines agree, the tax differs by {Money(Math.Abs((current.TotalAmt ?? 0m) - invoice.Total))} (RO App rounds tax per unit, QuickBooks per line or per invoice).",
                            BooksFix.None, "Sending again would give the same total: QuickBooks computes the tax. Accept the difference (it was journalled as synced with warnings), or align RO App's tax rounding with QuickBooks'.",
                            invoice.Total, current.TotalAmt)
                        : Finding(BooksFindingKind.TotalDiffers, SyncedEntityType.Invoice, invoice.Id, current.Id,
                            $"RO App invoice {invoice.Number} totals {Money(invoice.Total)}, but QuickBooks invoice {Name(current)} totals {Money(current.TotalAmt ?? 0m)}.",
                            BooksFix.SendAgain, "Send the invoice again, which updates the QuickBooks invoice to RO App's lines; if the totals still differ, check the tax mapping.",
                            invoice.Total, current.TotalAmt));
                }

                return;
            }

            if (own.Count > 0)
            {
                Findings.Add(Finding(BooksFindingKind.NotLinked, SyncedEntityType.Invoice, invoice.Id, own[0].Id,
                    $"QuickBooks invoice {Name(own[0])} was made from RO App invoice {invoice.Number}, but the link between them is missing.",
                    BooksFix.Relink, $"Link RO App invoice {invoice.Number} to QuickBooks invoice {Name(own[0])} and update it.", invoice.Total, own[0].TotalAmt));
                Duplicates(SyncedEntityType.Invoice, invoice.Id, invoice.Number, own, keep: own[0].Id);
                return;
            }

            var expected = !cancelled && (link is { State: LinkState.DeletedInQuickBooks }
                || (invoice.StatusId is { } statusId && company.Settings.TriggerStatusIds.Contains(statusId, StringComparer.Ordinal)));
            if (expected)
            {
                Findings.Add(Finding(BooksFindingKind.MissingInQuickBooks, SyncedEntityType.Invoice, invoice.Id, null,
                    link is null
                        ? $"RO App invoice {invoice.Number} ({Money(invoice.Total)}) is in a status that sends it to QuickBooks, but it is not in QuickBooks."
                        : $"RO App invoice {invoice.Number} ({Money(invoice.Total)}) was in QuickBooks, but its QuickBooks invoice was deleted there.",
                    BooksFix.SendAgain, "Send the invoice to QuickBooks.", invoice.Total, null));
            }
        }

        public async ValueTask PaymentsAsync()
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var payment in roApp.Payments)
            {
                if (listed.Add(payment.Id))
                {
                    await PaymentAsync(payment).ConfigureAwait(false);
                }
            }

            foreach (var (roAppId, own) in quickBooks.OwnPayments)
            {
                if (listed.Contains(roAppId))
                {
                    continue;
                }

                var now = await gateway.GetPaymentAsync(company.CompanyId, roAppId, cancellationToken).ConfigureAwait(false);
                foreach (var qb in own)
                {
                    _matchedPayments.Add(qb.Id!);
                    Findings.Add(now is null
                        ? Finding(BooksFindingKind.MissingInRoApp, SyncedEntityType.Payment, roAppId, qb.Id,
                            $"QuickBooks payment {qb.Id} ({Money(qb.TotalAmt ?? 0m)}) was made from RO App payment {roAppId}, which no longer exists in RO App.",
                            BooksFix.VoidInQuickBooks, "Void the QuickBooks payment (the invoice it paid is open again by that amount).", null, qb.TotalAmt)
                        : Finding(BooksFindingKind.DateDiffers, SyncedEntityType.Payment, roAppId, qb.Id,
                            $"QuickBooks payment {qb.Id} is dated {qb.TxnDate:yyyy-MM-dd}, but RO App payment {roAppId} is dated {now.Date:yyyy-MM-dd}.",
                            BooksFix.SendAgain, "Send the payment again, which moves the QuickBooks payment to RO App's date.", now.Amount, qb.TotalAmt));
                }
            }

            await PaymentsMadeInQuickBooksAsync().ConfigureAwait(false);
        }

        private async ValueTask PaymentAsync(RoAppPaymentSnapshot payment)
        {
            var link = await links.GetByRoAppIdAsync(company.CompanyId, RealmId, SyncedEntityType.Payment, payment.Id, cancellationToken).ConfigureAwait(false);
            var own = quickBooks.OwnPayments.GetValueOrDefault(payment.Id) ?? [];
            foreach (var qb in own)
            {
                _matchedPayments.Add(qb.Id!);
            }

            if (link is { State: LinkState.Active })
            {
                _matchedPayments.Add(link.QuickBooksId);
                var ours = link.Origin == LinkOrigin.RoApp;
                var current = await quickBooks.PaymentAsync(client, RealmId, link.QuickBooksId, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    var other = ours ? own.FirstOrDefault(p => p.Id != link.QuickBooksId) : null;
                    Findings.Add(Finding(BooksFindingKind.LinkToDeletedObject, SyncedEntityType.Payment, payment.Id, other?.Id ?? link.QuickBooksId,
                        $"RO App payment {payment.Id} ({Money(payment.Amount)}) is linked to QuickBooks payment {link.QuickBooksId}, which was deleted in QuickBooks.",
                        !ours ? BooksFix.None : other is null ? BooksFix.SendAgain : BooksFix.Relink,
                        !ours ? "The payment was made in QuickBooks and deleted there: reverse it in RO App if the money was not received."
                            : other is null ? "Send the payment to QuickBooks again." : $"Link it to QuickBooks payment {other.Id}, the library's other copy, and update that one.",
                        payment.Amount, null));
                    Duplicates(SyncedEntityType.Payment, payment.Id, payment.Id, own, keep: other?.Id);
                    return;
                }

                Duplicates(SyncedEntityType.Payment, payment.Id, payment.Id, own, keep: current.Id);
                if (QuickBooksDocuments.IsVoided(current.PrivateNote, current.TotalAmt))
                {
                    Findings.Add(Finding(BooksFindingKind.VoidedInQuickBooks, SyncedEntityType.Payment, payment.Id, current.Id,
                        $"QuickBooks payment {current.Id} was voided in QuickBooks, but RO App payment {payment.Id} ({Money(payment.Amount)}) is still recorded.",
                        BooksFix.None, "Delete the payment in RO App if the money was not received; otherwise record it again in QuickBooks.", payment.Amount, 0m));
                    return;
                }

                _linkedPayments++;
                var amount = ours ? current.TotalAmt ?? 0m : await AppliedToAsync(current, payment.InvoiceId).ConfigureAwait(false);
                _linkedPaymentTotal += amount;
                if (amount != payment.Amount)
                {
                    Findings.Add(Finding(BooksFindingKind.AmountDiffers, SyncedEntityType.Payment, payment.Id, current.Id,
                        $"RO App payment {payment.Id} is {Money(payment.Amount)}, but QuickBooks payment {current.Id} is {Money(amount)}.",
                        ours ? BooksFix.SendAgain : BooksFix.None,
                        ours ? "Send the payment again, which updates the QuickBooks payment to RO App's amount."
                            : "The payment was made in QuickBooks and changed there: adjust it in RO App, or correct it in QuickBooks.",
                        payment.Amount, amount));
                }
                else if (ours && current.TxnDate is { } date && !period.Contains(date))
                {
                    Findings.Add(Finding(BooksFindingKind.DateDiffers, SyncedEntityType.Payment, payment.Id, current.Id,
                        $"RO App payment {payment.Id} is dated {payment.Date:yyyy-MM-dd}, but QuickBooks payment {current.Id} is dated {date:yyyy-MM-dd}.",
                        BooksFix.SendAgain, "Send the payment again, which moves the QuickBooks payment to RO App's date.", payment.Amount, amount));
                }

                return;
            }

            if (own.Count > 0)
            {
                Findings.Add(Finding(BooksFindingKind.NotLinked, SyncedEntityType.Payment, payment.Id, own[0].Id,
                    $"QuickBooks payment {own[0].Id} was made from RO App payment {payment.Id}, but the link between them is missing.",
                    BooksFix.Relink, $"Link RO App payment {payment.Id} to QuickBooks payment {own[0].Id} and update it.", payment.Amount, own[0].TotalAmt));
                Duplicates(SyncedEntityType.Payment, payment.Id, payment.Id, own, keep: own[0].Id);
                return;
            }

            if (link is { State: LinkState.DeletedInQuickBooks } || string.IsNullOrEmpty(payment.ExternalReference))
            {
                Findings.Add(Finding(BooksFindingKind.MissingInQuickBooks, SyncedEntityType.Payment, payment.Id, null,
                    $"RO App payment {payment.Id} ({Money(payment.Amount)}{(payment.InvoiceId is null ? string.Empty : " on invoice " + payment.InvoiceId)}) is not in QuickBooks.",
                    BooksFix.SendAgain, "Send the payment to QuickBooks.", payment.Amount, null));
            }
        }

        /// <summary>Payments made in QuickBooks on invoices from RO App that RO App never recorded.</summary>
        private async ValueTask PaymentsMadeInQuickBooksAsync()
        {
            var ourInvoices = new HashSet<string>(_linkedInvoices.Values.Select(i => i.Id!), StringComparer.Ordinal);
            foreach (var qb in quickBooks.Payments)
            {
                if (_matchedPayments.Contains(qb.Id!) || QuickBooksDocuments.IsVoided(qb.PrivateNote, qb.TotalAmt))
                {
                    continue;
                }

                var paid = (qb.Lines ?? []).SelectMany(l => l.LinkedTxns ?? []).Where(t => t.TxnType == "Invoice" && t.TxnId is not null && ourInvoices.Contains(t.TxnId)).Select(t => t.TxnId!).ToList();
                if (paid.Count == 0)
                {
                    continue;
                }

                var recorded = await links.FindByQuickBooksIdAsync(company.CompanyId, RealmId, SyncedEntityType.Payment, qb.Id!, cancellationToken).ConfigureAwait(false);
                if (recorded.Any(l => l.State == LinkState.Active))
                {
                    continue; // recorded in RO App under a date outside the period
                }

                Findings.Add(Finding(BooksFindingKind.MissingInRoApp, SyncedEntityType.Payment, null, qb.Id,
                    $"QuickBooks payment {qb.Id} ({Money(qb.TotalAmt ?? 0m)}, {qb.TxnDate:yyyy-MM-dd}) on an invoice from RO App is not recorded in RO App.",
                    BooksFix.None, "The QuickBooks → RO App sync records such payments: check the journal for a failed or refused payment, or record it in RO App by hand.",
                    null, qb.TotalAmt));
            }
        }

        /// <summary>What is still owed on each linked invoice, where every payment on it falls in the period.</summary>
        public ValueTask BalancesAsync()
        {
            foreach (var invoice in roApp.Invoices.DistinctBy(i => i.Id))
            {
                if (!_linkedInvoices.TryGetValue(invoice.Id, out var qb) || _invoicesWithTotalFinding.Contains(invoice.Id) || qb.Balance is not { } balance)
                {
                    continue;
                }

                var paymentsOnIt = (qb.LinkedTxns ?? []).Where(t => t.TxnType == "Payment" && t.TxnId is not null).Select(t => t.TxnId!).ToList();
                if (paymentsOnIt.Any(id => !quickBooks.HasPayment(id)))
                {
                    continue; // a payment dated outside the period: the balance cannot be compared from this period alone
                }

                var owed = invoice.Total - roApp.Payments.DistinctBy(p => p.Id).Where(p => p.InvoiceId == invoice.Id).Sum(p => p.Amount);
                if (owed != balance)
                {
                    Findings.Add(Finding(BooksFindingKind.BalanceDiffers, SyncedEntityType.Invoice, invoice.Id, qb.Id,
                        $"RO App invoice {invoice.Number} has {Money(owed)} still owed, but QuickBooks invoice {Name(qb)} has a balance of {Money(balance)}.",
                        BooksFix.None, "A payment differs between the two sides: see the payment findings for this invoice; if there are none, compare its payments in both.",
                        owed, balance));
                }
            }

            return ValueTask.CompletedTask;
        }

        public async ValueTask RefundsAsync()
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var refund in roApp.Refunds)
            {
                if (listed.Add(refund.Id))
                {
                    await RefundAsync(refund).ConfigureAwait(false);
                }
            }

            foreach (var (roAppId, own) in quickBooks.OwnRefunds)
            {
                if (listed.Contains(roAppId))
                {
                    continue;
                }

                var now = await gateway.GetRefundAsync(company.CompanyId, roAppId, cancellationToken).ConfigureAwait(false);
                foreach (var qb in own)
                {
                    Findings.Add(now is null
                        ? Finding(BooksFindingKind.MissingInRoApp, SyncedEntityType.Refund, roAppId, qb.Id,
                            $"QuickBooks {Form(qb)} {qb.Id} ({Money(qb.Total)}) was made from RO App refund {roAppId}, which no longer exists in RO App.",
                            BooksFix.VoidInQuickBooks, $"Delete the QuickBooks {Form(qb)}.", null, qb.Total, qb.EntityName)
                        : Finding(BooksFindingKind.DateDiffers, SyncedEntityType.Refund, roAppId, qb.Id,
                            $"QuickBooks {Form(qb)} {qb.Id} is dated outside the period, but RO App refund {roAppId} is dated {now.Date:yyyy-MM-dd}.",
                            BooksFix.None, $"Correct the date of the QuickBooks {Form(qb)} by hand.", now.Amount, qb.Total, qb.EntityName));
                }
            }
        }

        private async ValueTask RefundAsync(RoAppRefundSnapshot refund)
        {
            var link = await links.GetByRoAppIdAsync(company.CompanyId, RealmId, SyncedEntityType.Refund, refund.Id, cancellationToken).ConfigureAwait(false);
            var own = quickBooks.OwnRefunds.GetValueOrDefault(refund.Id) ?? [];
            var cashBack = refund.Kind == RoAppRefundKind.CashBack;
            if (link is { State: LinkState.Active })
            {
                var current = await quickBooks.RefundAsync(client, RealmId, cashBack, link.QuickBooksId, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    var other = own.FirstOrDefault(r => r.Id != link.QuickBooksId && r.CashBack == cashBack);
                    Findings.Add(Finding(BooksFindingKind.LinkToDeletedObject, SyncedEntityType.Refund, refund.Id, other?.Id ?? link.QuickBooksId,
                        $"RO App refund {refund.Id} ({Money(refund.Amount)}) is linked to QuickBooks {(cashBack ? "refund receipt" : "credit memo")} {link.QuickBooksId}, which was deleted in QuickBooks.",
                        other is null ? BooksFix.SendAgain : BooksFix.Relink,
                        other is null ? "Send the refund to QuickBooks again." : $"Link it to QuickBooks {Form(other)} {other.Id}, the library's other copy.",
                        refund.Amount, null, other?.EntityName ?? (cashBack ? RefundForm.Receipt : RefundForm.Memo)));
                    RefundDuplicates(refund.Id, own, keep: other?.Id);
                    return;
                }

                _linkedRefunds.Add(current);
                RefundDuplicates(refund.Id, own, keep: current.Id);
                if (current.Total != refund.Amount)
                {
                    Findings.Add(Finding(BooksFindingKind.AmountDiffers, SyncedEntityType.Refund, refund.Id, current.Id,
                        $"RO App refund {refund.Id} is {Money(refund.Amount)}, but QuickBooks {Form(current)} {current.Id} is {Money(current.Total)}.",
                        BooksFix.None, $"Correct the QuickBooks {Form(current)} by hand (the library does not change a refund once sent).", refund.Amount, current.Total, current.EntityName));
                }

                return;
            }

            if (own.Count > 0)
            {
                _linkedRefunds.Add(own[0]);
                Findings.Add(Finding(BooksFindingKind.NotLinked, SyncedEntityType.Refund, refund.Id, own[0].Id,
                    $"QuickBooks {Form(own[0])} {own[0].Id} was made from RO App refund {refund.Id}, but the link between them is missing.",
                    BooksFix.Relink, $"Link RO App refund {refund.Id} to QuickBooks {Form(own[0])} {own[0].Id}.", refund.Amount, own[0].Total, own[0].EntityName));
                RefundDuplicates(refund.Id, own, keep: own[0].Id);
                return;
            }

            Findings.Add(Finding(BooksFindingKind.MissingInQuickBooks, SyncedEntityType.Refund, refund.Id, null,
                $"RO App refund {refund.Id} ({Money(refund.Amount)} on invoice {refund.InvoiceId}) is not in QuickBooks.",
                BooksFix.SendAgain, "Send the refund to QuickBooks.", refund.Amount, null));
        }

        /// <summary>RO App's side, counted as QuickBooks' is: cancelled invoices left out (QuickBooks holds them voided).</summary>
        public BooksTotals RoAppTotals()
        {
            var invoices = roApp.Invoices.DistinctBy(i => i.Id).Where(i => i.StatusId is not { } status || !_cancelledStatuses.Contains(status)).ToList();
            var payments = roApp.Payments.DistinctBy(p => p.Id).ToList();
            var refunds = roApp.Refunds.DistinctBy(r => r.Id).ToList();
            return new BooksTotals(invoices.Count, invoices.Sum(i => i.Total), payments.Count, payments.Sum(p => p.Amount), refunds.Count, refunds.Sum(r => r.Amount));
        }

        public BooksTotals QuickBooksTotals()
        {
            var invoices = _linkedInvoices.Values.ToList();
            return new BooksTotals(
                invoices.Count, invoices.Sum(i => i.TotalAmt ?? 0m),
                _linkedPayments, _linkedPaymentTotal,
                _linkedRefunds.Count, _linkedRefunds.Sum(r => r.Total));
        }

        private void Duplicates<T>(SyncedEntityType type, string roAppId, string roAppName, List<T> own, string? keep)
            where T : QuickBooksEntity
        {
            foreach (var extra in own.Where(o => o.Id != keep))
            {
                var what = type == SyncedEntityType.Invoice ? "invoice" : "payment";
                Findings.Add(Finding(BooksFindingKind.Duplicate, type, roAppId, extra.Id,
                    $"QuickBooks {what} {extra.Id} is a second copy of RO App {what} {roAppName}{(keep is null ? string.Empty : $" (the linked one is {keep})")}.",
                    BooksFix.RemoveDuplicate, $"Void QuickBooks {what} {extra.Id}.", null, extra switch { Invoice i => i.TotalAmt, Payment p => p.TotalAmt, _ => null }));
            }
        }

        private void RefundDuplicates(string roAppId, List<RefundForm> own, string? keep)
        {
            foreach (var extra in own.Where(o => o.Id != keep))
            {
                Findings.Add(Finding(BooksFindingKind.Duplicate, SyncedEntityType.Refund, roAppId, extra.Id,
                    $"QuickBooks {Form(extra)} {extra.Id} is a second copy of RO App refund {roAppId}{(keep is null ? string.Empty : $" (the linked one is {keep})")}.",
                    BooksFix.RemoveDuplicate, $"Delete QuickBooks {Form(extra)} {extra.Id}.", null, extra.Total, extra.EntityName));
            }
        }

        /// <summary>What a payment made in QuickBooks applied to one RO App invoice (one payment may cover several).</summary>
        private async ValueTask<decimal> AppliedToAsync(Payment payment, string? roAppInvoiceId)
        {
            var invoiceId = roAppInvoiceId is null ? null
                : _linkedInvoices.TryGetValue(roAppInvoiceId, out var known) ? known.Id
                : (await links.GetByRoAppIdAsync(company.CompanyId, RealmId, SyncedEntityType.Invoice, roAppInvoiceId, cancellationToken).ConfigureAwait(false))?.QuickBooksId;
            var lines = (payment.Lines ?? []).Where(l => l.LinkedTxns?.Any(t => t.TxnType == "Invoice" && t.TxnId == invoiceId) == true).ToList();
            return invoiceId is null || lines.Count == 0 ? payment.TotalAmt ?? 0m : lines.Sum(l => l.Amount ?? 0m);
        }

        /// <summary>
        /// Whether the totals differ only by the tax, and by no more than rounding can make: RO App rounds the tax of
        /// each unit (up to half a cent off a unit), QuickBooks of each line or of the invoice (half a cent off a
        /// line). The send journals such a difference as "synced with warnings"; sending again cannot change it.
        /// </summary>
        private static bool IsTaxRounding(RoAppInvoiceSnapshot invoice, Invoice current)
        {
            var totalDifference = (current.TotalAmt ?? 0m) - invoice.Total;
            var taxDifference = (current.TxnTaxDetail?.TotalTax ?? 0m) - invoice.TaxTotal;
            var bound = invoice.Lines.Sum(l => 0.005m * Math.Abs(l.Quantity) + 0.005m);
            return totalDifference == taxDifference && totalDifference != 0m && Math.Abs(totalDifference) <= Math.Ceiling(bound * 100m) / 100m;
        }

        private static string Form(RefundForm form) => form.CashBack ? "refund receipt" : "credit memo";

        private static string Name(Invoice invoice) => invoice.DocNumber is { Length: > 0 } number ? $"{invoice.Id} (No. {number})" : invoice.Id!;

        private static BooksFinding Finding(BooksFindingKind kind, SyncedEntityType type, string? roAppId, string? quickBooksId, string message, BooksFix fix, string fixDescription, decimal? roAppAmount, decimal? quickBooksAmount, string? quickBooksEntity = null) =>
            new()
            {
                QuickBooksEntity = quickBooksId is null ? null : quickBooksEntity ?? (type == SyncedEntityType.Payment ? "Payment" : "Invoice"),
                Kind = kind,
                EntityType = type,
                RoAppId = roAppId,
                QuickBooksId = quickBooksId,
                Message = message,
                Fix = fix,
                FixDescription = fixDescription,
                RoAppAmount = roAppAmount,
                QuickBooksAmount = quickBooksAmount,
            };
    }
}
