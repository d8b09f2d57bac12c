using System.Collections.Concurrent;
using System.Globalization;
using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Benchmarks.Throughput;

/// <summary>
/// The RO App side of the throughput harness: invoices in memory, each for one client and one product (plus a
/// labour line), so a path chooses how many distinct clients (new customers) and products (new items) it meets.
/// </summary>
internal sealed class ThroughputRoApp : IRoAppGateway
{
    public const string CompanyId = "throughput-shop";
    public const string Ready = "ready";

    private readonly ConcurrentDictionary<string, RoAppInvoiceSnapshot> _invoices = new(StringComparer.Ordinal);

    public string Add(int number, int client, int product)
    {
        var id = "t-" + number.ToString(CultureInfo.InvariantCulture);
        var rate = 20m + (number % 50);
        var tax = Math.Round(rate * 0.0825m, 2, MidpointRounding.AwayFromZero);
        var who = client.ToString(CultureInfo.InvariantCulture);
        _invoices[id] = new RoAppInvoiceSnapshot
        {
            Id = id,
            Number = "T-" + number.ToString(CultureInfo.InvariantCulture),
            StatusId = Ready,
            Date = new DateOnly(2026, 3, 2),
            Client = new RoAppContact { Id = "c" + who, FirstName = "Client", LastName = who, Email = $"c{who}@example.com" },
            Lines =
            [
                new RoAppInvoiceLine("Part " + product.ToString(CultureInfo.InvariantCulture), 1, rate, rate, "sales-tax"),
                new RoAppInvoiceLine("Labour", 1, 30m, 30m),
            ],
            Currency = "USD",
            TaxTotal = tax,
            Total = rate + 30m + tax,
        };
        return id;
    }

    public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) =>
        new(_invoices.GetValueOrDefault(invoiceId));

    public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) => new((RoAppPaymentSnapshot?)null);

    public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) =>
        new([new RoAppInvoiceStatus(Ready, "Ready", RoAppStatusGroup.InProgress)]);

    public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) =>
        new([new RoAppTax("sales-tax", "Sales tax", 8.25m)]);

    public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) =>
        new([new RoAppCashbox("cash", "Front desk")]);

    public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => new(false);

    public ValueTask<RoAppStatusChangeResult> ChangeInvoiceStatusAsync(string companyId, RoAppInvoiceStatusChange change, CancellationToken cancellationToken) =>
        new(RoAppStatusChangeResult.Unchanged());

    public ValueTask<RoAppPaymentRecordResult> RecordPaymentAsync(string companyId, RoAppPaymentRecord payment, CancellationToken cancellationToken) =>
        new(new RoAppPaymentRecordResult("p-" + payment.ExternalReference, AlreadyRecorded: false));

    public ValueTask ReportPaymentChangeAsync(string companyId, RoAppPaymentChange change, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    // A refund made in QuickBooks: the id is derived from its reference, so a repeat answers the same refund.
    public ValueTask<RoAppRefundRecordResult> RecordRefundAsync(string companyId, RoAppRefundRecord refund, CancellationToken cancellationToken) =>
        new(new RoAppRefundRecordResult("qbo-refund:" + refund?.ExternalReference, AlreadyRecorded: false));
}
