using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Tests.TestSupport;

/// <summary>An RO App company as the host port shows it; the lists are the test's to change.</summary>
internal sealed class FakeGateway : IRoAppGateway
{
    public List<RoAppInvoiceStatus> Statuses { get; } = [];

    public List<RoAppTax> Taxes { get; } = [];

    public List<RoAppCashbox> Cashboxes { get; } = [];

    public List<RoAppStatusTransition>? Transitions { get; set; }

    public bool LegacyIntegrationOn { get; set; }

    public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) => new(Statuses.ToList());

    public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) => new(Taxes.ToList());

    public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) => new(Cashboxes.ToList());

    public ValueTask<IReadOnlyList<RoAppStatusTransition>?> ListAllowedStatusTransitionsAsync(string companyId, CancellationToken cancellationToken) =>
        new(Transitions?.ToList());

    public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => new(LegacyIntegrationOn);

    // ---- Outbound: invoices and payments the test puts in RO App ----
    public Dictionary<string, RoAppInvoiceSnapshot> Invoices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RoAppPaymentSnapshot> Payments { get; } = new(StringComparer.Ordinal);

    public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken)
    {
        lock (Invoices)
        {
            return new(Invoices.GetValueOrDefault(invoiceId));
        }
    }

    public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken)
    {
        lock (Payments)
        {
            return new(Payments.GetValueOrDefault(paymentId));
        }
    }

    public Dictionary<string, RoAppRefundSnapshot> Refunds { get; } = new(StringComparer.Ordinal);

    public ValueTask<RoAppRefundSnapshot?> GetRefundAsync(string companyId, string refundId, CancellationToken cancellationToken)
    {
        lock (Refunds)
        {
            return new(Refunds.GetValueOrDefault(refundId));
        }
    }

    /// <summary>RO App's side of a books check: what the dictionaries hold, dated in the period.</summary>
    public ValueTask<RoAppDocuments> ListDocumentsAsync(string companyId, RoApp.QuickBooksSync.Books.BooksPeriod period, CancellationToken cancellationToken)
    {
        lock (Invoices)
        {
            lock (Payments)
            {
                lock (Refunds)
                {
                    return new(new RoAppDocuments
                    {
                        Invoices = [.. Invoices.Values.Where(i => period.Contains(i.Date))],
                        Payments = [.. Payments.Values.Where(p => period.Contains(p.Date))],
                        Refunds = [.. Refunds.Values.Where(r => period.Contains(r.Date))],
                    });
                }
            }
        }
    }

    // ---- End of outbound ----

    // Inbound: what the library asked RO App to change. Status moves follow Transitions when set.

    public Dictionary<string, string> InvoiceStatuses { get; } = [];

    public List<RoAppInvoiceStatusChange> StatusChanges { get; } = [];

    public Dictionary<string, RoAppPaymentRecord> RecordedPayments { get; } = [];

    public List<RoAppPaymentChange> PaymentChanges { get; } = [];

    /// <summary>How many status changes fail with an exception (a host outage) before they work again.</summary>
    public int StatusChangeFailures { get; set; }

    public ValueTask<RoAppStatusChangeResult> ChangeInvoiceStatusAsync(string companyId, RoAppInvoiceStatusChange change, CancellationToken cancellationToken)
    {
        lock (StatusChanges)
        {
            if (StatusChangeFailures > 0)
            {
                StatusChangeFailures--;
                throw new InvalidOperationException("The RO App database is not reachable.");
            }

            var from = InvoiceStatuses.GetValueOrDefault(change.InvoiceId);
            if (string.Equals(from, change.ToStatusId, StringComparison.Ordinal))
            {
                return new(RoAppStatusChangeResult.Unchanged());
            }

            if (from is not null && Transitions is not null && !Transitions.Contains(new RoAppStatusTransition(from, change.ToStatusId)))
            {
                return new(RoAppStatusChangeResult.Refused(from, "not in the allowed transitions"));
            }

            InvoiceStatuses[change.InvoiceId] = change.ToStatusId;
            StatusChanges.Add(change);
            return new(RoAppStatusChangeResult.Changed(from));
        }
    }

    public Dictionary<string, RoAppRefundRecord> RecordedRefunds { get; } = [];

    public ValueTask<RoAppRefundRecordResult> RecordRefundAsync(string companyId, RoAppRefundRecord refund, CancellationToken cancellationToken)
    {
        lock (RecordedRefunds)
        {
            var already = RecordedRefunds.ContainsKey(refund.ExternalReference);
            if (!already)
            {
                RecordedRefunds[refund.ExternalReference] = refund;
            }

            return new(new RoAppRefundRecordResult("ro-ref-" + refund.ExternalReference, already));
        }
    }

    public ValueTask<RoAppPaymentRecordResult> RecordPaymentAsync(string companyId, RoAppPaymentRecord payment, CancellationToken cancellationToken)
    {
        lock (RecordedPayments)
        {
            var already = RecordedPayments.ContainsKey(payment.ExternalReference);
            if (!already)
            {
                RecordedPayments[payment.ExternalReference] = payment;
            }

            return new(new RoAppPaymentRecordResult("ro-pay-" + payment.ExternalReference, already));
        }
    }

    public ValueTask ReportPaymentChangeAsync(string companyId, RoAppPaymentChange change, CancellationToken cancellationToken)
    {
        lock (PaymentChanges)
        {
            PaymentChanges.Add(change);
        }

        return ValueTask.CompletedTask;
    }
}
