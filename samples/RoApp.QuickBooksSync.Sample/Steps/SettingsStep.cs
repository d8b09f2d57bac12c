using RoApp.QuickBooksSync.Sample.DemoRoApp;
using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Sample.Steps;

/// <summary>
/// Saves the demo company's sync settings the way its settings page would: invoices go to QuickBooks when they
/// enter "Awaiting payment"; QuickBooks payments land in the card terminal; the sales tax maps to QuickBooks'
/// "California" code; and QuickBooks events move invoices (edited: back to "In progress", paid: "Paid",
/// voided: "Canceled"). The library checks every choice against RO App and QuickBooks before saving.
/// </summary>
internal sealed class SettingsStep(IQuickBooksSettingsService settings, DemoRoApp.DemoRoApp roApp, QuickBooksBackend backend, ConsoleProgress progress)
{
    /// <summary>The QuickBooks tax code the sales tax maps to, as a user would type it (the simulator's US company has it).</summary>
    public const string QuickBooksTaxCode = "California";

    public async Task<CompanySettings> RunAsync(string companyId, CancellationToken cancellationToken)
    {
        progress.Step("Saving the sync settings (checked against RO App and QuickBooks first)");
        var current = await settings.GetAsync(companyId, cancellationToken);
        var wanted = current with
        {
            TriggerStatusIds = [DemoSeed.AwaitingPayment],
            PaymentCashboxId = DemoSeed.CardTerminal,

            // Card payments taken in RO App are deposited to the bank account; cash goes to Undeposited Funds (the default).
            DepositAccountIdsByCashboxId = backend.Company is { } company
                ? new Dictionary<string, string> { [DemoSeed.CardTerminal] = company.BankAccountId }
                : current.DepositAccountIdsByCashboxId,
            TaxMappings = [new TaxMappingRow(DemoSeed.SalesTax, QuickBooksTaxCode)],
            InvoiceUpdatedStatusId = DemoSeed.InProgress,
            PaymentCreatedStatusId = DemoSeed.Paid,
            InvoiceVoidedStatusId = DemoSeed.Canceled,

            // The branches go to QuickBooks as Locations (the simulated company tracks them; a real one may not).
            Locations = backend.InProcess ? new LocationTracking { Mode = LocationTrackingMode.Location } : current.Locations,
        };

        var result = await settings.SaveAsync(wanted, cancellationToken);
        foreach (var warning in result.Validation.Warnings)
        {
            progress.Detail($"warning: {warning}");
        }

        if (result.Outcome != SettingsSaveOutcome.Saved || result.Settings is null)
        {
            var errors = string.Join(Environment.NewLine, result.Validation.Errors.Select(e => $"  {e}"));
            throw new SampleException($"The settings were not saved ({result.Outcome}):{Environment.NewLine}{errors}");
        }

        var saved = result.Settings;
        progress.Detail($"Trigger statuses: {string.Join(", ", saved.TriggerStatusIds.Select(roApp.StatusName))}");
        progress.Detail($"QuickBooks payments go to: {roApp.CashboxName(saved.PaymentCashboxId!)}");
        progress.Detail($"Tax rows: {string.Join(", ", saved.TaxMappings.Select(r => $"'Sales tax 8.25%' -> '{r.QuickBooksTaxCode}'"))}");
        progress.Detail($"RO App locations go to QuickBooks as: {saved.Locations.Mode}");
        progress.Detail(
            $"Events: Invoice updated -> {roApp.StatusName(saved.InvoiceUpdatedStatusId!)}, " +
            $"Payment created -> {roApp.StatusName(saved.PaymentCreatedStatusId!)}, " +
            $"Invoice voided -> {roApp.StatusName(saved.InvoiceVoidedStatusId!)}");
        return saved;
    }
}
