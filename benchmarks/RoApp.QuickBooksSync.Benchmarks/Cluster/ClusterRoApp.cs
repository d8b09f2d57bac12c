using System.Net;
using System.Net.Http.Json;
using RoApp.QuickBooksSync.Benchmarks.Soak;
using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Benchmarks.Cluster;

/// <summary>
/// RO App for the whole cluster: the coordinator keeps the one <see cref="SoakRoApp"/> (invoices, statuses,
/// payments, status moves) and serves it over HTTP on 127.0.0.1, so every host process reads and writes the
/// same RO App, as the real one does. Recording a payment is idempotent by its external reference (in
/// <see cref="SoakRoApp.RecordPaymentAsync"/>).
/// </summary>
internal sealed class ClusterRoAppServer : IDisposable
{
    private readonly SoakRoApp _roApp;
    private readonly HttpListener _listener;
    private long _calls;

    public ClusterRoAppServer(SoakRoApp roApp)
    {
        _roApp = roApp;
        (_listener, Url) = ClusterWire.Listen();
        _ = ClusterWire.ServeAsync(_listener, HandleAsync);
    }

    public Uri Url { get; }

    public long Calls => Interlocked.Read(ref _calls);

    public void Dispose() => _listener.Close();

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _calls);
        var company = SoakRoApp.CompanyId;
        var none = CancellationToken.None;
        switch (context.Request.Url!.AbsolutePath)
        {
            case "/roapp/statuses":
                await ClusterWire.WriteAsync(context, 200, await _roApp.ListInvoiceStatusesAsync(company, none));
                break;
            case "/roapp/taxes":
                await ClusterWire.WriteAsync(context, 200, await _roApp.ListTaxesAsync(company, none));
                break;
            case "/roapp/cashboxes":
                await ClusterWire.WriteAsync(context, 200, await _roApp.ListCashboxesAsync(company, none));
                break;
            case "/roapp/legacy":
                await ClusterWire.WriteAsync(context, 200, await _roApp.IsLegacyIntegrationEnabledAsync(company, none));
                break;
            case "/roapp/invoice":
                var invoiceId = (await ClusterWire.ReadAsync<IdRequest>(context)).Id;
                await ClusterWire.WriteAsync(context, 200, new InvoiceAnswer(await _roApp.GetInvoiceAsync(company, invoiceId, none)));
                break;
            case "/roapp/payment":
                var paymentId = (await ClusterWire.ReadAsync<IdRequest>(context)).Id;
                await ClusterWire.WriteAsync(context, 200, new PaymentAnswer(await _roApp.GetPaymentAsync(company, paymentId, none)));
                break;
            case "/roapp/change-status":
                var change = await ClusterWire.ReadAsync<RoAppInvoiceStatusChange>(context);
                var result = await _roApp.ChangeInvoiceStatusAsync(company, change, none);
                await ClusterWire.WriteAsync(context, 200, new StatusChangeAnswer(result.Outcome, result.FromStatusId, result.Rule));
                break;
            case "/roapp/record-payment":
                var record = await ClusterWire.ReadAsync<RoAppPaymentRecord>(context);
                await ClusterWire.WriteAsync(context, 200, await _roApp.RecordPaymentAsync(company, record, none));
                break;
            case "/roapp/report-payment-change":
                var reported = await ClusterWire.ReadAsync<RoAppPaymentChange>(context);
                await _roApp.ReportPaymentChangeAsync(company, reported, none);
                ClusterWire.WriteStatus(context, 204);
                break;
            default:
                ClusterWire.WriteStatus(context, 404);
                break;
        }
    }

    internal sealed record IdRequest(string Id);

    internal sealed record InvoiceAnswer(RoAppInvoiceSnapshot? Invoice);

    internal sealed record PaymentAnswer(RoAppPaymentSnapshot? Payment);

    internal sealed record StatusChangeAnswer(RoAppStatusChangeOutcome Outcome, string? FromStatusId, string? Rule);
}

/// <summary>The host process's <see cref="IRoAppGateway"/>: every call goes to the coordinator's RO App over HTTP.</summary>
internal sealed class ClusterRoAppGateway(HttpClient http) : IRoAppGateway
{
    public async ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) =>
        await PostAsync<List<RoAppInvoiceStatus>>("roapp/statuses", new { }, cancellationToken);

    public async ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) =>
        await PostAsync<List<RoAppTax>>("roapp/taxes", new { }, cancellationToken);

    public async ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) =>
        await PostAsync<List<RoAppCashbox>>("roapp/cashboxes", new { }, cancellationToken);

    public async ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) =>
        await PostAsync<bool>("roapp/legacy", new { }, cancellationToken);

    public async ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) =>
        (await PostAsync<ClusterRoAppServer.InvoiceAnswer>("roapp/invoice", new ClusterRoAppServer.IdRequest(invoiceId), cancellationToken)).Invoice;

    public async ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) =>
        (await PostAsync<ClusterRoAppServer.PaymentAnswer>("roapp/payment", new ClusterRoAppServer.IdRequest(paymentId), cancellationToken)).Payment;

    public async ValueTask<RoAppStatusChangeResult> ChangeInvoiceStatusAsync(string companyId, RoAppInvoiceStatusChange change, CancellationToken cancellationToken)
    {
        var answer = await PostAsync<ClusterRoAppServer.StatusChangeAnswer>("roapp/change-status", change, cancellationToken);
        return answer.Outcome switch
        {
            RoAppStatusChangeOutcome.Changed => RoAppStatusChangeResult.Changed(answer.FromStatusId),
            RoAppStatusChangeOutcome.Unchanged => RoAppStatusChangeResult.Unchanged(),
            _ => RoAppStatusChangeResult.Refused(answer.FromStatusId ?? "", answer.Rule),
        };
    }

    public async ValueTask<RoAppPaymentRecordResult> RecordPaymentAsync(string companyId, RoAppPaymentRecord payment, CancellationToken cancellationToken) =>
        await PostAsync<RoAppPaymentRecordResult>("roapp/record-payment", payment, cancellationToken);

    public async ValueTask ReportPaymentChangeAsync(string companyId, RoAppPaymentChange change, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("roapp/report-payment-change", change, ClusterWire.Json, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, ClusterWire.Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(ClusterWire.Json, cancellationToken) ?? throw new InvalidDataException($"RO App answered nothing to {path}.");
    }
}
