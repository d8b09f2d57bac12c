using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.AspNetCore.Tests;

/// <summary>
/// The RO App side of the test host: one repair shop's statuses, tax, cashboxes and invoices. Registered scoped,
/// as a real gateway over a DbContext would be; the data lives in <see cref="MyRoAppData"/>, the test's "database".
/// </summary>
public sealed class MyRoAppGateway(MyRoAppData data) : IRoAppGateway
{
    private object _gate => data.Gate;

    private Dictionary<string, RoAppInvoiceSnapshot> _invoices => data.Invoices;

    public IReadOnlyList<RoAppInvoiceStatus> Statuses { get; } =
    [
        new("new", "New", RoAppStatusGroup.New),
        new("in-progress", "In progress", RoAppStatusGroup.InProgress),
        new("awaiting-payment", "Awaiting payment", RoAppStatusGroup.InProgress),
        new("paid", "Paid", RoAppStatusGroup.Paid),
        new("canceled", "Canceled", RoAppStatusGroup.Canceled),
    ];

    public Dictionary<string, string> InvoiceStatuses => data.InvoiceStatuses;

    public List<RoAppPaymentRecord> RecordedPayments => data.RecordedPayments;

    public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) => new(Statuses);

    public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) =>
        new([new RoAppTax("sales-tax", "Sales tax", 8.25m), new RoAppTax("service-tax", "Service tax", 5m)]);

    public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) =>
        new([new RoAppCashbox("cash", "Cash"), new RoAppCashbox("card-terminal", "Card terminal")]);

    public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => new(false);

    public RoAppInvoiceSnapshot AddInvoice(string id)
    {
        var invoice = new RoAppInvoiceSnapshot
        {
            Id = id,
            Number = "INV-" + id,
            StatusId = "awaiting-payment",
            Date = new DateOnly(2026, 3, 2),
            DueDate = new DateOnly(2026, 4, 1),
            Client = new RoAppContact { Id = "client-" + id, FirstName = "Jane", LastName = "Doe", Email = "jane@example.com" },
            Lines = [new RoAppInvoiceLine("Screen replacement", 1, 100m, 100m), new RoAppInvoiceLine("Labour", 2, 25m, 50m)],
            Total = 150m,
        };
        lock (_gate)
        {
            _invoices[id] = invoice;
            InvoiceStatuses[id] = "awaiting-payment";
        }

        return invoice;
    }

    public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(_invoices.GetValueOrDefault(invoiceId));
        }
    }

    public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) => new((RoAppPaymentSnapshot?)null);

    public ValueTask<RoAppStatusChangeResult> ChangeInvoiceStatusAsync(string companyId, RoAppInvoiceStatusChange change, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var from = InvoiceStatuses.GetValueOrDefault(change.InvoiceId);
            InvoiceStatuses[change.InvoiceId] = change.ToStatusId;
            return new(string.Equals(from, change.ToStatusId, StringComparison.Ordinal) ? RoAppStatusChangeResult.Unchanged() : RoAppStatusChangeResult.Changed(from));
        }
    }

    public ValueTask<RoAppPaymentRecordResult> RecordPaymentAsync(string companyId, RoAppPaymentRecord payment, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var already = RecordedPayments.Any(p => p.ExternalReference == payment.ExternalReference);
            if (!already)
            {
                RecordedPayments.Add(payment);
            }

            return new(new RoAppPaymentRecordResult("ro-pay-" + payment.ExternalReference, already));
        }
    }

    public ValueTask ReportPaymentChangeAsync(string companyId, RoAppPaymentChange change, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    // A refund made in QuickBooks: the id is derived from its reference, so a repeat answers the same refund.
    public ValueTask<RoAppRefundRecordResult> RecordRefundAsync(string companyId, RoAppRefundRecord refund, CancellationToken cancellationToken) =>
        new(new RoAppRefundRecordResult("qbo-refund:" + refund?.ExternalReference, AlreadyRecorded: false));

    public string? StatusOf(string invoiceId)
    {
        lock (_gate)
        {
            return InvoiceStatuses.GetValueOrDefault(invoiceId);
        }
    }
}

/// <summary>What RO App's database holds for the test host, shared by every scoped <see cref="MyRoAppGateway"/>.</summary>
public sealed class MyRoAppData
{
    public object Gate { get; } = new();

    public Dictionary<string, RoAppInvoiceSnapshot> Invoices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> InvoiceStatuses { get; } = new(StringComparer.Ordinal);

    public List<RoAppPaymentRecord> RecordedPayments { get; } = [];
}
