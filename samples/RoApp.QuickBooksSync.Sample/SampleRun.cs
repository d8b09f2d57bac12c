using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Sample.Checks;
using RoApp.QuickBooksSync.Sample.Flows;
using RoApp.QuickBooksSync.Sample.Report;
using RoApp.QuickBooksSync.Sample.Steps;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Sample;

/// <summary>The whole sample, step by step: QuickBooks, storage, the host, the connection, the settings, the metrics.</summary>
internal static class SampleRun
{
    public static async Task RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var progress = new ConsoleProgress(output);
        using var metrics = new MetricsSummary();

        // appsettings.json beside the binaries, then environment variables (QuickBooksSync__ClientId, ...), then arguments.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var sample = builder.Configuration.GetSection(SampleOptions.SectionName).Get<SampleOptions>() ?? new SampleOptions();

        progress.Step("Starting QuickBooks");
        await using var backend = QuickBooksBackend.Start(builder.Configuration);
        progress.Detail($"Using {backend.Description}");

        var keepState = sample.KeepState && !backend.InProcess;
        var data = SampleDataFolder.Prepare(sample, keepState);
        progress.Detail((data.Kept, keepState) switch
        {
            (true, _) => $"SQLite store {data.DatabasePath}: kept from the last run (Sample:KeepState)",
            (false, true) => $"SQLite store {data.DatabasePath}: new, and kept for the next run (Sample:KeepState)",
            _ => $"SQLite store {data.DatabasePath}: new (reset at every run; Sample:KeepState=true keeps it when QuickBooks outlives the run)",
        });

        var tokenKey = TokenKey(builder.Configuration[$"{QuickBooksSyncOptions.SectionName}:Connection:TokenEncryptionKey"], keepState);
        var roApp = new DemoRoApp.DemoRoApp(TimeProvider.System);
        builder.Services.AddSingleton(roApp);
        builder.Services.AddSingleton<IRoAppGateway>(roApp);
        builder.Services.AddQuickBooksSync(builder.Configuration.GetSection(QuickBooksSyncOptions.SectionName)).UseSqlite(data.DatabasePath);
        builder.Services.PostConfigure<QuickBooksSyncOptions>(options =>
        {
            backend.Apply(options);
            options.Connection.TokenEncryptionKey ??= tokenKey;
        });

        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var services = host.Services;
            var options = services.GetRequiredService<IOptions<QuickBooksSyncOptions>>().Value;
            PrintRoApp(roApp, progress);
            var intake = services.GetRequiredService<IQuickBooksWebhookHandler>();
            backend.DeliverWebhooksTo(intake, progress);
            await using var endpoint = !backend.InProcess && sample.WebhookUrl is { } webhookUrl ? LocalWebhookEndpoint.Start(webhookUrl, intake, progress) : null;
            if (!backend.InProcess)
            {
                progress.Detail(sample.WebhookUrl is { } url
                    ? $"Webhooks: listening on {url}"
                    : "Webhooks: no endpoint (Sample:WebhookUrl unset); reconciliation picks up changes made in QuickBooks");
            }

            var connect = new ConnectStep(services.GetRequiredService<IQuickBooksConnector>(), backend, sample, options, progress);
            var connection = await connect.RunAsync(roApp.CompanyId, cancellationToken);

            var settings = new SettingsStep(services.GetRequiredService<IQuickBooksSettingsService>(), roApp, backend, progress);
            await settings.RunAsync(roApp.CompanyId, cancellationToken);

