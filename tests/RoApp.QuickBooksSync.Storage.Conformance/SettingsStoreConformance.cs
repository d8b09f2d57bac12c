using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The <see cref="ISettingsStore"/> contract, run against every store implementation.</summary>
public abstract class SettingsStoreConformance(IStoreProvider provider) : StoreConformanceTests(provider)
{
    private ISettingsStore Settings => Stores.Settings;

    private static CompanySettings Sample(string company, bool enabled = true) => new()
    {
        CompanyId = company,
        Enabled = enabled,
        TriggerStatusIds = ["paid", "closed"],
        PaymentCashboxId = "cash-1",
        DepositAccountIdsByCashboxId = new Dictionary<string, string> { ["cash-1"] = "35" },
        TaxMappings = [new TaxMappingRow("vat-20", "VAT 20%")],
        InvoiceUpdatedStatusId = "updated",
        PaymentCreatedStatusId = "paid",
        ItemPolicy = new ItemPolicy { IncomeAccountId = "79" },
    };

    [Fact]
    public async Task Saved_settings_read_back_whole_at_version_1()
    {
        Assert.Null(await Settings.GetAsync("c1", Ct));

        Assert.True(await Settings.SaveAsync(Sample("c1") with { Version = 9 }, 0, Ct));
        var stored = await Settings.GetAsync("c1", Ct);

        Assert.Equal(1, stored!.Version);
        Assert.Equal(SettingsJson.Serialize(Sample("c1")), SettingsJson.Serialize(stored with { Version = 0 }));
        Assert.Null(await Settings.GetAsync("c2", Ct));
    }

    [Fact]
    public async Task The_enable_switch_reads_back_as_saved()
    {
        Assert.True(await Settings.SaveAsync(Sample("c1", enabled: true), 0, Ct));
        Assert.True((await Settings.GetAsync("c1", Ct))!.Enabled);

        Assert.True(await Settings.SaveAsync(Sample("c1", enabled: false), 1, Ct));
        Assert.False((await Settings.GetAsync("c1", Ct))!.Enabled);
    }

    [Fact]
    public async Task Save_with_a_stale_version_is_refused()
    {
        Assert.True(await Settings.SaveAsync(Sample("c1"), 0, Ct));
        Assert.False(await Settings.SaveAsync(Sample("c1", enabled: false), 0, Ct));
        Assert.True(await Settings.SaveAsync(Sample("c1", enabled: false), 1, Ct));
        Assert.False(await Settings.SaveAsync(Sample("c1", enabled: true), 1, Ct));

        var stored = await Settings.GetAsync("c1", Ct);

        Assert.Equal((2L, false), (stored!.Version, stored.Enabled));
    }

    [Fact]
    public async Task Concurrent_saves_from_one_version_let_exactly_one_win()
    {
        Assert.True(await Settings.SaveAsync(Sample("c1"), 0, Ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await Settings.SaveAsync(Sample("c1") with { PaymentCashboxId = $"cash-{i}" }, 1, Ct))));

        Assert.Single(results, won => won);
        Assert.Equal(2, (await Settings.GetAsync("c1", Ct))!.Version);
    }
}
