using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The <see cref="IWriteClaimStore"/> contract, run against every store implementation.</summary>
public abstract class WriteClaimStoreConformance(IStoreProvider provider) : StoreConformanceTests(provider)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly WriteClaimKey Invoice1 = new("c1", "r1", SyncedEntityType.Invoice, "inv-1");

    private IWriteClaimStore Claims => Stores.WriteClaims ?? throw new InvalidOperationException("This store set has no write claim store.");

    [Fact]
    public async Task A_claimed_object_cannot_be_claimed_again_until_released_or_expired()
    {
        var first = await Claims.TryClaimAsync(Invoice1, "a", Lease, T0, Ct);

        Assert.NotNull(first);
        Assert.Null(await Claims.TryClaimAsync(Invoice1, "b", Lease, T0.AddSeconds(119), Ct));
        Assert.NotNull(await Claims.TryClaimAsync(Invoice1 with { RoAppId = "inv-2" }, "b", Lease, T0, Ct));
        Assert.NotNull(await Claims.TryClaimAsync(Invoice1 with { RealmId = "r2" }, "b", Lease, T0, Ct));
        Assert.NotNull(await Claims.TryClaimAsync(Invoice1 with { EntityType = SyncedEntityType.Payment }, "b", Lease, T0, Ct));

        Assert.True(await Claims.ReleaseAsync(first, settled: true, Ct));
        var second = await Claims.TryClaimAsync(Invoice1, "b", Lease, T0.AddSeconds(1), Ct);
        Assert.NotNull(second);
        Assert.True(second.FencingToken > first.FencingToken);

        var third = await Claims.TryClaimAsync(Invoice1, "c", Lease, T0.AddSeconds(1) + Lease, Ct);
        Assert.NotNull(third);
        Assert.True(third.FencingToken > second.FencingToken);
    }

    [Fact]
    public async Task A_lost_claim_can_neither_renew_nor_record_nor_release()
    {
        var first = (await Claims.TryClaimAsync(Invoice1, "a", Lease, T0, Ct))!;

        // Expired but not taken: still usable.
        var renewed = await Claims.RenewAsync(first, Lease, T0 + Lease + TimeSpan.FromSeconds(5), Ct);
        Assert.NotNull(renewed);
        Assert.Equal(T0 + Lease + TimeSpan.FromSeconds(5) + Lease, renewed.ExpiresAt);
        Assert.Null(await Claims.TryClaimAsync(Invoice1, "b", Lease, T0 + Lease + TimeSpan.FromSeconds(6), Ct));

        var taken = await Claims.TryClaimAsync(Invoice1, "b", Lease, renewed.ExpiresAt, Ct);
        Assert.NotNull(taken);

        Assert.Null(await Claims.RenewAsync(renewed, Lease, renewed.ExpiresAt, Ct));
        Assert.Null(await Claims.SetPendingWritesAsync(renewed, ["stale"], Ct));
        Assert.False(await Claims.ReleaseAsync(renewed, settled: true, Ct));
        Assert.Equal(taken.FencingToken, (await Claims.GetAsync(Invoice1, Ct))!.FencingToken);
        Assert.Empty((await Claims.GetAsync(Invoice1, Ct))!.PendingWrites);

        Assert.True(await Claims.ReleaseAsync(taken, settled: false, Ct));
        Assert.False(await Claims.ReleaseAsync(taken, settled: false, Ct));
        Assert.Null(await Claims.RenewAsync(taken, Lease, renewed.ExpiresAt, Ct));
    }

    [Fact]
    public async Task Pending_writes_outlive_crashes_and_unsettled_releases_and_only_a_settled_release_clears_them()
    {
        var first = (await Claims.TryClaimAsync(Invoice1, "a", Lease, T0, Ct))!;
        Assert.Empty(first.PendingWrites);
        var recorded = await Claims.SetPendingWritesAsync(first, ["create:ro-1", "create:ro-2 {\"c\":\"7\"}"], Ct);
        Assert.Equal(["create:ro-1", "create:ro-2 {\"c\":\"7\"}"], recorded!.PendingWrites);

        // The holder dies: the next holder gets the pending writes with its claim.
        var second = (await Claims.TryClaimAsync(Invoice1, "b", Lease, T0 + Lease, Ct))!;
        Assert.Equal(["create:ro-1", "create:ro-2 {\"c\":\"7\"}"], second.PendingWrites);
        Assert.True(await Claims.ReleaseAsync(second, settled: false, Ct));

        var third = (await Claims.TryClaimAsync(Invoice1, "c", Lease, T0 + Lease, Ct))!;
        Assert.Equal(2, third.PendingWrites.Count);
        Assert.Equal(2, (await Claims.GetAsync(Invoice1, Ct))!.PendingWrites.Count);
        Assert.True(await Claims.ReleaseAsync(third, settled: true, Ct));

        var state = await Claims.GetAsync(Invoice1, Ct);
        Assert.Empty(state!.PendingWrites);
        Assert.Null(state.Owner);
        Assert.False(state.IsHeldAt(T0));
        Assert.Empty((await Claims.TryClaimAsync(Invoice1, "d", Lease, T0 + Lease, Ct))!.PendingWrites);
        Assert.Null(await Claims.GetAsync(Invoice1 with { RoAppId = "never" }, Ct));
    }

    [Fact]
    public async Task Pending_writes_with_line_breaks_are_refused()
    {
        var claim = (await Claims.TryClaimAsync(Invoice1, "a", Lease, T0, Ct))!;

        await Assert.ThrowsAsync<ArgumentException>(async () => await Claims.SetPendingWritesAsync(claim, ["one\ntwo"], Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Claims.SetPendingWritesAsync(claim, [""], Ct));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_object_from_two_store_instances_give_it_to_exactly_one()
    {
        var other = (await OpenSecondInstanceAsync()).WriteClaims!;
        for (var round = 0; round < 20; round++)
        {
            var key = Invoice1 with { RoAppId = $"inv-{round}" };
            using var start = new Barrier(8);
            var winners = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
            {
                start.SignalAndWait(Ct);
                var store = n % 2 == 0 ? Claims : other;
                return await store.TryClaimAsync(key, $"w{n}", Lease, T0, Ct);
            })));

            Assert.Single(winners, w => w is not null);
        }
    }
}
