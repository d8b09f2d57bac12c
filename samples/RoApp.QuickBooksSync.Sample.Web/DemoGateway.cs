using System.Security.Cryptography;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Testing;

namespace RoApp.QuickBooksSync.Sample.Web;

/// <summary>A demo RO App in memory: the statuses, tax and cashboxes of a repair shop and three invoices.</summary>
public sealed class DemoGateway : IRoAppGateway
{
    private readonly Dictionary<string, string> _statuses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _payments = new(StringComparer.Ordinal);

    private static readonly RoAppInvoiceSnapshot[] Invoices =
    [
        Invoice("1001", "iPhone 13 screen replacement", 189m),
        Invoice("1002", "Laptop keyboard replacement", 145m),
        Invoice("1003", "Battery replacement", 79m),
    ];

    /// <summary>Points the library at the in-process simulator (when there is one) and fills in what a demo lacks.</summary>
    public static void UseSimulator(QuickBooksSyncOptions options, QuickBooksSimulator? simulator, Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RedirectUri ??= redirectUri;
        // A demo key for this run only: a real host keeps its key in its secrets (openssl rand -base64 32).
        options.Connection.TokenEncryptionKey ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        if (simulator is null)
        {
            return;
        }

        options.ClientId = simulator.ClientId;
        options.ClientSecret = simulator.ClientSecret;
        options.WebhookVerifierToken = simulator.VerifierToken;
        options.ApiBaseUrl = simulator.BaseUrl;
        options.AuthorizeEndpoint = simulator.AuthorizeEndpoint;
        options.TokenEndpoint = simulator.TokenEndpoint;
        options.RevokeEndpoint = simulator.RevokeEndpoint;
    }

    public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) =>
        new([
            new("new", "New", RoAppStatusGroup.New), new("in-progress", "In progress", RoAppStatusGroup.InProgress),
            new("awaiting-payment", "Awaiting payment", RoAppStatusGroup.InProgress), new("paid", "Paid", RoAppStatusGroup.Paid),
            new("canceled", "Canceled", RoAppStatusGroup.Canceled),
        ]);

    public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) => new([new RoAppTax("sales-tax", "Sales tax", 8.25m)]);

    public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) =>
        new([new RoAppCashbox("cash", "Cash"), new RoAppCashbox("card-terminal", "Card terminal")]);

    public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => new(false);

    public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) =>
        new(Invoices.FirstOrDefault(i => i.Id == invoiceId));

    public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) => new((RoAppPaymentSnapshot?)null);

    public ValueTask<RoAppStatusChangeResult> ChangeInvoiceStatusAsync(string companyId, RoAppInvoiceStatusChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_statuses)
        {
            _statuses.TryGetValue(change.InvoiceId, out var from);
            _statuses[change.InvoiceId] = change.ToStatusId;
            return new(RoAppStatusChangeResult.Changed(from));
        }
    }

    public ValueTask<RoAppPaymentRecordResult> RecordPaymentAsync(string companyId, RoAppPaymentRecord payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        lock (_payments)
        {
            // Idempotent by the external reference, as the port asks.
            return new(new RoAppPaymentRecordResult("demo-" + payment.ExternalReference, AlreadyRecorded: !_payments.Add(payment.ExternalReference)));
        }
    }

    public ValueTask ReportPaymentChangeAsync(string companyId, RoAppPaymentChange change, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    // A refund made in QuickBooks: the id is derived from its reference, so a repeat answers the same refund.
    public ValueTask<RoAppRefundRecordResult> RecordRefundAsync(string companyId, RoAppRefundRecord refund, CancellationToken cancellationToken) =>
        new(new RoAppRefundRecordResult("qbo-refund:" + refund?.ExternalReference, AlreadyRecorded: false));

    private static RoAppInvoiceSnapshot Invoice(string id, string work, decimal amount) => new()
    {
        Id = id,
        Number = "INV-" + id,
        StatusId = "awaiting-payment",
        Date = new DateOnly(2026, 3, 2),
        Client = new RoAppContact { Id = "client-" + id, FirstName = "Jane", LastName = "Doe", Email = "jane@example.com" },
        Lines = [new RoAppInvoiceLine(work, 1, amount, amount)],
        Total = amount,
    };
}
