using RoApp.QuickBooksSync.Connection;

namespace RoApp.QuickBooksSync.Settings;

/// <summary>
/// Resolves what users typed as a QuickBooks tax code to a real TaxCode, and decides the tax codes of an
/// invoice for the QuickBooks company's tax model.
/// </summary>
/// <remarks>
/// <para>US companies: lines carry the pseudo codes <c>TAX</c> (the line's RO App tax is mapped) or
/// <c>NON</c>; without Automated Sales Tax the invoice also carries the mapped code as its transaction tax
/// code (one per invoice); with it, QuickBooks chooses. An unmapped RO App tax sends the line as <c>NON</c>.</para>
/// <para>Other countries: each taxed line carries its mapped TaxCode and the invoice says
/// <c>GlobalTaxCalculation = TaxExcluded</c>, or <c>TaxInclusive</c> when RO App's prices include the tax (then
/// the plan carries each line's rate, for the net amounts QuickBooks stores). An unmapped RO App tax is a
/// <see cref="QuickBooksSettingsException"/> before anything is sent. US companies add sales tax on top and take no
/// tax-inclusive prices: such an invoice is refused the same way.</para>
/// </remarks>
internal interface ITaxMapper
{
    /// <summary>Finds a TaxCode by id or name (trimmed, case-insensitive); when none matches, the closest names.</summary>
    ValueTask<TaxCodeMatch> ResolveAsync(string realmId, string typedText, CancellationToken cancellationToken);

    /// <summary>The tax codes of an invoice whose lines carry these RO App tax ids (null: untaxed line).</summary>
    ValueTask<InvoiceTaxPlan> PlanInvoiceAsync(
        string realmId,
        QuickBooksCompanyProfile profile,
        IReadOnlyList<TaxMappingRow> mappings,
        IReadOnlyList<string?> lineRoAppTaxIds,
        CancellationToken cancellationToken,
        bool pricesIncludeTax = false);

    /// <summary>Forgets the cached tax codes of a realm (the next call reads them again).</summary>
    void Invalidate(string realmId);
}

internal sealed record TaxCodeMatch(QuickBooksTaxCode? Code, IReadOnlyList<string> ClosestNames)
{
    public bool Found => Code is not null;
}

/// <param name="LineTaxCodes">Per line, the TaxCodeRef value to send (null: none).</param>
/// <param name="TransactionTaxCodeId">The TxnTaxDetail.TxnTaxCodeRef value, US without Automated Sales Tax only.</param>
/// <param name="GlobalTaxCalculation">Non-US only: <c>TaxExcluded</c>, <c>TaxInclusive</c> or <c>NotApplicable</c>.</param>
/// <param name="Notes">What the plan chose that a journal should show (e.g. an unmapped tax sent as NON).</param>
internal sealed record InvoiceTaxPlan(
    IReadOnlyList<string?> LineTaxCodes,
    string? TransactionTaxCodeId,
    string? GlobalTaxCalculation,
    IReadOnlyList<string> Notes)
{
    /// <summary><c>TaxInclusive</c> only: per line, the sales rate of its tax code in percent (the rates of a combined code added).</summary>
    public IReadOnlyList<decimal>? LineRatePercents { get; init; }

    /// <summary>Whether the lines' amounts include their tax.</summary>
    public bool TaxInclusive => GlobalTaxCalculation == TaxInclusiveMode;

    public const string TaxInclusiveMode = "TaxInclusive";
}
