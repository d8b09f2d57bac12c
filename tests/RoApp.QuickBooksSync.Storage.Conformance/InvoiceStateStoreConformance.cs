using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The <see cref="IInvoiceStateStore"/> contract, run against every store implementation.</summary>
public abstract class InvoiceStateStoreConformance(IStoreProvider provider) : StoreConformanceTests(provider)
{
    private IInvoiceStateStore Store => Stores.InvoiceStates ?? throw new InvalidOperationException("The provider gives no invoice state store.");

    private static StoredInvoiceState Full(string company = "c1", string realm = "r1", string invoice = "inv-1") => new()
    {
        CompanyId = company,
        RealmId = realm,
        InvoiceId = invoice,
        Status = InvoiceSyncStatus.SyncedWithWarnings,
        Message = "QuickBooks' total 159.20 differs from RO App's 159.25.",
        Fix = "Check the tax.",
        QuickBooksId = "130",
        LastSyncedAt = T0.AddTicks(12_345_670), // microseconds: what every store keeps
        AttentionOperation = "payment.created",
        AttentionMessage = "Could not move from 'Open' to 'Paid'.",
        AttentionFix = "Allow the move.",
        AttentionAt = T0.AddMinutes(2),
        UpdatedAt = T0.AddMinutes(3),
    };

    [Fact]
    public async Task Every_field_reads_back_at_version_1_and_only_under_its_company_realm_and_invoice()
    {
        Assert.True(await Store.SaveAsync(Full() with { Version = 9 }, 0, Ct));

        Assert.Equal(Full() with { Version = 1 }, await Store.GetAsync("c1", "r1", "inv-1", Ct));
        Assert.Null(await Store.GetAsync("c1", "r2", "inv-1", Ct));
        Assert.Null(await Store.GetAsync("c2", "r1", "inv-1", Ct));
        Assert.Null(await Store.GetAsync("c1", "r1", "inv-2", Ct));
    }

    [Fact]
    public async Task Empty_optional_fields_round_trip_as_empty()
    {
        var bare = new StoredInvoiceState { CompanyId = "c1", RealmId = "r1", InvoiceId = "inv-1", Status = InvoiceSyncStatus.Pending, UpdatedAt = T0 };
        Assert.True(await Store.SaveAsync(bare, 0, Ct));

        Assert.Equal(bare with { Version = 1 }, await Store.GetAsync("c1", "r1", "inv-1", Ct));
    }

    [Fact]
    public async Task Update_bumps_the_version_and_a_stale_or_duplicate_insert_is_refused()
    {
        Assert.True(await Store.SaveAsync(Full(), 0, Ct));
        Assert.False(await Store.SaveAsync(Full() with { Status = InvoiceSyncStatus.Failed }, 0, Ct));
        Assert.True(await Store.SaveAsync(Full() with { Status = InvoiceSyncStatus.Synced, AttentionMessage = null }, 1, Ct));
        Assert.False(await Store.SaveAsync(Full() with { Status = InvoiceSyncStatus.Failed }, 1, Ct));

        var stored = await Store.GetAsync("c1", "r1", "inv-1", Ct);
        Assert.Equal((InvoiceSyncStatus.Synced, null, 2L), (stored!.Status, stored.AttentionMessage, stored.Version));
    }

    [Fact]
    public async Task Concurrent_saves_from_two_instances_on_one_version_let_exactly_one_win()
    {
        var second = (await OpenSecondInstanceAsync()).InvoiceStates!;
        Assert.True(await Store.SaveAsync(Full(), 0, Ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? Store : second).SaveAsync(Full() with { Message = "writer " + i }, 1, Ct))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(2, (await Store.GetAsync("c1", "r1", "inv-1", Ct))!.Version);
    }
}
