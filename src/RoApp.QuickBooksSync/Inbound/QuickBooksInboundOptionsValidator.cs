using Microsoft.Extensions.Options;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>Checks the inbound settings at start-up and names the wrong setting and a right value.</summary>
internal sealed class QuickBooksInboundOptionsValidator : IValidateOptions<QuickBooksSyncOptions>
{
    private const string Prefix = QuickBooksSyncOptions.SectionName + ":" + nameof(QuickBooksSyncOptions.Inbound) + ":";

    public ValidateOptionsResult Validate(string? name, QuickBooksSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inbound = options.Inbound;
        if (inbound is null)
        {
            return ValidateOptionsResult.Fail($"{QuickBooksSyncOptions.SectionName}:{nameof(QuickBooksSyncOptions.Inbound)} must not be null; remove the assignment to use the defaults.");
        }

        var failures = new List<string>();
        if (inbound.MaxWebhookBodyBytes < 1024)
        {
            failures.Add($"{Prefix}{nameof(inbound.MaxWebhookBodyBytes)} is {inbound.MaxWebhookBodyBytes}; use at least 1024 (Intuit's deliveries are a few kilobytes), e.g. 1048576.");
        }

        if (inbound.MaxEventsPerDelivery is < 1 or > 100_000)
        {
            failures.Add($"{Prefix}{nameof(inbound.MaxEventsPerDelivery)} is {inbound.MaxEventsPerDelivery}; use a value between 1 and 100000, e.g. 1000.");
        }

        if (inbound.ReconciliationInterval < TimeSpan.FromMinutes(1) || inbound.ReconciliationInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}{nameof(inbound.ReconciliationInterval)} is {inbound.ReconciliationInterval}; use a value between 00:01:00 and 1.00:00:00, e.g. 00:15:00.");
        }

        if (inbound.ReconciliationOverlap < TimeSpan.Zero || inbound.ReconciliationOverlap > TimeSpan.FromHours(6))
        {
            failures.Add($"{Prefix}{nameof(inbound.ReconciliationOverlap)} is {inbound.ReconciliationOverlap}; use a value between 00:00:00 and 06:00:00, e.g. 00:05:00.");
        }

        if (inbound.ReconciliationConcurrency is < 1 or > 256)
        {
            failures.Add($"{Prefix}{nameof(inbound.ReconciliationConcurrency)} is {inbound.ReconciliationConcurrency}; use a value between 1 and 256, e.g. 16.");
        }

        if (inbound.PendingUpdateWait < TimeSpan.FromMinutes(1) || inbound.PendingUpdateWait > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}{nameof(inbound.PendingUpdateWait)} is {inbound.PendingUpdateWait}; use a value between 00:01:00 and 1.00:00:00, e.g. 00:15:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
