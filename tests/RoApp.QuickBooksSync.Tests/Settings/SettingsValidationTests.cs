using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Outbound;
using Microsoft.Extensions.Time.Testing;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Storage.InMemory;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Settings;

public sealed class SettingsValidationTests
{
    private const string Company = "c1";

    private readonly FakeGateway _gateway = new();
    private readonly InMemoryConnectionStore _connections = new();
    private readonly InMemorySettingsStore _store = new();
    private readonly FakeCompanyDirectory _directory = new();
    private readonly QuickBooksSettingsService _service;

    public SettingsValidationTests()
    {
        _gateway.Statuses.AddRange(
        [
            new("new", "New", RoAppStatusGroup.New),
            new("ready", "Ready", RoAppStatusGroup.InProgress),
            new("paid", "Paid", RoAppStatusGroup.Paid),
            new("void", "Cancelled", RoAppStatusGroup.Canceled),
        ]);
        _gateway.Taxes.AddRange([new("vat", "VAT", 20m), new("city", "City tax", 1m)]);
        _gateway.Cashboxes.AddRange([new("cash", "Cash desk"), new("bank", "Bank account")]);

        var options = new FixedOptionsMonitor<QuickBooksSyncOptions>(new QuickBooksSyncOptions());
        var mapper = new TaxMapper(_directory, options, new FakeTimeProvider());
        var host = new ServiceCollection().AddSingleton<IRoAppGateway>(_gateway).BuildServiceProvider();
        var scopes = new UnitOfWorkScopes(host.GetRequiredService<IServiceScopeFactory>());
        _service = new QuickBooksSettingsService(_store, new CompanySettingsValidator(new RoAppGatewayAccessor(host), scopes, _connections, _directory, mapper));
    }

    private static CompanySettings Valid => new()
    {
        CompanyId = Company,
        TriggerStatusIds = ["ready"],
        PaymentCashboxId = "cash",
        DepositAccountIdsByCashboxId = new Dictionary<string, string> { ["bank"] = "35", ["cash"] = "4" },
        TaxMappings = [new("vat", "california"), new("city", " 3 ")],
        InvoiceUpdatedStatusId = "ready",
        PaymentCreatedStatusId = "paid",
        InvoiceVoidedStatusId = "void",
        ItemPolicy = new ItemPolicy { SingleItemId = "9", IncomeAccountId = "79" },
    };

    private async Task ConnectAsync(string country = "US")
    {
        _directory.Profile = new QuickBooksCompanyProfile { Country = country };
        await _connections.SaveAsync(new StoredConnection
        {
            CompanyId = Company,
            RealmId = "r1",
            ProtectedTokens = [1],
            AccessTokenExpiresAt = DateTimeOffset.MaxValue,
            RefreshTokenExpiresAt = DateTimeOffset.MaxValue,
            ConnectedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
        }, 0, CancellationToken.None);
    }

    [Fact]
    public async Task Valid_settings_are_saved_with_a_new_version()
    {
        await ConnectAsync();

        var result = await _service.SaveAsync(Valid, CancellationToken.None);

        Assert.Equal(SettingsSaveOutcome.Saved, result.Outcome);
        Assert.Empty(result.Validation.Problems);
        Assert.Equal(1, (await _store.GetAsync(Company, CancellationToken.None))!.Version);
        Assert.Equal(1, result.Settings!.Version);
    }

    [Fact]
    public async Task Locations_are_saved_when_QuickBooks_tracks_them_and_every_row_names_an_active_one()
    {
        await ConnectAsync();
        _directory.Profile = _directory.Profile with { TrackDepartments = true };
        _directory.Departments.AddRange([new("1", "Downtown", "Downtown", true), new("2", "Uptown", "North:Uptown", true)]);
        var settings = Valid with
        {
            Locations = new LocationTracking { Mode = LocationTrackingMode.Location, Mappings = [new("Main street", "downtown"), new("Hill branch", "North:Uptown")] },
        };

        var result = await _service.SaveAsync(settings, CancellationToken.None);

        Assert.Equal(SettingsSaveOutcome.Saved, result.Outcome);
        Assert.Equal(LocationTrackingMode.Location, (await _store.GetAsync(Company, CancellationToken.None))!.Locations.Mode);
    }

