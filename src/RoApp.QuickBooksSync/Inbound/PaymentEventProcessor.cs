using System.Globalization;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// A payment changed in QuickBooks. New: record the amount applied to each synced invoice in the company's
/// cashbox (once per payment and invoice), then the "payment created" mapping. Seen before: pass changes,
/// voids and deletions of what was recorded to the host. Payments the library sent from RO App are never
/// recorded back.
/// </summary>
internal sealed partial class PaymentEventProcessor(
    IQuickBooksClient client,
    IEntityLinkStore links,
    RoAppGatewayAccessor host,
    InboundStateAccess state,
    InboundStatusMover statuses,
    InboundJournal journal,
    TimeProvider time,
    ILogger<PaymentEventProcessor> logger)
{
    public async ValueTask<WorkResult> ProcessAsync(string companyId, CompanySettings settings, InboundEvent inbound, long workItemId, CancellationToken cancellationToken)
    {
        var realmId = inbound.RealmId;
        var paymentId = inbound.EntityId;
        var own = await links.FindByQuickBooksIdAsync(companyId, realmId, SyncedEntityType.Payment, paymentId, cancellationToken).ConfigureAwait(false);
        if (own.Any(l => l.Origin == LinkOrigin.RoApp))
        {
            LogOwnPayment(paymentId, companyId);
            return WorkResult.Completed;
        }

        var (seen, version) = await state.GetPaymentAsync(companyId, realmId, paymentId, cancellationToken).ConfigureAwait(false);
        Payment? payment = null;
        if (inbound.Operation != InboundOperation.Delete)
        {
            try
            {
                payment = await client.ReadAsync<Payment>(realmId, paymentId, cancellationToken).ConfigureAwait(false);
            }
            catch (QuickBooksObjectNotFoundException)
            {
                payment = null;
            }
        }

        if (payment is null)
        {
            if (seen is null || seen.Deleted)
            {
                return WorkResult.Completed;
            }

            await ReportAsync(companyId, realmId, paymentId, seen, RoAppPaymentChangeKind.Deleted, _ => 0m, workItemId, cancellationToken).ConfigureAwait(false);
            await state.SavePaymentAsync(companyId, realmId, paymentId, seen with { Deleted = true }, version, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        if (PaymentReference.RoAppPaymentIdOf(payment.PrivateNote) is { } roAppPaymentId)
        {
            // Sent from RO App by this library (the reference it writes), possibly before its link is saved, in
            // this process or another: never recorded back.
            LogOwnPaymentByReference(paymentId, companyId, roAppPaymentId);
            return WorkResult.Completed;
        }

        var updatedAt = payment.MetaData?.LastUpdatedTime;
        if (seen is not null && QuickBooksVersion.IsNotNewer(seen.LastUpdatedAt, seen.SyncToken, updatedAt, payment.SyncToken))
        {
            LogAlreadyApplied(paymentId, companyId);
            return WorkResult.Completed;
        }

        var applications = Applications(payment);
        var voided = inbound.Operation == InboundOperation.Void
            || (payment.TotalAmt is 0m && payment.PrivateNote is { } note && note.StartsWith("Voided", StringComparison.OrdinalIgnoreCase));

        if (seen is { Handled: true })
        {
            var changed = seen with { LastUpdatedAt = updatedAt, SyncToken = payment.SyncToken, Recorded = new Dictionary<string, RecordedAllocation>(seen.Recorded, StringComparer.Ordinal) };
            if (voided && !seen.Voided)
            {
                await ReportAsync(companyId, realmId, paymentId, seen, RoAppPaymentChangeKind.Voided, _ => 0m, workItemId, cancellationToken).ConfigureAwait(false);
                changed = changed with { Voided = true };
            }
            else if (!voided)
            {
                await ReportAsync(companyId, realmId, paymentId, seen, RoAppPaymentChangeKind.AmountChanged,
                    invoiceId => applications.GetValueOrDefault(invoiceId), workItemId, cancellationToken).ConfigureAwait(false);
                foreach (var (invoiceId, recorded) in seen.Recorded)
                {
                    changed.Recorded[invoiceId] = recorded with { Amount = applications.GetValueOrDefault(invoiceId) };
                }

                // Applied to a further synced invoice since: record that part like a new payment.
                var added = applications.Where(a => !seen.Recorded.ContainsKey(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
                if (added.Count > 0)
                {
                    var failure = await RecordAsync(companyId, realmId, settings, payment, added, changed.Recorded, workItemId, cancellationToken).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        return failure;
                    }
                }
            }

            await state.SavePaymentAsync(companyId, realmId, paymentId, changed, version, cancellationToken).ConfigureAwait(false);
            return WorkResult.Completed;
        }

        var recordedNow = new Dictionary<string, RecordedAllocation>(StringComparer.Ordinal);
        if (!voided)
        {
            var failure = await RecordAsync(companyId, realmId, settings, payment, applications, recordedNow, workItemId, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }
        }

        await state.SavePaymentAsync(companyId, realmId, paymentId,
            new PaymentInboundState { LastUpdatedAt = updatedAt, SyncToken = payment.SyncToken, Voided = voided, Handled = true, Recorded = recordedNow }, version, cancellationToken).ConfigureAwait(false);
        return WorkResult.Completed;
    }

    /// <summary>The amount applied per QuickBooks invoice (one payment may pay several, in several lines).</summary>
    private static Dictionary<string, decimal> Applications(Payment payment)
    {
        var applied = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var line in payment.Lines ?? [])
        {
            foreach (var linked in line.LinkedTxns ?? [])
            {
                if (linked.TxnId is { } id && string.Equals(linked.TxnType, "Invoice", StringComparison.OrdinalIgnoreCase))
                {
                    applied[id] = applied.GetValueOrDefault(id) + (line.Amount ?? 0m);
                }
            }
        }

        return applied;
    }

    private async ValueTask<WorkResult?> RecordAsync(
        string companyId, string realmId, CompanySettings settings, Payment payment, IReadOnlyDictionary<string, decimal> applications,
        Dictionary<string, RecordedAllocation> recorded, long workItemId, CancellationToken cancellationToken)
    {
        var paymentId = payment.Id ?? string.Empty;
        var synced = new List<(EntityLink Link, decimal Amount)>();
        var unsynced = new List<string>();
        foreach (var (invoiceId, amount) in applications.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var found = await links.FindByQuickBooksIdAsync(companyId, realmId, SyncedEntityType.Invoice, invoiceId, cancellationToken).ConfigureAwait(false);
            if (found.FirstOrDefault(l => l.State == LinkState.Active) is { } link && amount > 0m)
            {
                synced.Add((link, amount));
            }
            else
            {
                unsynced.Add(invoiceId);
            }
        }

        if (unsynced.Count > 0)
        {
            await journal.WriteAsync(companyId, realmId, null, "payment.skipped", JournalOutcome.Skipped,
                $"QuickBooks payment {paymentId} is applied to invoice(s) {string.Join(", ", unsynced)} that were not synced from RO App; that part is not recorded in RO App.",
                null, workItemId, cancellationToken, SyncedEntityType.Payment, paymentId).ConfigureAwait(false);
        }

        if (synced.Count == 0)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(settings.PaymentCashboxId))
        {
            foreach (var (link, amount) in synced)
            {
                await journal.WriteAsync(companyId, realmId, link, "payment.skipped", JournalOutcome.Skipped,
                    string.Create(CultureInfo.InvariantCulture, $"QuickBooks payment {paymentId} of {amount:0.00} on this invoice was not recorded: no payment cashbox is chosen for payments created in QuickBooks."),
                    "Choose the payment cashbox in the QuickBooks settings; later payments are then recorded there.",
                    workItemId, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }

        foreach (var (link, amount) in synced)
        {
            var reference = ExternalReference(realmId, paymentId, link.QuickBooksId);
            var balance = await BalanceAsync(realmId, link.QuickBooksId, cancellationToken).ConfigureAwait(false);
            var result = await host.Gateway.RecordPaymentAsync(companyId, new RoAppPaymentRecord(
                link.RoAppId, settings.PaymentCashboxId, amount, payment.TxnDate, payment.PaymentMethodRef?.Name ?? payment.PaymentMethodRef?.Value,
                reference, paymentId) { InvoiceBalance = balance }, cancellationToken).ConfigureAwait(false);
            recorded[link.QuickBooksId] = new RecordedAllocation(link.RoAppId, reference, amount);
            await LinkRecordedPaymentAsync(companyId, realmId, result.PaymentId, payment, cancellationToken).ConfigureAwait(false);
            await journal.WriteAsync(companyId, realmId, link, "payment.record", JournalOutcome.Synced,
                result.AlreadyRecorded
                    ? string.Create(CultureInfo.InvariantCulture, $"QuickBooks payment {paymentId} of {amount:0.00} was already recorded in RO App (payment {result.PaymentId}).")
                    : string.Create(CultureInfo.InvariantCulture, $"QuickBooks payment {paymentId}: {amount:0.00} recorded in RO App (payment {result.PaymentId})."),
                null, workItemId, cancellationToken, quickBooksId: paymentId).ConfigureAwait(false);

            var failure = await statuses.ApplyAsync(companyId, realmId, link, QuickBooksEventKind.PaymentCreated, workItemId, cancellationToken, balance).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    /// <summary>
    /// What the invoice still owes in QuickBooks now (after this payment), so the host can tell a partial payment
    /// from one that pays the invoice in full; none when the invoice cannot be read (it is then left to the host).
    /// </summary>
    private async ValueTask<decimal?> BalanceAsync(string realmId, string invoiceId, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.ReadAsync<Invoice>(realmId, invoiceId, cancellationToken).ConfigureAwait(false)).Balance;
        }
        catch (QuickBooksObjectNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Links the RO App payment to the QuickBooks payment with origin QuickBooks, so that when the host reports
    /// it as a new payment the outbound sync knows it came from QuickBooks (the external reference on the
    /// payment snapshot says so too, and covers a report that arrives before this link exists).
    /// </summary>
    private async ValueTask LinkRecordedPaymentAsync(string companyId, string realmId, string roAppPaymentId, Payment payment, CancellationToken cancellationToken)
    {
        if (await links.GetByRoAppIdAsync(companyId, realmId, SyncedEntityType.Payment, roAppPaymentId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        // A concurrent writer of the same link wins; its link says the same thing.
        await links.SaveAsync(
            new EntityLink
            {
                CompanyId = companyId,
                RealmId = realmId,
                EntityType = SyncedEntityType.Payment,
                RoAppId = roAppPaymentId,
                QuickBooksId = payment.Id!,
                SyncToken = payment.SyncToken,
                Origin = LinkOrigin.QuickBooks,
                LastSyncedAt = time.GetUtcNow(),
                QuickBooksLastUpdatedAt = payment.MetaData?.LastUpdatedTime,
            },
            0,
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ReportAsync(
        string companyId, string realmId, string paymentId, PaymentInboundState seen, RoAppPaymentChangeKind kind, Func<string, decimal> newAmount,
        long workItemId, CancellationToken cancellationToken)
    {
        foreach (var (invoiceId, recorded) in seen.Recorded.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var amount = newAmount(invoiceId);
            if (kind == RoAppPaymentChangeKind.AmountChanged && amount == recorded.Amount)
            {
                continue;
            }

            await host.Gateway.ReportPaymentChangeAsync(companyId,
                new RoAppPaymentChange(recorded.ExternalReference, recorded.RoAppInvoiceId, kind, recorded.Amount, amount, paymentId), cancellationToken).ConfigureAwait(false);
            var what = kind switch
            {
                RoAppPaymentChangeKind.Voided => "was voided",
                RoAppPaymentChangeKind.Deleted => "was deleted",
                _ => string.Create(CultureInfo.InvariantCulture, $"now applies {amount:0.00} instead of {recorded.Amount:0.00}"),
            };
            await journal.WriteAsync(companyId, realmId, null, "payment.changed", JournalOutcome.Synced,
                $"QuickBooks payment {paymentId}, recorded on RO App invoice {recorded.RoAppInvoiceId}, {what} in QuickBooks; RO App was told.",
                null, workItemId, cancellationToken, SyncedEntityType.Invoice, paymentId, recorded.RoAppInvoiceId).ConfigureAwait(false);
        }
    }

    /// <summary>Identifies one QuickBooks payment on one invoice, for good (the realm keeps reconnects apart).</summary>
    public static string ExternalReference(string realmId, string paymentId, string invoiceId) =>
        QuickBooksPaymentReference.Create(realmId, paymentId, invoiceId);

    [LoggerMessage(EventId = 6129, Level = LogLevel.Debug, Message = "QuickBooks payment {PaymentId} of company {CompanyId} carries the reference of RO App payment {RoAppPaymentId}: sent by this library, not recorded back.")]
    private partial void LogOwnPaymentByReference(string paymentId, string companyId, string roAppPaymentId);

    [LoggerMessage(EventId = 6121, Level = LogLevel.Debug, Message = "QuickBooks payment {PaymentId} of company {CompanyId} was sent from RO App; not recorded back.")]
    private partial void LogOwnPayment(string paymentId, string companyId);

    [LoggerMessage(EventId = 6122, Level = LogLevel.Debug, Message = "QuickBooks payment {PaymentId} of company {CompanyId}: this version was applied already; event skipped.")]
    private partial void LogAlreadyApplied(string paymentId, string companyId);
}
