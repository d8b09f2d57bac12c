using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Connection;

namespace RoApp.QuickBooksSync.Settings;

internal sealed class TaxMapper(
    IQuickBooksCompanyDirectory directory,
    IOptionsMonitor<QuickBooksSyncOptions> options,
    TimeProvider timeProvider) : ITaxMapper
{
    internal const string UsTaxable = "TAX";
    internal const string UsNonTaxable = "NON";

    // A miss re-reads the codes (someone may just have created one), but not more often than this.
    private static readonly TimeSpan MissRefreshInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, CachedCodes> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedRates> _rates = new(StringComparer.Ordinal);
    private readonly Engine.SingleFlight<string, CachedCodes> _codeReads = new(StringComparer.Ordinal);
    private readonly Engine.SingleFlight<string, IReadOnlyDictionary<string, decimal>> _rateReads = new(StringComparer.Ordinal);

    public async ValueTask<TaxCodeMatch> ResolveAsync(string realmId, string typedText, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        var text = (typedText ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            return new TaxCodeMatch(null, []);
        }

        var cached = await GetCodesAsync(realmId, forceRefreshIfOlderThan: null, cancellationToken).ConfigureAwait(false);
        var code = Find(cached.Codes, text);
        if (code is null && timeProvider.GetUtcNow() - cached.LoadedAt >= MissRefreshInterval)
        {
            cached = await GetCodesAsync(realmId, MissRefreshInterval, cancellationToken).ConfigureAwait(false);
            code = Find(cached.Codes, text);
        }

        return code is not null ? new TaxCodeMatch(code, []) : new TaxCodeMatch(null, Closest(cached.Codes, text));
    }

    public async ValueTask<InvoiceTaxPlan> PlanInvoiceAsync(
        string realmId,
        QuickBooksCompanyProfile profile,
        IReadOnlyList<TaxMappingRow> mappings,
        IReadOnlyList<string?> lineRoAppTaxIds,
        CancellationToken cancellationToken,
        bool pricesIncludeTax = false)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(mappings);
        ArgumentNullException.ThrowIfNull(lineRoAppTaxIds);

        var rows = mappings.GroupBy(m => m.RoAppTaxId.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var resolved = new Dictionary<string, QuickBooksTaxCode>(StringComparer.Ordinal);
        var problems = new List<SettingsProblem>();
        var notes = new List<string>();

        foreach (var taxId in lineRoAppTaxIds.Where(t => t is not null).Select(t => t!.Trim()).Distinct(StringComparer.Ordinal))
        {
            if (!rows.TryGetValue(taxId, out var row))
            {
                if (profile.IsUnitedStates)
                {
                    notes.Add($"RO App tax '{taxId}' is not mapped to a QuickBooks tax code, so its lines were sent as {UsNonTaxable} (not taxable).");
                }
                else
                {
                    problems.Add(new SettingsProblem("TaxMappings", $"RO App tax '{taxId}' on this invoice is not mapped to a QuickBooks tax code; QuickBooks companies outside the US need a tax code on every taxed line.",
                        $"Add a tax mapping row for RO App tax '{taxId}' in the QuickBooks settings, then sync again."));
                }

                continue;
            }

            var match = await ResolveAsync(realmId, row.QuickBooksTaxCode, cancellationToken).ConfigureAwait(false);
            if (match.Code is null)
            {
                problems.Add(UnknownCodeProblem("TaxMappings", row, match));
                continue;
            }

            resolved[taxId] = match.Code;
        }

        if (problems.Count > 0)
        {
            throw new QuickBooksSettingsException(problems) { RealmId = realmId };
        }

        if (profile.IsUnitedStates && pricesIncludeTax && resolved.Count > 0)
        {
            throw new QuickBooksSettingsException(
            [
                new SettingsProblem("PricesIncludeTax", "its prices include tax, but a US QuickBooks company adds sales tax on top of prices and takes no tax-included prices.",
                    "In RO App, set this company's taxes to be added to the price (not included), then sync again."),
            ]) { RealmId = realmId };
        }

        if (profile.IsUnitedStates)
        {
            var lines = lineRoAppTaxIds.Select(t => t is not null && resolved.ContainsKey(t.Trim()) ? UsTaxable : UsNonTaxable).ToList<string?>();
            string? transactionCode = null;
            if (!profile.PartnerTaxEnabled)
            {
                var distinct = resolved.Values.Select(c => c.Id).Distinct(StringComparer.Ordinal).ToList();
                if (distinct.Count > 1)
                {
                    throw new QuickBooksSettingsException(
                    [
                        new SettingsProblem("TaxMappings", $"The invoice's lines map to {distinct.Count} different QuickBooks tax codes ({string.Join(", ", resolved.Values.Select(c => c.Name).Distinct(StringComparer.Ordinal))}), but a US QuickBooks invoice carries one sales tax.",
                            "Map the RO App taxes used together on one invoice to the same QuickBooks tax code (a combined rate), or split the invoice."),
                    ]) { RealmId = realmId };
                }

                transactionCode = distinct.FirstOrDefault();
            }

            return new InvoiceTaxPlan(lines, transactionCode, GlobalTaxCalculation: null, notes);
        }

        var nonUsLines = lineRoAppTaxIds.Select(t => t is null ? null : resolved[t.Trim()].Id).ToList();
        if (resolved.Count == 0)
        {
            return new InvoiceTaxPlan(nonUsLines, TransactionTaxCodeId: null, "NotApplicable", notes);
        }

        if (!pricesIncludeTax)
        {
            return new InvoiceTaxPlan(nonUsLines, TransactionTaxCodeId: null, "TaxExcluded", notes);
        }

        var rates = await GetRatesAsync(realmId, cancellationToken).ConfigureAwait(false);
        var lineRates = lineRoAppTaxIds
            .Select(t => t is null ? 0m : (resolved[t.Trim()].SalesRateIds ?? []).Sum(id => rates.GetValueOrDefault(id)))
            .ToList();
        return new InvoiceTaxPlan(nonUsLines, TransactionTaxCodeId: null, InvoiceTaxPlan.TaxInclusiveMode, notes) { LineRatePercents = lineRates };
    }

    private async ValueTask<IReadOnlyDictionary<string, decimal>> GetRatesAsync(string realmId, CancellationToken cancellationToken)
    {
        // Read only for tax-inclusive invoices, and kept as long as the codes are.
        var now = timeProvider.GetUtcNow();
        if (_rates.TryGetValue(realmId, out var cached) && now - cached.LoadedAt < options.CurrentValue.Connection.TaxCodeCacheLifetime)
        {
            return cached.Rates;
        }

        return await _rateReads.RunAsync(realmId, async () =>
        {
            var rates = await directory.ListTaxRatesAsync(realmId, cancellationToken).ConfigureAwait(false);
            _rates[realmId] = new CachedRates(rates, timeProvider.GetUtcNow());
            return rates;
        }, cancellationToken).ConfigureAwait(false);
    }

    public void Invalidate(string realmId)
    {
        _cache.TryRemove(realmId, out _);
        _rates.TryRemove(realmId, out _);
    }

    internal static SettingsProblem UnknownCodeProblem(string field, TaxMappingRow row, TaxCodeMatch match) =>
        new(field,
            $"QuickBooks has no tax code named or numbered '{row.QuickBooksTaxCode.Trim()}' (mapped from RO App tax '{row.RoAppTaxId}').",
            match.ClosestNames.Count > 0
                ? $"Type one of the existing QuickBooks tax codes, e.g. {string.Join(", ", match.ClosestNames.Select(n => $"'{n}'"))}."
                : "Create the tax code in QuickBooks first, or type the name of an existing one.");

    private async ValueTask<CachedCodes> GetCodesAsync(string realmId, TimeSpan? forceRefreshIfOlderThan, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var lifetime = options.CurrentValue.Connection.TaxCodeCacheLifetime;
        if (_cache.TryGetValue(realmId, out var cached))
        {
            var age = now - cached.LoadedAt;
            var maxAge = forceRefreshIfOlderThan is { } force && force < lifetime ? force : lifetime;
            if (age < maxAge)
            {
                return cached;
            }
        }

        // Workers starting together on a cold cache share one read.
        return await _codeReads.RunAsync(realmId, async () =>
        {
            var codes = await directory.ListTaxCodesAsync(realmId, cancellationToken).ConfigureAwait(false);
            var fresh = new CachedCodes(codes, timeProvider.GetUtcNow());
            _cache[realmId] = fresh;
            return fresh;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static QuickBooksTaxCode? Find(IReadOnlyList<QuickBooksTaxCode> codes, string text) =>
        NameMatch.Find(codes, text, c => c.Id, c => [c.Name], c => c.Active);

    private static List<string> Closest(IReadOnlyList<QuickBooksTaxCode> codes, string text) =>
        NameMatch.Closest(codes.Where(c => c.Active).Select(c => c.Name), text);

    private sealed record CachedCodes(IReadOnlyList<QuickBooksTaxCode> Codes, DateTimeOffset LoadedAt);

    private sealed record CachedRates(IReadOnlyDictionary<string, decimal> Rates, DateTimeOffset LoadedAt);
}