    [Theory]
    [InlineData(LocationTrackingMode.Location, "Track locations")]
    [InlineData(LocationTrackingMode.Class, "Track classes")]
    public async Task Locations_are_refused_while_QuickBooks_does_not_track_them(LocationTrackingMode mode, string fix)
    {
        await ConnectAsync();
        _directory.Departments.Add(new("1", "Downtown", "Downtown", true));
        _directory.Classes.Add(new("1", "Downtown", "Downtown", true));

        var result = await _service.SaveAsync(Valid with { Locations = new LocationTracking { Mode = mode } }, CancellationToken.None);

        Assert.Equal(SettingsSaveOutcome.Invalid, result.Outcome);
        var problem = Assert.Single(result.Validation.Errors);
        Assert.Equal("Locations.Mode", problem.Field);
        Assert.Contains(fix, problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_location_row_naming_a_missing_or_inactive_class_is_refused_with_the_closest_names()
    {
        await ConnectAsync();
        _directory.Profile = _directory.Profile with { ClassTrackingPerTxnLine = true };
        _directory.Classes.AddRange([new("1", "Downtown", "Downtown", true), new("2", "Old town", "Old town", false)]);
        var settings = Valid with
        {
            Locations = new LocationTracking
            {
                Mode = LocationTrackingMode.Class,
                Mappings = [new("Main street", "Downtwn"), new("Old branch", "Old town"), new("Main street", "Downtown"), new(" ", "Downtown")],
            },
        };

        var result = await _service.SaveAsync(settings, CancellationToken.None);

        Assert.Equal(SettingsSaveOutcome.Invalid, result.Outcome);
        var errors = result.Validation.Errors.ToList();
        Assert.Equal(
            ["Locations.Mappings[2]", "Locations.Mappings[3]", "Locations.Mappings[0].QuickBooksName", "Locations.Mappings[1].QuickBooksName"],
            errors.Select(p => p.Field));
        Assert.Contains("'Downtown'", errors[2].Fix, StringComparison.Ordinal);
        Assert.Contains("inactive", errors[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_over_someone_elses_newer_save_is_a_conflict()
    {
        await ConnectAsync();
        await _service.SaveAsync(Valid, CancellationToken.None);

        var result = await _service.SaveAsync(Valid with { PaymentCashboxId = "bank" }, CancellationToken.None);

        Assert.Equal(SettingsSaveOutcome.Conflict, result.Outcome);
        Assert.Equal("cash", (await _store.GetAsync(Company, CancellationToken.None))!.PaymentCashboxId);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once_with_its_field_and_invalid_settings_are_not_saved()
    {
        await ConnectAsync();
        var settings = Valid with
        {
            TriggerStatusIds = ["ready", "gone"],
            PaymentCashboxId = "safe",
            DepositAccountIdsByCashboxId = new Dictionary<string, string> { ["bank"] = "33", ["cash"] = "999", ["drawer"] = "35" },
            TaxMappings = [new("vat", "Californa"), new("vat", "3"), new("sales", "3"), new("city", " ")],
            InvoiceVoidedStatusId = "deleted",
            ItemPolicy = new ItemPolicy { SingleItemId = "404", IncomeAccountId = "35" },
        };

        var result = await _service.SaveAsync(settings, CancellationToken.None);

        Assert.Equal(SettingsSaveOutcome.Invalid, result.Outcome);
        Assert.Null(await _store.GetAsync(Company, CancellationToken.None));
        var fields = result.Validation.Errors.Select(p => p.Field).ToList();
        Assert.Equal(
            [
                "TriggerStatusIds[1]",
                "PaymentCashboxId",
                "DepositAccountIdsByCashboxId[bank]",
                "DepositAccountIdsByCashboxId[cash]",
                "DepositAccountIdsByCashboxId[drawer]",
                "TaxMappings[0].QuickBooksTaxCode",
                "TaxMappings[1].RoAppTaxId",
                "TaxMappings[2].RoAppTaxId",
                "TaxMappings[3].QuickBooksTaxCode",
                "InvoiceVoidedStatusId",
                "ItemPolicy.SingleItemId",
                "ItemPolicy.IncomeAccountId",
            ],
            fields);
        Assert.All(result.Validation.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Fix)));
    }

    [Fact]
    public async Task Unknown_RO_App_status_names_the_existing_ones()
    {
        await ConnectAsync();

        var result = await _service.ValidateAsync(Valid with { TriggerStatusIds = ["gone"] }, CancellationToken.None);

        var problem = Assert.Single(result.Errors);
        Assert.Contains("'gone'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'Ready'", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tax_text_matching_no_QuickBooks_code_names_the_closest_existing_ones()
    {
        await ConnectAsync();

        var result = await _service.ValidateAsync(Valid with { TaxMappings = [new("vat", "Californa")] }, CancellationToken.None);

        var problem = Assert.Single(result.Errors);
        Assert.Equal("TaxMappings[0].QuickBooksTaxCode", problem.Field);
        Assert.Contains("'Californa'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'VAT'", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("Type one of the existing QuickBooks tax codes, e.g. 'California'", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_RO_App_tax_mapped_twice_is_refused_naming_both_rows()
    {
        await ConnectAsync();

        var result = await _service.ValidateAsync(Valid with { TaxMappings = [new("vat", "2"), new("city", "3"), new("vat", "3")] }, CancellationToken.None);

        var problem = Assert.Single(result.Errors);
        Assert.Equal("TaxMappings[2].RoAppTaxId", problem.Field);
        Assert.Contains("'VAT' is mapped twice (rows 1 and 3)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deposit_account_of_the_wrong_type_is_refused_naming_the_allowed_types()
    {
        await ConnectAsync();

        var result = await _service.ValidateAsync(Valid with { DepositAccountIdsByCashboxId = new Dictionary<string, string> { ["cash"] = "33" } }, CancellationToken.None);

        var problem = Assert.Single(result.Errors);
        Assert.Equal("DepositAccountIdsByCashboxId[cash]", problem.Field);
        Assert.Contains("'Accounts Payable' is of type Accounts Payable", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Bank or Other Current Asset", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_cashboxes_are_refused()
    {
        await ConnectAsync();

        var result = await _service.ValidateAsync(Valid with { PaymentCashboxId = "safe" }, CancellationToken.None);

        var problem = Assert.Single(result.Errors);
        Assert.Equal("PaymentCashboxId", problem.Field);
        Assert.Contains("'Bank account', 'Cash desk'", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_mapping_the_host_rules_forbid_is_a_warning_naming_both_statuses_and_still_saves()
    {
        await ConnectAsync();
        _gateway.Transitions = [new("ready", "paid"), new("new", "ready")];

        var result = await _service.SaveAsync(Valid, CancellationToken.None);

        Assert.Equal(SettingsSaveOutcome.Saved, result.Outcome);
        var warning = Assert.Single(result.Validation.Warnings);
        Assert.Equal("InvoiceVoidedStatusId", warning.Field);
        Assert.Contains("from 'Ready' to 'Cancelled'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'Invoice voided'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Allow the move from 'Ready' to 'Cancelled'", warning.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_trigger_statuses_a_mapping_no_status_can_reach_is_a_warning()
    {
        await ConnectAsync();
        _gateway.Transitions = [new("new", "ready"), new("ready", "paid"), new("ready", "void")];

        var result = await _service.ValidateAsync(Valid with { TriggerStatusIds = [], InvoiceUpdatedStatusId = "new" }, CancellationToken.None);

        var warning = Assert.Single(result.Warnings);
        Assert.Equal("InvoiceUpdatedStatusId", warning.Field);
        Assert.Contains("'New'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_the_US_an_RO_App_tax_without_a_row_is_a_warning()
    {
        await ConnectAsync(country: "CA");

        var result = await _service.ValidateAsync(Valid with { TaxMappings = [new("vat", "GST 5%")] }, CancellationToken.None);

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("'City tax'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuickBooks_side_checks_need_a_connection()
    {
        var result = await _service.ValidateAsync(Valid, CancellationToken.None);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, p => p.Field == "TaxMappings[0].QuickBooksTaxCode" && p.Fix.Contains("Connect QuickBooks", StringComparison.Ordinal));
        Assert.Contains(result.Errors, p => p.Field == "DepositAccountIdsByCashboxId[bank]");
    }

    [Fact]
    public async Task When_QuickBooks_cannot_be_read_the_checks_say_so_instead_of_passing()
    {
        await ConnectAsync();
        _directory.Fail = true;

        var result = await _service.ValidateAsync(Valid, CancellationToken.None);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, p => p.Message.Contains("could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Saving_settings_neither_requires_nor_changes_the_enable_switch()
    {
        // Would refuse enabling (legacy integration on, QuickBooks not connected): settings no longer enable, so no matter.
        _gateway.LegacyIntegrationOn = true;
        Assert.True(await _store.SaveAsync(new CompanySettings { CompanyId = Company, Enabled = true }, 0, CancellationToken.None));

        var read = await _service.GetAsync(Company, CancellationToken.None);
        var saved = await _service.SaveAsync(read with { Enabled = false, PaymentCashboxId = "cash" }, CancellationToken.None);

        Assert.Equal(SettingsSaveOutcome.Saved, saved.Outcome);
        Assert.DoesNotContain(saved.Validation.Problems, p => p.Field == "Enabled");
        Assert.True(saved.Settings!.Enabled);
        var stored = await _store.GetAsync(Company, CancellationToken.None);
        Assert.Equal((true, "cash"), (stored!.Enabled, stored.PaymentCashboxId));

        // Off stays off too: only IQuickBooksConnector.EnableAsync switches it on, after its checks.
        Assert.True(await _store.SaveAsync(stored with { Enabled = false }, stored.Version, CancellationToken.None));
        read = await _service.GetAsync(Company, CancellationToken.None);
        saved = await _service.SaveAsync(read with { Enabled = true, PaymentCashboxId = "bank" }, CancellationToken.None);

        Assert.Equal(SettingsSaveOutcome.Saved, saved.Outcome);
        stored = await _store.GetAsync(Company, CancellationToken.None);
        Assert.Equal((false, "bank"), (stored!.Enabled, stored.PaymentCashboxId));
        Assert.False(saved.Settings!.Enabled);
    }

    [Fact]
    public async Task Reading_settings_never_saved_gives_the_defaults()
    {
        var settings = await _service.GetAsync(Company, CancellationToken.None);

        Assert.False(settings.Enabled);
        Assert.Empty(settings.TriggerStatusIds);
        Assert.Equal(0, settings.Version);
    }

    [Theory]
    [InlineData("InvoiceUpdated", "ready")]
    [InlineData("PaymentCreated", "paid")]
    [InlineData("InvoiceVoided", null)]
    public async Task The_event_status_mapper_gives_the_configured_status_or_none(string kindName, string? expected)
    {
        var kind = Enum.Parse<QuickBooksEventKind>(kindName);
        await _store.SaveAsync(Valid with { InvoiceVoidedStatusId = " " }, 0, CancellationToken.None);
        var mapper = new EventStatusMapper(_store);

        Assert.Equal(expected, await mapper.GetStatusIdAsync(Company, kind, CancellationToken.None));
        Assert.Null(await mapper.GetStatusIdAsync("other-company", kind, CancellationToken.None));
    }

    [Fact]
    public async Task Cancelled_and_deleted_invoices_void_by_default_an_unknown_action_is_refused_and_delete_warns()
    {
        await ConnectAsync();
        Assert.Equal((InvoiceRemovalAction.Void, InvoiceRemovalAction.Void), (Valid.InvoiceCancelledAction, Valid.InvoiceDeletedAction));

        var result = await _service.SaveAsync(Valid with { InvoiceCancelledAction = (InvoiceRemovalAction)7, InvoiceDeletedAction = InvoiceRemovalAction.Delete }, CancellationToken.None);

        Assert.Equal(SettingsSaveOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Validation.Errors);
        Assert.Equal("InvoiceCancelledAction", error.Field);
        Assert.Contains("Void", error.Fix, StringComparison.Ordinal);
        Assert.Contains(result.Validation.Warnings, w => w.Field == "InvoiceDeletedAction");

        var saved = await _service.SaveAsync(Valid with { InvoiceDeletedAction = InvoiceRemovalAction.Nothing }, CancellationToken.None);
        Assert.Equal(SettingsSaveOutcome.Saved, saved.Outcome);
        Assert.Equal(InvoiceRemovalAction.Nothing, (await _store.GetAsync(Company, CancellationToken.None))!.InvoiceDeletedAction);
    }
}
