using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The <see cref="IInboundStateStore"/> contract, run against every store implementation.</summary>
public abstract class InboundStateStoreConformance(IStoreProvider provider) : StoreConformanceTests(provider)
{
    private IInboundStateStore Store => Stores.InboundState ?? throw new InvalidOperationException("The provider gives no inbound state store.");

    private static InboundState State(string value, string company = "c1", string realm = "r1", string key = "invoice:130") => new()
    {
        CompanyId = company,
        RealmId = realm,
        Key = key,
        Value = value,
        UpdatedAt = T0,
    };

    [Fact]
    public async Task Saved_state_reads_back_at_version_1_and_only_under_its_company_realm_and_key()
    {
        Assert.True(await Store.SaveAsync(State("""{"a":1}""") with { Version = 7 }, 0, Ct));

        var stored = await Store.GetAsync("c1", "r1", "invoice:130", Ct);
        Assert.Equal(State("""{"a":1}""") with { Version = 1 }, stored);
        Assert.Null(await Store.GetAsync("c1", "r2", "invoice:130", Ct));
        Assert.Null(await Store.GetAsync("c2", "r1", "invoice:130", Ct));
        Assert.Null(await Store.GetAsync("c1", "r1", "invoice:131", Ct));
    }

    [Fact]
    public async Task Update_bumps_the_version_and_a_stale_or_duplicate_insert_is_refused()
    {
        Assert.True(await Store.SaveAsync(State("one"), 0, Ct));
        Assert.False(await Store.SaveAsync(State("again"), 0, Ct));
        Assert.True(await Store.SaveAsync(State("two") with { UpdatedAt = T0.AddMinutes(1) }, 1, Ct));
        Assert.False(await Store.SaveAsync(State("stale"), 1, Ct));

        var stored = await Store.GetAsync("c1", "r1", "invoice:130", Ct);
        Assert.Equal(("two", 2L, T0.AddMinutes(1)), (stored!.Value, stored.Version, stored.UpdatedAt));
    }

    [Fact]
    public async Task Concurrent_saves_from_two_instances_on_one_version_let_exactly_one_win()
    {
        var second = (await OpenSecondInstanceAsync()).InboundState!;
        Assert.True(await Store.SaveAsync(State("start"), 0, Ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? Store : second).SaveAsync(State("writer " + i), 1, Ct))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(2, (await Store.GetAsync("c1", "r1", "invoice:130", Ct))!.Version);
    }
}
