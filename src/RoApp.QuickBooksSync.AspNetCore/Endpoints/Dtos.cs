using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.AspNetCore.Endpoints;

// The JSON the endpoints speak. Request bodies are their own types (not CompanySettings): the company comes
// from the request, never from the body, and unknown fields are refused.

/// <summary>The settings form as the operator page edits it; <see cref="Version"/> is the one they were read with.</summary>
internal sealed record SettingsBody
{
    public required long Version { get; init; }

    public IReadOnlyList<string> TriggerStatusIds { get; init; } = [];

    public string? PaymentCashboxId { get; init; }

    public IReadOnlyDictionary<string, string> DepositAccountIdsByCashboxId { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<TaxMappingBody> TaxMappings { get; init; } = [];

    public string? InvoiceUpdatedStatusId { get; init; }

    public string? PaymentCreatedStatusId { get; init; }

    public string? InvoiceVoidedStatusId { get; init; }

    public ItemPolicyBody? ItemPolicy { get; init; }

    public InvoiceRemovalAction? InvoiceCancelledAction { get; init; }

    public InvoiceRemovalAction? InvoiceDeletedAction { get; init; }

    public DeletedPaymentAction? DeletedPayments { get; init; }

    public IReadOnlyList<PaymentMethodMappingBody> PaymentMethodMappings { get; init; } = [];

    public static SettingsBody From(CompanySettings s) => new()
    {
        Version = s.Version,
        TriggerStatusIds = s.TriggerStatusIds,
        PaymentCashboxId = s.PaymentCashboxId,
        DepositAccountIdsByCashboxId = s.DepositAccountIdsByCashboxId,
        TaxMappings = [.. s.TaxMappings.Select(t => new TaxMappingBody(t.RoAppTaxId, t.QuickBooksTaxCode))],
        InvoiceUpdatedStatusId = s.InvoiceUpdatedStatusId,
        PaymentCreatedStatusId = s.PaymentCreatedStatusId,
        InvoiceVoidedStatusId = s.InvoiceVoidedStatusId,
        ItemPolicy = new ItemPolicyBody(s.ItemPolicy.SingleItemId, s.ItemPolicy.IncomeAccountId),
        InvoiceCancelledAction = s.InvoiceCancelledAction,
        InvoiceDeletedAction = s.InvoiceDeletedAction,
        DeletedPayments = s.DeletedPayments,
        PaymentMethodMappings = [.. s.PaymentMethodMappings.Select(m => new PaymentMethodMappingBody(m.RoAppMethod, m.QuickBooksPaymentMethod))],
    };

    public CompanySettings ToSettings(string companyId) => new()
    {
        CompanyId = companyId,
        Version = Version,
        TriggerStatusIds = TriggerStatusIds ?? [],
        PaymentCashboxId = Blank(PaymentCashboxId),
        DepositAccountIdsByCashboxId = DepositAccountIdsByCashboxId ?? new Dictionary<string, string>(),
        TaxMappings = [.. (TaxMappings ?? []).Select(t => new TaxMappingRow(t.RoAppTaxId ?? string.Empty, t.QuickBooksTaxCode ?? string.Empty))],
        InvoiceUpdatedStatusId = Blank(InvoiceUpdatedStatusId),
        PaymentCreatedStatusId = Blank(PaymentCreatedStatusId),
        InvoiceVoidedStatusId = Blank(InvoiceVoidedStatusId),
        ItemPolicy = new ItemPolicy { SingleItemId = Blank(ItemPolicy?.SingleItemId), IncomeAccountId = Blank(ItemPolicy?.IncomeAccountId) },
        InvoiceCancelledAction = InvoiceCancelledAction ?? InvoiceRemovalAction.Void,
        InvoiceDeletedAction = InvoiceDeletedAction ?? InvoiceRemovalAction.Void,
        DeletedPayments = DeletedPayments ?? DeletedPaymentAction.Void,
        PaymentMethodMappings = [.. (PaymentMethodMappings ?? []).Select(m => new PaymentMethodMappingRow(m.RoAppMethod ?? string.Empty, m.QuickBooksPaymentMethod ?? string.Empty))],
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal sealed record TaxMappingBody(string? RoAppTaxId, string? QuickBooksTaxCode);

internal sealed record PaymentMethodMappingBody(string? RoAppMethod, string? QuickBooksPaymentMethod);

internal sealed record ItemPolicyBody(string? SingleItemId, string? IncomeAccountId);

/// <summary>The settings as stored, with whether the integration is on (switched by the connection endpoints).</summary>
internal sealed record SettingsAnswer(bool Enabled, SettingsBody Settings, IReadOnlyList<ProblemAnswer> Warnings);

internal sealed record ProblemAnswer(string Field, string Message, string Fix, string Severity)
{
    public static ProblemAnswer From(SettingsProblem p) => new(ApiEndpoints.JsonField(p.Field), p.Message, p.Fix, p.Severity.ToString());
}

/// <summary>What the settings form offers: RO App's statuses, taxes and cashboxes.</summary>
internal sealed record SettingsChoices(IReadOnlyList<RoAppInvoiceStatus> Statuses, IReadOnlyList<RoAppTax> Taxes, IReadOnlyList<RoAppCashbox> Cashboxes);

internal sealed record QueueAnswer(
    long Pending,
    long InProgress,
    long Dead,
    double? OldestPendingAgeSeconds,
    IReadOnlyList<QueueItem> Retrying,
    IReadOnlyList<QueueItem> DeadItems);

internal sealed record QueueItem(long Id, string Kind, string Subject, int Attempts, DateTimeOffset EnqueuedAt, DateTimeOffset RunAt, string? LastError, WorkItemState State)
{
    public static QueueItem From(WorkItem w) => new(w.Id, w.Kind, w.OrderingKey, w.Attempts, w.EnqueuedAt, w.RunAt, w.LastError, w.State);
}

internal sealed record RetryAnswer(long WorkItemId, bool Retried);

internal sealed record JournalAnswer(IReadOnlyList<System.Text.Json.Nodes.JsonObject> Entries, string? ContinuationToken);

/// <summary>Links into the QuickBooks web app (sandbox companies live on another host), as the invoice state gives them.</summary>
internal static class QuickBooksLinks
{
    public static Uri Invoice(QuickBooksEnvironment environment, string quickBooksId) =>
        new((environment == QuickBooksEnvironment.Production ? "https://app.qbo.intuit.com" : "https://app.sandbox.qbo.intuit.com") +
            "/app/invoice?txnId=" + Uri.EscapeDataString(quickBooksId));
}
