using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The <see cref="IEntityLinkStore"/> contract, run against every store implementation.</summary>
public abstract class EntityLinkStoreConformance(IStoreProvider provider) : StoreConformanceTests(provider)
{
    private IEntityLinkStore Links => Stores.Links;

    private static EntityLink Link(string company, string realm, string roAppId, string quickBooksId, SyncedEntityType type = SyncedEntityType.Invoice) => new()
    {
        CompanyId = company,
        RealmId = realm,
        EntityType = type,
        RoAppId = roAppId,
        QuickBooksId = quickBooksId,
        Origin = LinkOrigin.RoApp,
        LastSyncedAt = T0,
    };

    [Fact]
    public async Task A_saved_link_is_found_by_RO_App_id_and_by_QuickBooks_id()
    {
        var link = Link("c1", "r1", "inv-1", "145") with
        {
            SyncToken = "3",
            ContentHash = "sha256:abc",
            Origin = LinkOrigin.QuickBooks,
            QuickBooksLastUpdatedAt = T0.AddSeconds(-30),
            State = LinkState.DeletedInQuickBooks,
            Version = 77,
        };

        Assert.True(await Links.SaveAsync(link, 0, Ct));

        Assert.Equal(link with { Version = 1 }, await Links.GetByRoAppIdAsync("c1", "r1", SyncedEntityType.Invoice, "inv-1", Ct));
        Assert.Equal([link with { Version = 1 }], await Links.FindByQuickBooksIdAsync("c1", "r1", SyncedEntityType.Invoice, "145", Ct));
        Assert.Null(await Links.GetByRoAppIdAsync("c1", "r1", SyncedEntityType.Payment, "inv-1", Ct));
        Assert.Empty(await Links.FindByQuickBooksIdAsync("c1", "r1", SyncedEntityType.Payment, "145", Ct));
    }

    [Fact]
    public async Task Inserting_a_link_twice_or_updating_a_stale_version_is_refused()
    {
        Assert.True(await Links.SaveAsync(Link("c1", "r1", "inv-1", "145"), 0, Ct));
        Assert.False(await Links.SaveAsync(Link("c1", "r1", "inv-1", "999"), 0, Ct));
        Assert.True(await Links.SaveAsync(Link("c1", "r1", "inv-1", "145") with { SyncToken = "1" }, 1, Ct));
        Assert.False(await Links.SaveAsync(Link("c1", "r1", "inv-1", "145") with { SyncToken = "0" }, 1, Ct));

        var stored = await Links.GetByRoAppIdAsync("c1", "r1", SyncedEntityType.Invoice, "inv-1", Ct);

        Assert.Equal(("145", "1", 2L), (stored!.QuickBooksId, stored.SyncToken, stored.Version));
    }

    [Fact]
    public async Task Concurrent_saves_from_one_version_let_exactly_one_win()
    {
        Assert.True(await Links.SaveAsync(Link("c1", "r1", "inv-1", "145"), 0, Ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await Links.SaveAsync(Link("c1", "r1", "inv-1", "145") with { SyncToken = $"{i}" }, 1, Ct))));

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task Concurrent_first_saves_of_one_link_let_exactly_one_win()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await Links.SaveAsync(Link("c1", "r1", "inv-1", $"{100 + i}"), 0, Ct))));

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task Links_of_one_realm_or_company_are_never_returned_for_another()
    {
        Assert.True(await Links.SaveAsync(Link("c1", "r1", "inv-1", "145"), 0, Ct));

        Assert.Null(await Links.GetByRoAppIdAsync("c1", "r2", SyncedEntityType.Invoice, "inv-1", Ct));
        Assert.Null(await Links.GetByRoAppIdAsync("c2", "r1", SyncedEntityType.Invoice, "inv-1", Ct));
        Assert.Empty(await Links.FindByQuickBooksIdAsync("c1", "r2", SyncedEntityType.Invoice, "145", Ct));
        Assert.Empty(await Links.FindByQuickBooksIdAsync("c2", "r1", SyncedEntityType.Invoice, "145", Ct));
    }

    [Fact]
    public async Task Several_RO_App_objects_can_link_one_QuickBooks_object()
    {
        Assert.True(await Links.SaveAsync(Link("c1", "r1", "client-9", "58", SyncedEntityType.Customer), 0, Ct));
        Assert.True(await Links.SaveAsync(Link("c1", "r1", "client-2", "58", SyncedEntityType.Customer), 0, Ct));

        var found = await Links.FindByQuickBooksIdAsync("c1", "r1", SyncedEntityType.Customer, "58", Ct);

        Assert.Equal(["client-9", "client-2"], found.Select(l => l.RoAppId));
    }

    [Fact]
    public async Task Detaching_a_realm_detaches_only_its_active_links()
    {
        Assert.True(await Links.SaveAsync(Link("c1", "r1", "inv-1", "1"), 0, Ct));
        Assert.True(await Links.SaveAsync(Link("c1", "r1", "client-1", "2", SyncedEntityType.Customer), 0, Ct));
        Assert.True(await Links.SaveAsync(Link("c1", "r1", "inv-2", "3") with { State = LinkState.DeletedInQuickBooks }, 0, Ct));
        Assert.True(await Links.SaveAsync(Link("c1", "r2", "inv-1", "4"), 0, Ct));
        Assert.True(await Links.SaveAsync(Link("c2", "r1", "inv-1", "5"), 0, Ct));

        Assert.Equal(2, await Links.DetachRealmAsync("c1", "r1", Ct));

        var detached = await Links.GetByRoAppIdAsync("c1", "r1", SyncedEntityType.Invoice, "inv-1", Ct);
        Assert.Equal((LinkState.Detached, 2L), (detached!.State, detached.Version));
        Assert.Equal(LinkState.Detached, (await Links.GetByRoAppIdAsync("c1", "r1", SyncedEntityType.Customer, "client-1", Ct))!.State);
        Assert.Equal(LinkState.DeletedInQuickBooks, (await Links.GetByRoAppIdAsync("c1", "r1", SyncedEntityType.Invoice, "inv-2", Ct))!.State);
        Assert.Equal(LinkState.Active, (await Links.GetByRoAppIdAsync("c1", "r2", SyncedEntityType.Invoice, "inv-1", Ct))!.State);
        Assert.Equal(LinkState.Active, (await Links.GetByRoAppIdAsync("c2", "r1", SyncedEntityType.Invoice, "inv-1", Ct))!.State);
        Assert.Equal(0, await Links.DetachRealmAsync("c1", "r1", Ct));
    }
}