            await RunFlowsAsync(services, roApp, backend, connection.RealmId!, sample.ListenFor, progress, output, metrics, cancellationToken);
            progress.Detail((keepState, backend.InProcess) switch
            {
                (true, _) => "Done. The SQLite store is kept for the next run (Sample:KeepState): the next run finds the connection and the links and sends only what changed.",
                (false, true) => "Done. Run it again: every run starts from a fresh SQLite store, a fresh simulator and a fresh demo RO App.",
                _ => "Done. The SQLite store is reset at the next run but this QuickBooks keeps what was sent: set Sample:KeepState=true (and a TokenEncryptionKey) so a second run updates instead of creating again.",
            });
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The two-way flows, then what the invoice page, the journal and the meter show, then the self-check.</summary>
    private static async Task RunFlowsAsync(
        IServiceProvider services, DemoRoApp.DemoRoApp roApp, QuickBooksBackend backend, string realmId, TimeSpan listenFor, ConsoleProgress progress, TextWriter output,
        MetricsSummary metrics, CancellationToken cancellationToken)
    {
        var sync = services.GetRequiredService<IQuickBooksSync>();
        using var hooks = new RoAppHostHooks(roApp, sync, progress, cancellationToken);
        var drain = new WorkDrain(hooks, services.GetRequiredService<IWorkQueueStore>(), backend.Simulator, roApp.CompanyId, TimeProvider.System);
        var toQuickBooks = new RoAppToQuickBooks(roApp, sync, drain, progress);
        await toQuickBooks.RunAsync(cancellationToken);
        QuickBooksToRoApp? toRoApp = null;
        MoneyLifecycle? money = null;
        if (backend.Simulator is { } simulator)
        {
            toRoApp = new QuickBooksToRoApp(roApp, sync, simulator, realmId, drain, progress);
            await toRoApp.RunAsync(cancellationToken);
            money = new MoneyLifecycle(roApp, sync, simulator, realmId, drain, progress);
            await money.RunAsync(cancellationToken);
        }
        else if (listenFor > TimeSpan.Zero)
        {
            // The bookkeeper is the simulator's: against a real QuickBooks, a person plays that part.
            progress.Step($"QuickBooks -> RO App: edit, pay or void these invoices in QuickBooks now; RO App reacts to the webhooks for {listenFor}");
            await Task.Delay(listenFor, cancellationToken);
            await drain.WaitAsync("processing the changes made in QuickBooks", cancellationToken);
        }
        else
        {
            progress.Step("QuickBooks -> RO App: skipped (the bookkeeper is the in-process simulator's). Set Sample:ListenFor (e.g. 00:05:00) and Sample:WebhookUrl to make the changes in QuickBooks yourself");
        }

        await new InvoiceTable(sync, roApp, progress, output).PrintAsync(cancellationToken);
        await new JournalHighlights(services.GetRequiredService<IJournalStore>(), progress).PrintAsync(roApp.CompanyId, 16, cancellationToken);
        metrics.Print(progress);

        if (backend.Simulator is { } books && toRoApp is not null)
        {
            var facts = new SampleExpectations.FlowFacts(toQuickBooks.EditedInvoiceQuickBooksId, toQuickBooks.RoAppPayment!, toRoApp.FullPayment, QuickBooksToRoApp.PartialPayment, money?.Deposit, money?.Deleted, money?.Refund, toQuickBooks.EditedOutsideTriggerQuickBooksId);
            await new SampleExpectations(roApp, sync, books, realmId, progress).VerifyAsync(facts, cancellationToken);
        }
    }

    private static string? TokenKey(string? configuredKey, bool keepState)
    {
        if (!string.IsNullOrWhiteSpace(configuredKey))
        {
            return null;
        }

        if (keepState)
        {
            throw new SampleException(
                "Sample:KeepState keeps the stored (encrypted) tokens, so the key must outlive the run: set " +
                "QuickBooksSync__Connection__TokenEncryptionKey to 32 random bytes in Base64 (openssl rand -base64 32).");
        }

        // Every run starts from an empty store, so a throwaway key protects its tokens as well as a kept one would.
        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    }

    private static void PrintRoApp(DemoRoApp.DemoRoApp roApp, ConsoleProgress progress)
    {
        progress.Step($"The demo RO App: '{roApp.CompanyName}' with {roApp.Invoices(roApp.CompanyId).Count} invoices");
        foreach (var invoice in roApp.Invoices(roApp.CompanyId))
        {
            var payer = invoice.Payer is null ? "" : $", paid by {invoice.Payer.Name}";
            progress.Detail(string.Create(CultureInfo.InvariantCulture,
                $"#{invoice.Number}  {invoice.Client.FullName,-16} {invoice.Subtotal,8:0.00} + tax {roApp.TaxOf(invoice),5:0.00}  {roApp.StatusName(invoice.StatusId),-16} {invoice.Lines[0].Name}{payer}"));
        }
    }
}
