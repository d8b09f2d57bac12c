using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>
/// Two independent store instances over one storage, as two host processes would have: every atomicity
/// rule must hold across them.
/// </summary>
public abstract class SharedStorageConformance(IStoreProvider provider) : StoreConformanceTests(provider)
{
    [Fact]
    public async Task Two_store_instances_never_lease_one_item_twice()
    {
        var second = await OpenSecondInstanceAsync();
        await EnqueueManyAsync(companies: 3, perCompany: 40);

        var claims = await ClaimUntilEmptyAsync([Stores.WorkQueue, second.WorkQueue, Stores.WorkQueue, second.WorkQueue]);

        Assert.Equal(120, claims.Count);
        Assert.Equal(120, claims.Select(c => c.Item.Id).Distinct().Count());
    }

    [Fact]
    public async Task Two_store_instances_de_duplicate_one_key_once()
    {
        var second = await OpenSecondInstanceAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? Stores.WorkQueue : second.WorkQueue).EnqueueAsync(
                new NewWorkItem { CompanyId = "c1", Kind = "inbound.event", OrderingKey = "invoice:1", DeduplicationKey = "event-1", Payload = "{}" }, T0, Ct))));

        Assert.Single(results, r => !r.IsDuplicate);
    }

    [Fact]
    public async Task A_compare_and_swap_in_one_instance_is_seen_by_the_other()
    {
        var second = await OpenSecondInstanceAsync();
        Assert.True(await Stores.Connections.SaveAsync(ConnectionStoreConformance.Connection("c1", "r1"), 0, Ct));

        Assert.False(await second.Connections.SaveAsync(ConnectionStoreConformance.Connection("c1", "r1"), 0, Ct));
        Assert.True(await second.Connections.SaveAsync(ConnectionStoreConformance.Connection("c1", "r1"), 1, Ct));
        Assert.False(await Stores.Connections.SaveAsync(ConnectionStoreConformance.Connection("c1", "r1"), 1, Ct));
        Assert.Equal(2, (await Stores.Connections.GetAsync("c1", Ct))!.Version);
    }

    [Fact]
    public async Task An_authorization_state_is_single_use_across_instances()
    {
        var second = await OpenSecondInstanceAsync();
        await Stores.Connections.SaveAuthorizationStateAsync("state-1", "c1", T0.AddMinutes(10), Ct);

        var takers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? Stores.Connections : second.Connections).TryTakeAuthorizationStateAsync("state-1", T0, Ct))));

        Assert.Single(takers, t => t == "c1");
    }

    [Fact]
    public async Task A_lease_taken_in_one_instance_fences_off_the_other()
    {
        var second = await OpenSecondInstanceAsync();
        await Stores.WorkQueue.EnqueueAsync(new NewWorkItem { CompanyId = "c1", Kind = "k", OrderingKey = "o", Payload = "{}" }, T0, Ct);
        var stale = Assert.Single(await Stores.WorkQueue.ClaimAsync(new ClaimRequest { Owner = "a", LeaseDuration = TimeSpan.FromMinutes(1) }, T0, Ct)).Lease;

        var taken = Assert.Single(await second.WorkQueue.ClaimAsync(new ClaimRequest { Owner = "b", LeaseDuration = TimeSpan.FromMinutes(1) }, T0.AddMinutes(1), Ct));

        Assert.False(await Stores.WorkQueue.CompleteAsync(stale, T0.AddMinutes(1), Ct));
        Assert.True(await Stores.WorkQueue.CompleteAsync(taken.Lease, T0.AddMinutes(1), Ct));
    }
}
