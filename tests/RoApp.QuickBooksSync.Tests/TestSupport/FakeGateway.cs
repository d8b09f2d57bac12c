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

    // ---- End of outbound ----
}
