using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Settings;

/// <summary>Checks settings against RO App (host port) and QuickBooks, collecting every problem.</summary>
internal sealed partial class CompanySettingsValidator(
    RoAppGatewayAccessor gateways,
    UnitOfWorkScopes scopes,
    IConnectionStore connections,
    IQuickBooksCompanyDirectory directory,
    ITaxMapper taxMapper)
{
    private const string Reconnect = "Connect QuickBooks in the QuickBooks settings first, then save again.";

    /// <summary>The host's gateway in the check's own DI scope.</summary>
    private IRoAppGateway Gateway => gateways.Gateway;

    public async ValueTask<SettingsValidationResult> ValidateAsync(CompanySettings settings, CancellationToken cancellationToken)
    {
        // A unit of work of its own: a scoped gateway (and its DbContext) lives as long as the check.
        var unit = scopes.Begin();
        await using (unit.ConfigureAwait(false))
        {
            return await ValidateInScopeAsync(settings, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<SettingsValidationResult> ValidateInScopeAsync(CompanySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<SettingsProblem>();
        if (string.IsNullOrWhiteSpace(settings.CompanyId))
        {
            problems.Add(new(nameof(settings.CompanyId), "The company id is empty.", "Pass the RO App company id the settings belong to."));
            return new SettingsValidationResult(problems);
        }

        var companyId = settings.CompanyId;
        var statuses = (await Gateway.ListInvoiceStatusesAsync(companyId, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var taxes = (await Gateway.ListTaxesAsync(companyId, cancellationToken).ConfigureAwait(false)).ToDictionary(t => t.Id, StringComparer.Ordinal);
        var cashboxes = (await Gateway.ListCashboxesAsync(companyId, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var connection = await connections.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
        var quickBooks = new QuickBooksSide(connection, directory, taxMapper);

        CheckTriggerStatuses(settings, statuses, problems);
        CheckPaymentCashbox(settings, cashboxes, problems);
        await CheckDepositAccountsAsync(settings, cashboxes, quickBooks, problems, cancellationToken).ConfigureAwait(false);
        await CheckTaxMappingsAsync(settings, taxes, quickBooks, problems, cancellationToken).ConfigureAwait(false);
        await CheckEventMappingsAsync(settings, statuses, problems, cancellationToken).ConfigureAwait(false);
        await CheckItemPolicyAsync(settings, quickBooks, problems, cancellationToken).ConfigureAwait(false);
        CheckRemovalActions(settings, problems);
        CheckMoneySettings(settings, problems);
        await CheckLocationsAsync(settings, quickBooks, problems, cancellationToken).ConfigureAwait(false);
        return new SettingsValidationResult(problems);
    }

    private static void CheckTriggerStatuses(CompanySettings settings, Dictionary<string, RoAppInvoiceStatus> statuses, List<SettingsProblem> problems)
    {
        for (var i = 0; i < settings.TriggerStatusIds.Count; i++)
        {
            var id = settings.TriggerStatusIds[i];
            if (!statuses.ContainsKey(id ?? string.Empty))
            {
                problems.Add(new($"{nameof(settings.TriggerStatusIds)}[{i}]", $"RO App has no invoice status '{id}'.", $"Choose one of the company's statuses ({Names(statuses.Values.Select(s => s.Name))}) or remove it."));
            }
        }
    }

    private static void CheckPaymentCashbox(CompanySettings settings, Dictionary<string, RoAppCashbox> cashboxes, List<SettingsProblem> problems)
    {
        if (settings.PaymentCashboxId is { } id && !cashboxes.ContainsKey(id))
        {
            problems.Add(new(nameof(settings.PaymentCashboxId), $"RO App has no cashbox '{id}' for payments created in QuickBooks.", $"Choose one of the company's cashboxes ({Names(cashboxes.Values.Select(c => c.Name))}), or none to not record such payments."));
        }
    }

    private static async ValueTask CheckDepositAccountsAsync(CompanySettings settings, Dictionary<string, RoAppCashbox> cashboxes, QuickBooksSide quickBooks, List<SettingsProblem> problems, CancellationToken cancellationToken)
    {
        foreach (var (cashboxId, accountId) in settings.DepositAccountIdsByCashboxId.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var field = $"{nameof(settings.DepositAccountIdsByCashboxId)}[{cashboxId}]";
            if (!cashboxes.ContainsKey(cashboxId))
            {
                problems.Add(new(field, $"RO App has no cashbox '{cashboxId}'.", "Remove this deposit account row or choose an existing cashbox."));
            }

            var accounts = await quickBooks.AccountsAsync(field, problems, cancellationToken).ConfigureAwait(false);
            if (accounts is null)
            {
                continue;
            }

            var account = accounts.FirstOrDefault(a => string.Equals(a.Id, accountId, StringComparison.Ordinal));
            if (account is null)
            {
                problems.Add(new(field, $"QuickBooks has no account with id '{accountId}'.", "Choose an existing Bank or Other Current Asset account, or remove the row to deposit to Undeposited Funds."));
            }
            else if (!account.CanReceiveDeposits)
            {
                problems.Add(new(field, $"QuickBooks account '{account.Name}' is of type {account.AccountType}; payments can only be deposited to Bank or Other Current Asset accounts.", "Choose a Bank or Other Current Asset account, or remove the row to deposit to Undeposited Funds."));
            }
        }
    }

    private static async ValueTask CheckTaxMappingsAsync(CompanySettings settings, Dictionary<string, RoAppTax> taxes, QuickBooksSide quickBooks, List<SettingsProblem> problems, CancellationToken cancellationToken)
    {
        var firstRowByTax = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < settings.TaxMappings.Count; i++)
        {
            var row = settings.TaxMappings[i];
            var field = $"{nameof(settings.TaxMappings)}[{i}]";
            var taxId = row.RoAppTaxId?.Trim() ?? string.Empty;
            var taxName = taxes.TryGetValue(taxId, out var tax) ? tax.Name : taxId;
            if (!taxes.ContainsKey(taxId))
            {
                problems.Add(new($"{field}.{nameof(row.RoAppTaxId)}", $"RO App has no tax '{row.RoAppTaxId}'.", $"Choose one of the company's taxes ({Names(taxes.Values.Select(t => t.Name))}) or remove the row."));
            }
            else if (firstRowByTax.TryGetValue(taxId, out var first))
            {
                problems.Add(new($"{field}.{nameof(row.RoAppTaxId)}", $"RO App tax '{taxName}' is mapped twice (rows {first + 1} and {i + 1}).", "Keep one row per RO App tax."));
            }
            else
            {
                firstRowByTax[taxId] = i;
            }

            var codeField = $"{field}.{nameof(row.QuickBooksTaxCode)}";
            if (string.IsNullOrWhiteSpace(row.QuickBooksTaxCode))
            {
                problems.Add(new(codeField, $"No QuickBooks tax code is given for RO App tax '{taxName}'.", "Type the name or id of a QuickBooks tax code, or remove the row."));
                continue;
            }

            if (quickBooks.RealmId(codeField, problems) is not { } realmId)
            {
                continue;
            }

            TaxCodeMatch match;
            try
            {
                match = await quickBooks.TaxMapper.ResolveAsync(realmId, row.QuickBooksTaxCode, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is QuickBooksException or HttpRequestException)
            {
                problems.Add(QuickBooksSide.Unreachable(codeField, "tax codes"));
                continue;
            }

            if (!match.Found)
            {
                problems.Add(TaxMapper.UnknownCodeProblem(codeField, row with { RoAppTaxId = taxName }, match));
            }
        }

        // Outside the US an unmapped tax stops its invoices before sending; say so now rather than then.
        if (await quickBooks.ProfileAsync(cancellationToken).ConfigureAwait(false) is { IsUnitedStates: false })
        {
            foreach (var tax in taxes.Values.Where(t => !firstRowByTax.ContainsKey(t.Id)).OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                problems.Add(new(nameof(settings.TaxMappings), $"RO App tax '{tax.Name}' has no QuickBooks tax code; invoices with it will be refused before sending (QuickBooks companies outside the US need a tax code on every taxed line).",
                    $"Add a row mapping '{tax.Name}' to a QuickBooks tax code.", SettingsProblemSeverity.Warning));
            }
        }
    }

    private async ValueTask CheckEventMappingsAsync(CompanySettings settings, Dictionary<string, RoAppInvoiceStatus> statuses, List<SettingsProblem> problems, CancellationToken cancellationToken)
    {
        var mappings = new (string Field, string Event, string? StatusId)[]
        {
            (nameof(settings.InvoiceUpdatedStatusId), "Invoice updated", settings.InvoiceUpdatedStatusId),
            (nameof(settings.PaymentCreatedStatusId), "Payment created", settings.PaymentCreatedStatusId),
            (nameof(settings.InvoiceVoidedStatusId), "Invoice voided", settings.InvoiceVoidedStatusId),
        };

        IReadOnlyList<RoAppStatusTransition>? transitions = null;
        var transitionsRead = false;
        foreach (var (field, eventName, statusId) in mappings)
        {
            if (string.IsNullOrWhiteSpace(statusId))
            {
                continue;
            }

            if (!statuses.TryGetValue(statusId, out var target))
            {
                problems.Add(new(field, $"RO App has no invoice status '{statusId}' for the QuickBooks event '{eventName}'.", $"Choose one of the company's statuses ({Names(statuses.Values.Select(s => s.Name))}) or none."));
                continue;
            }

            if (!transitionsRead)
            {
                transitions = await Gateway.ListAllowedStatusTransitionsAsync(settings.CompanyId, cancellationToken).ConfigureAwait(false);
                transitionsRead = true;
            }

            if (transitions is null)
            {
                continue;
            }

            var allowed = transitions.Select(t => (t.FromStatusId, t.ToStatusId)).ToHashSet();
            var sources = settings.TriggerStatusIds.Where(statuses.ContainsKey).Distinct(StringComparer.Ordinal).Select(id => statuses[id]).ToList();
            if (sources.Count > 0)
            {
                // Synced invoices sit in a trigger status (or later ones); each that cannot move to the target is named.
                foreach (var source in sources.Where(s => s.Id != target.Id && !allowed.Contains((s.Id, target.Id))))
                {
                    problems.Add(new(field,
                        $"RO App's status rules do not allow moving an invoice from '{source.Name}' to '{target.Name}', so '{eventName}' in QuickBooks cannot move invoices sent from '{source.Name}'.",
                        $"Allow the move from '{source.Name}' to '{target.Name}' in RO App's status rules, or map '{eventName}' to a status reachable from '{source.Name}'.",
                        SettingsProblemSeverity.Warning));
                }
            }
            else if (!statuses.Values.Any(s => s.Id != target.Id && allowed.Contains((s.Id, target.Id))))
            {
                problems.Add(new(field,
                    $"RO App's status rules allow no status to move to '{target.Name}', so '{eventName}' in QuickBooks can never move an invoice there.",
                    $"Allow a move to '{target.Name}' in RO App's status rules, or map '{eventName}' to another status.",
                    SettingsProblemSeverity.Warning));
            }
        }
    }

    private async ValueTask CheckItemPolicyAsync(CompanySettings settings, QuickBooksSide quickBooks, List<SettingsProblem> problems, CancellationToken cancellationToken)
    {
        if (settings.ItemPolicy?.SingleItemId is { } itemId)
        {
            const string itemField = $"{nameof(settings.ItemPolicy)}.{nameof(ItemPolicy.SingleItemId)}";
            if (quickBooks.RealmId(itemField, problems) is { } realmId)
            {
                try
                {
                    if (await directory.FindItemNameAsync(realmId, itemId, cancellationToken).ConfigureAwait(false) is null)
                    {
                        problems.Add(new(itemField, $"QuickBooks has no active item with id '{itemId}'.", "Choose an existing QuickBooks product or service, or none to find or create items by name."));
                    }
                }
                catch (Exception ex) when (ex is QuickBooksException or HttpRequestException)
                {
                    problems.Add(QuickBooksSide.Unreachable(itemField, "items"));
                }
            }
        }

        if (settings.ItemPolicy?.IncomeAccountId is not { } accountId)
        {
            return;
        }

        const string field = $"{nameof(settings.ItemPolicy)}.{nameof(ItemPolicy.IncomeAccountId)}";
        var accounts = await quickBooks.AccountsAsync(field, problems, cancellationToken).ConfigureAwait(false);
        var account = accounts?.FirstOrDefault(a => string.Equals(a.Id, accountId, StringComparison.Ordinal));
        if (accounts is not null && account is null)
        {
            problems.Add(new(field, $"QuickBooks has no account with id '{accountId}'.", "Choose an existing Income account, or none to use the first Income account."));
        }
        else if (account is not null && !string.Equals(account.AccountType, QuickBooksAccount.IncomeType, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new(field, $"QuickBooks account '{account.Name}' is of type {account.AccountType}; service items need an Income account.", "Choose an Income account, or none to use the first Income account."));
        }
    }

    private static void CheckRemovalActions(CompanySettings settings, List<SettingsProblem> problems)
    {
        var actions = new (string Field, string What, InvoiceRemovalAction Action)[]
        {
            (nameof(settings.InvoiceCancelledAction), "cancelled", settings.InvoiceCancelledAction),
            (nameof(settings.InvoiceDeletedAction), "deleted", settings.InvoiceDeletedAction),
        };
        foreach (var (field, what, action) in actions)
        {
            if (!Enum.IsDefined(action))
            {
                problems.Add(new(field, $"'{(int)action}' is not something the library can do to a QuickBooks invoice when its RO App invoice is {what}.",
                    $"Choose {nameof(InvoiceRemovalAction.Void)} (the default: the invoice stays in QuickBooks with zero amounts), {nameof(InvoiceRemovalAction.Delete)}, or {nameof(InvoiceRemovalAction.Nothing)}."));
            }
            else if (action == InvoiceRemovalAction.Delete)
            {
                problems.Add(new(field, $"A QuickBooks invoice whose RO App invoice is {what} will be deleted: QuickBooks keeps no trace of it in the books (only in its audit log).",
                    $"Keep {nameof(InvoiceRemovalAction.Delete)} if that is intended; {nameof(InvoiceRemovalAction.Void)} keeps the invoice, numbered, with zero amounts.", SettingsProblemSeverity.Warning));
            }
        }
    }

    /// <summary>
    /// Location tracking needs QuickBooks to track what it sends (read fresh: the bookkeeper may just have switched it
    /// on), and every mapping row must name an active QuickBooks location or class.
    /// </summary>
    private async ValueTask CheckLocationsAsync(CompanySettings settings, QuickBooksSide quickBooks, List<SettingsProblem> problems, CancellationToken cancellationToken)
    {
        var tracking = settings.Locations ?? new LocationTracking();
        const string modeField = $"{nameof(settings.Locations)}.{nameof(LocationTracking.Mode)}";
        const string rowsField = $"{nameof(settings.Locations)}.{nameof(LocationTracking.Mappings)}";
        if (!Enum.IsDefined(tracking.Mode))
        {
            problems.Add(new(modeField, $"'{(int)tracking.Mode}' is not a way to send RO App locations to QuickBooks.",
                $"Choose {nameof(LocationTrackingMode.None)} (the default), {nameof(LocationTrackingMode.Location)} or {nameof(LocationTrackingMode.Class)}."));
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tracking.Mappings.Count; i++)
        {
            var row = tracking.Mappings[i];
            if (string.IsNullOrWhiteSpace(row?.RoAppLocation) || string.IsNullOrWhiteSpace(row.QuickBooksName))
            {
                problems.Add(new($"{rowsField}[{i}]", "A location mapping row needs both the RO App location and the QuickBooks name.", "Fill in both, or remove the row."));
            }
            else if (!seen.Add(row.RoAppLocation.Trim()))
            {
                problems.Add(new($"{rowsField}[{i}]", $"RO App location '{row.RoAppLocation.Trim()}' is mapped twice.", "Keep one row per RO App location."));
            }
        }

        if (tracking.Mode == LocationTrackingMode.None || quickBooks.RealmId(modeField, problems) is not { } realmId)
        {
            return;
        }

        var what = tracking.Mode == LocationTrackingMode.Class ? "class" : "location";
        IReadOnlyList<QuickBooksTrackingName> names;
        try
        {
            var profile = await directory.GetProfileAsync(realmId, cancellationToken).ConfigureAwait(false);
            var tracked = tracking.Mode == LocationTrackingMode.Class ? profile.ClassTrackingPerTxn || profile.ClassTrackingPerTxnLine : profile.TrackDepartments;
            if (!tracked)
            {
                problems.Add(new(modeField,
                    tracking.Mode == LocationTrackingMode.Class
                        ? "The QuickBooks company does not track classes, so it takes no class on an invoice."
                        : "The QuickBooks company does not track locations, so it takes no location on an invoice or payment.",
                    tracking.Mode == LocationTrackingMode.Class
                        ? "In QuickBooks, switch on Track classes (Settings > Account and settings > Advanced > Categories), then save again; or choose None."
                        : "In QuickBooks, switch on Track locations (Settings > Account and settings > Advanced > Categories), then save again; or choose None."));
                return;
            }

            names = await directory.ListTrackingNamesAsync(realmId, tracking.Mode, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is QuickBooksException or HttpRequestException)
        {
            problems.Add(QuickBooksSide.Unreachable(modeField, what + "s"));
            return;
        }

        for (var i = 0; i < tracking.Mappings.Count; i++)
        {
            var row = tracking.Mappings[i];
            if (string.IsNullOrWhiteSpace(row?.QuickBooksName) || string.IsNullOrWhiteSpace(row.RoAppLocation))
            {
                continue;
            }

            var wanted = row.QuickBooksName.Trim();
            var found = NameMatch.Find(names, wanted, n => n.Id, n => [n.Name, n.FullyQualifiedName], n => n.Active);
            if (found is null || !found.Active)
            {
                var closest = NameMatch.Closest(names.Where(n => n.Active).Select(n => n.Name), wanted);
                problems.Add(new($"{rowsField}[{i}].{nameof(LocationMappingRow.QuickBooksName)}",
                    found is null
                        ? $"QuickBooks has no {what} named '{wanted}' (mapped from RO App location '{row.RoAppLocation.Trim()}')."
                        : $"QuickBooks {what} '{found.Name}' (mapped from RO App location '{row.RoAppLocation.Trim()}') is inactive.",
                    closest.Count > 0
                        ? $"Type one of the active QuickBooks {what}s, e.g. {string.Join(", ", closest.Select(n => $"'{n}'"))}, or create '{wanted}' in QuickBooks."
                        : $"Create the {what} '{wanted}' in QuickBooks first, or type the name of an existing one."));
            }
        }
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        return list.Count == 0 ? "none exist" : string.Join(", ", list.Take(10).Select(n => $"'{n}'")) + (list.Count > 10 ? ", ..." : string.Empty);
    }

    /// <summary>Reads the QuickBooks side once per check, and reports once when it cannot.</summary>
    private sealed class QuickBooksSide(StoredConnection? connection, IQuickBooksCompanyDirectory directory, ITaxMapper taxMapper)
    {
        private IReadOnlyList<QuickBooksAccount>? _accounts;
        private bool _accountsFailed;
        private QuickBooksCompanyProfile? _profile;
        private bool _profileRead;

        public ITaxMapper TaxMapper => taxMapper;

        public string? RealmId(string field, List<SettingsProblem> problems)
        {
            if (connection is null)
            {
                problems.Add(new(field, "This can only be checked against a connected QuickBooks company, and none is connected.", Reconnect));
                return null;
            }

            return connection.RealmId;
        }

        public async ValueTask<IReadOnlyList<QuickBooksAccount>?> AccountsAsync(string field, List<SettingsProblem> problems, CancellationToken cancellationToken)
        {
            if (_accounts is not null || _accountsFailed)
            {
                return _accounts;
            }

            if (RealmId(field, problems) is not { } realmId)
            {
                return null;
            }

            try
            {
                _accounts = await directory.ListAccountsAsync(realmId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is QuickBooksException or HttpRequestException)
            {
                _accountsFailed = true;
                problems.Add(Unreachable(field, "accounts"));
            }

            return _accounts;
        }

        public async ValueTask<QuickBooksCompanyProfile?> ProfileAsync(CancellationToken cancellationToken)
        {
            if (_profileRead || connection is null)
            {
                return _profile;
            }

            _profileRead = true;
            if (connection.CompanyProfileJson is { } json)
            {
                _profile = System.Text.Json.JsonSerializer.Deserialize(json, DirectoryJsonContext.Default.QuickBooksCompanyProfile);
                return _profile;
            }

            try
            {
                _profile = await directory.GetProfileAsync(connection.RealmId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is QuickBooksException or HttpRequestException)
            {
                _profile = null;
            }

            return _profile;
        }

        public static SettingsProblem Unreachable(string field, string what) =>
            new(field, $"The QuickBooks {what} could not be read, so this could not be checked.", "Check the QuickBooks connection and save again in a moment.");
    }
}
