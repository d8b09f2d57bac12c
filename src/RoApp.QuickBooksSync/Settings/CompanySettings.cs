namespace RoApp.QuickBooksSync.Settings;

/// <summary>What one RO App company chose for its QuickBooks sync.</summary>
public sealed record CompanySettings
{
    /// <summary>The RO App company id.</summary>
    public required string CompanyId { get; init; }

    /// <summary>
    /// Whether the "Enable integration" switch is on: syncing runs only when it is (the connection is kept either way).
    /// Read-only here: the one switch is <see cref="Connection.IQuickBooksConnector.EnableAsync"/> (which checks the
    /// connection and the old one-way integration first) and <see cref="Connection.IQuickBooksConnector.DisableAsync"/>.
    /// <see cref="IQuickBooksSettingsService.SaveAsync"/> keeps the stored value and does not require it.
    /// </summary>
    /// <remarks>Stores keep it with the rest of the value; <see cref="Storage.SettingsJson"/> round-trips it.</remarks>
    [System.Text.Json.Serialization.JsonInclude]
    public bool Enabled { get; internal init; }

    /// <summary>
    /// RO App invoice status ids that send an invoice to QuickBooks when it enters them. Empty: invoices
    /// go only by the manual "Sync with QuickBooks" action.
    /// </summary>
    public IReadOnlyList<string> TriggerStatusIds { get; init; } = [];

    /// <summary>The RO App cashbox that receives payments created in QuickBooks; none: such payments are not recorded.</summary>
    public string? PaymentCashboxId { get; init; }

    /// <summary>
    /// The QuickBooks deposit account (Bank or Other Current Asset) per RO App cashbox, for payments sent from
    /// RO App. A cashbox not listed deposits to Undeposited Funds.
    /// </summary>
    public IReadOnlyDictionary<string, string> DepositAccountIdsByCashboxId { get; init; } = new Dictionary<string, string>();

    /// <summary>RO App tax → QuickBooks tax code rows.</summary>
    public IReadOnlyList<TaxMappingRow> TaxMappings { get; init; } = [];

    /// <summary>The RO App status an invoice moves to when it is edited in QuickBooks; none: no move.</summary>
    public string? InvoiceUpdatedStatusId { get; init; }

    /// <summary>The RO App status an invoice moves to when a payment is created for it in QuickBooks; none: no move.</summary>
    public string? PaymentCreatedStatusId { get; init; }

    /// <summary>The RO App status an invoice moves to when it is voided in QuickBooks; none: no move.</summary>
    public string? InvoiceVoidedStatusId { get; init; }

    /// <summary>How invoice lines find their QuickBooks item.</summary>
    public ItemPolicy ItemPolicy { get; init; } = new();

    /// <summary>What cancelling a synced RO App invoice does to its QuickBooks invoice (void by default).</summary>
    public InvoiceRemovalAction InvoiceCancelledAction { get; init; } = InvoiceRemovalAction.Void;

    /// <summary>What deleting a synced RO App invoice does to its QuickBooks invoice (void by default: the books keep a trace).</summary>
    public InvoiceRemovalAction InvoiceDeletedAction { get; init; } = InvoiceRemovalAction.Void;
    /// <summary>What a payment deleted in RO App becomes in QuickBooks: voided (the default, kept for the audit trail) or deleted.</summary>
    public DeletedPaymentAction DeletedPayments { get; init; } = DeletedPaymentAction.Void;
    /// <summary>
    /// RO App payment method → QuickBooks payment method rows. A QuickBooks method is found by its name and created
    /// when missing. Empty: payments go without a method. Not empty: a payment whose method has no row is not sent
    /// (the journal names the method and the fix).
    /// </summary>
    public IReadOnlyList<PaymentMethodMappingRow> PaymentMethodMappings { get; init; } = [];

    /// <summary>How RO App locations reach QuickBooks (as Locations, as Classes, or not at all: the default).</summary>
    public LocationTracking Locations { get; init; } = new();

    /// <summary>The settings version for compare-and-swap; a store sets it.</summary>
    public long Version { get; init; }
}

/// <summary>One row of the tax mapping: an RO App tax and the QuickBooks tax code the user typed for it.</summary>
/// <param name="RoAppTaxId">The RO App tax id.</param>
/// <param name="QuickBooksTaxCode">The QuickBooks tax code name or id as the user typed it.</param>
public sealed record TaxMappingRow(string RoAppTaxId, string QuickBooksTaxCode);

/// <summary>How invoice lines find their QuickBooks item.</summary>
public sealed record ItemPolicy
{
    /// <summary>
    /// When set, every line uses this one QuickBooks item. When not, lines find an item by the product or
    /// service name and create a Service item when none exists.
    /// </summary>
    public string? SingleItemId { get; init; }

    /// <summary>The income account of service items the library creates; none: the first Income account found.</summary>
    public string? IncomeAccountId { get; init; }
}

/// <summary>What a payment deleted in RO App becomes in QuickBooks.</summary>
public enum DeletedPaymentAction
{
    /// <summary>Voided: it stays in QuickBooks with amount 0 and "Voided" in its memo (the audit trail keeps it).</summary>
    Void,

    /// <summary>Deleted from QuickBooks.</summary>
    Delete,
}

/// <summary>One row of the payment method mapping.</summary>
/// <param name="RoAppMethod">The RO App payment method as RO App names it (e.g. <c>Card</c>), compared ignoring case.</param>
/// <param name="QuickBooksPaymentMethod">The QuickBooks payment method name (e.g. <c>Visa</c>); created when QuickBooks has none by that name.</param>
public sealed record PaymentMethodMappingRow(string RoAppMethod, string QuickBooksPaymentMethod);
