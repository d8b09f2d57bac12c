using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Sync;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddQuickBooksSync(builder.Configuration.GetSection("QuickBooksSync"))
    .UseSqlite("data/quickbooks-sync.db")          // or .UsePostgreSql(connectionString)
    .UseRoAppGateway<MyRoAppGateway>();              // your implementation of IRoAppGateway (below)

var app = builder.Build();

// Connect a company (one QuickBooks company per RO App company): send the user to Intuit, which calls your
// redirect URI (QuickBooksSync:RedirectUri) back with code, realmId and state.
app.MapGet("/quickbooks/connect", async (HttpContext http, IQuickBooksConnector connector, CancellationToken ct) =>
    Results.Redirect((await connector.BeginConnectAsync(CompanyOf(http), ct)).AuthorizationUrl.AbsoluteUri));
app.MapGet("/quickbooks/callback", async (string code, string realmId, string state, HttpContext http, IQuickBooksConnector connector, CancellationToken ct) =>
    (await connector.CompleteConnectAsync(CompanyOf(http), code, realmId, state, ct)).Status.ToString());

// Save the company's choices (validated against RO App and QuickBooks; nothing invalid is saved):
app.MapPost("/quickbooks/settings", async (HttpContext http, IQuickBooksSettingsService settings, CancellationToken ct) =>
{
    var current = await settings.GetAsync(CompanyOf(http), ct);
    var saved = await settings.SaveAsync(current with
    {
        TriggerStatusIds = ["awaiting-payment"], PaymentCashboxId = "card-terminal",
        TaxMappings = [new TaxMappingRow("sales-tax", "California")],
        InvoiceUpdatedStatusId = "in-progress", PaymentCreatedStatusId = "paid", InvoiceVoidedStatusId = "canceled",
    }, ct);
    return saved.Outcome == SettingsSaveOutcome.Saved
        ? Results.Ok(saved.Validation.Warnings.Select(w => w.ToString()))
        : Results.BadRequest(saved.Validation.Problems.Select(p => p.ToString()));   // each names the field and the fix
});

// The one "Enable integration" switch: checks the connection and that the old one-way integration is off.
app.MapPost("/quickbooks/enable", async (HttpContext http, IQuickBooksConnector connector, CancellationToken ct) =>
    (await connector.EnableAsync(CompanyOf(http), ct)).Status.ToString());

// Tell the library what happens in RO App (IQuickBooksSync); call these where your code changes invoices and payments:
app.MapPost("/invoices/{invoiceId}/status/{statusId}", async (string invoiceId, string statusId, HttpContext http, IQuickBooksSync sync, CancellationToken ct) =>
    (await sync.InvoiceStatusChangedAsync(CompanyOf(http), invoiceId, statusId, ct)).ToString());
app.MapPost("/invoices/{invoiceId}/payments/{paymentId}", async (string invoiceId, string paymentId, HttpContext http, IQuickBooksSync sync, CancellationToken ct) =>
    await sync.PaymentRecordedAsync(CompanyOf(http), paymentId, invoiceId, ct));
app.MapPost("/invoices/{invoiceId}/sync", async (string invoiceId, HttpContext http, IQuickBooksSync sync, CancellationToken ct) =>
    await sync.SyncInvoiceNowAsync(CompanyOf(http), invoiceId, ct));      // the "Sync with QuickBooks" action
app.MapGet("/invoices/{invoiceId}/quickbooks", async (string invoiceId, HttpContext http, IQuickBooksSync sync, CancellationToken ct) =>
    await sync.GetInvoiceStateAsync(CompanyOf(http), invoiceId, ct));     // status, last sync, QuickBooks link

// Intuit webhooks (IQuickBooksWebhookHandler): verify, parse and queue in milliseconds. The ASP.NET Core package's
// app.MapQuickBooksSync maps this endpoint for you, reading the body with the size limit (see "ASP.NET Core host").
app.MapPost("/webhooks/quickbooks", async (HttpRequest request, IQuickBooksWebhookHandler webhooks, CancellationToken ct) =>
{
    using var body = new MemoryStream();
    await request.Body.CopyToAsync(body, ct);
    var result = await webhooks.HandleAsync(body.ToArray(), request.Headers["intuit-signature"], ct);
    return Results.StatusCode(result.StatusCode);
});

app.Run();

// Which RO App company a request is for: from your sign-in (a claim, the session); a header stands in for it here.
static string CompanyOf(HttpContext http) => http.Request.Headers["X-RoApp-Company"].ToString();

/// <summary>The one port a host implements: reads (and, for the QuickBooks → RO App sync, changes) RO App data.</summary>
internal sealed class MyRoAppGateway : IRoAppGateway
{
    public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RoAppInvoiceStatus>>(
        [
            new("in-progress", "In progress", RoAppStatusGroup.InProgress),
            new("awaiting-payment", "Awaiting payment", RoAppStatusGroup.InProgress),
            new("paid", "Paid", RoAppStatusGroup.Paid),
            new("canceled", "Canceled", RoAppStatusGroup.Canceled),
        ]);

    public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RoAppTax>>([new("sales-tax", "Sales tax", 8.25m)]);

    public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RoAppCashbox>>([new("card-terminal", "Card terminal")]);

    public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(false);

    // Read the invoice and the payment from your RO App database; null means "it does not exist" (nothing is sent).
    public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<RoAppInvoiceSnapshot?>(null);

    public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<RoAppPaymentSnapshot?>(null);

    // The QuickBooks → RO App sync also calls ChangeInvoiceStatusAsync, RecordPaymentAsync, ReportPaymentChangeAsync and RecordRefundAsync;
    // until you implement them, the host logs a warning at start naming them (their defaults throw NotSupportedException).
}
