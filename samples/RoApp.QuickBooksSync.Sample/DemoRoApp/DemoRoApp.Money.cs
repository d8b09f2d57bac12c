using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Sample.DemoRoApp;

/// <summary>The money a shop takes back: a payment deleted from an invoice, a refund paid out of a cashbox.</summary>
internal sealed partial class DemoRoApp
{
    private readonly List<DemoRefund> _refunds = [];
    private int _nextRefund = 7001;

    /// <summary>The refunds made, oldest first.</summary>
    public IReadOnlyList<DemoRefund> Refunds
    {
        get
        {
            lock (_gate)
            {
                return [.. _refunds];
            }
        }
    }

    /// <summary>Money paid back to the client out of a cashbox ("Save and process refund"); the host then tells the library.</summary>
    public DemoRefund RecordRefund(string companyId, string invoiceId, string cashboxId, decimal amount, string description)
    {
        var invoice = FindInvoice(companyId, invoiceId) ?? throw new KeyNotFoundException($"The demo RO App has no invoice '{invoiceId}' in company '{companyId}'.");
        lock (_gate)
        {
            var refund = new DemoRefund("ref-" + _nextRefund++.ToString(System.Globalization.CultureInfo.InvariantCulture), invoice.Id, cashboxId, amount, DateOnly.FromDateTime(_time.GetLocalNow().Date), description);
            _refunds.Add(refund);
            return refund;
        }
    }

    public ValueTask<RoAppRefundSnapshot?> GetRefundAsync(string companyId, string refundId, CancellationToken cancellationToken)
    {
        Company(companyId);
        lock (_gate)
        {
            return new(_refunds.Find(r => r.Id == refundId) is { } refund ? Snapshot(refund) : null);
        }
    }

    /// <summary>A refund a bookkeeper made in QuickBooks for one of the shop's clients: kept once per external reference.</summary>
    public ValueTask<RoAppRefundRecordResult> RecordRefundAsync(string companyId, RoAppRefundRecord refund, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refund);
        Company(companyId);
        lock (_gate)
        {
            if (_refunds.Find(r => r.ExternalReference == refund.ExternalReference) is { } existing)
            {
                return new(new RoAppRefundRecordResult(existing.Id, AlreadyRecorded: true));
            }

            // Refunds from QuickBooks name the client, not an invoice: the demo keeps them on the client's latest invoice.
            var invoice = _invoices.Values.Where(i => i.Client.Id == refund.ClientId).MaxBy(i => i.Number, StringComparer.Ordinal);
            var recorded = new DemoRefund("ref-" + _nextRefund++.ToString(System.Globalization.CultureInfo.InvariantCulture), invoice?.Id ?? "", refund.CashboxId ?? "", refund.Amount,
                refund.Date ?? DateOnly.FromDateTime(_time.GetLocalNow().Date), refund.Description ?? "Refund made in QuickBooks") { ExternalReference = refund.ExternalReference, Kind = refund.Kind };
            _refunds.Add(recorded);
            return new(new RoAppRefundRecordResult(recorded.Id, AlreadyRecorded: false));
        }
    }

    private static RoAppRefundSnapshot Snapshot(DemoRefund refund) => new()
    {
        Id = refund.Id,
        InvoiceId = refund.InvoiceId,
        Kind = refund.Kind,
        Amount = refund.Amount,
        Date = refund.Date,
        CashboxId = refund.CashboxId,
        Description = refund.Description,
    };

    /// <summary>Deletes a payment from its invoice (a payment taken by mistake); the host then tells the library.</summary>
    public DemoPayment DeletePayment(string companyId, string paymentId)
    {
        Company(companyId);
        lock (_gate)
        {
            var invoice = _invoices.Values.FirstOrDefault(i => i.Payments.Any(p => p.Id == paymentId))
                ?? throw new KeyNotFoundException($"The demo RO App has no payment '{paymentId}' in company '{companyId}'.");
            var payment = invoice.Payments.First(p => p.Id == paymentId);
            _invoices[invoice.Id] = invoice with { Payments = [.. invoice.Payments.Where(p => p.Id != paymentId)] };
            return payment;
        }
    }
}
