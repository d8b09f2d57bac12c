using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.AspNetCore.Tests;

/// <summary>
/// The RO App side of the test host: one repair shop's statuses, tax, cashboxes and invoices. Registered scoped (the
/// default, as a gateway over a DbContext is), so each unit of work gets its own instance over the one shared
/// <see cref="Shop"/>, which stands in for the RO App database.
/// </summary>
public sealed class MyRoAppGateway(MyRoAppGateway.Shop shop) : IRoAppGateway
{
    private readonly object _gate = shop.Gate;
    private readonly Dictionary<string, RoAppInvoiceSnapshot> _invoices = shop.Invoices;

    public IReadOnlyList<RoAppInvoiceStatus> Statuses { get; } =
    [
        new("new", "New", RoAppStatusGroup.New),
        new("in-progress", "In progress", RoAppStatusGroup.InProgress),
        new("awaiting-payment", "Awaiting payment", RoAppStatusGroup.InProgress),
        new("paid", "Paid", RoAppStatusGroup.Paid),
        new("canceled", "Canceled", RoAppStatusGroup.Canceled),
    ];

    public Dictionary<string, string> InvoiceStatuses { get; } = shop.InvoiceStatuses;

    public List<RoAppPaymentRecord> RecordedPayments { get; } = shop.RecordedPayments;

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

    public string? StatusOf(string invoiceId)
    {
        lock (_gate)
        {
            return InvoiceStatuses.GetValueOrDefault(invoiceId);
        }
    }

    /// <summary>The shop's data, one per test host (a singleton): what every scoped gateway instance reads and changes.</summary>
    public sealed class Shop
    {
        public object Gate { get; } = new();

        public Dictionary<string, RoAppInvoiceSnapshot> Invoices { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> InvoiceStatuses { get; } = new(StringComparer.Ordinal);

        public List<RoAppPaymentRecord> RecordedPayments { get; } = [];
    }
}
