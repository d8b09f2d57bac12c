using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The <see cref="IConnectionStore"/> contract, run against every store implementation.</summary>
public abstract class ConnectionStoreConformance(IStoreProvider provider) : StoreConformanceTests(provider)
{
    private IConnectionStore Connections => Stores.Connections;

    public static StoredConnection Connection(string company, string realm, byte tokenByte = 1) => new()
    {
        CompanyId = company,
        RealmId = realm,
        ProtectedTokens = [tokenByte, 2, 3, 250],
        AccessTokenExpiresAt = T0.AddHours(1),
        RefreshTokenExpiresAt = T0.AddDays(100),
        ConnectedAt = T0,
        UpdatedAt = T0,
    };

    [Fact]
    public async Task Saved_connection_reads_back_with_every_field_at_version_1()
    {
        var connection = Connection("c1", "r1") with
        {
            Health = ConnectionHealth.NeedsReconnect,
            NeedsReconnectReason = "invalid_grant",
            RefreshTokenHardExpiresAt = T0.AddYears(5),
            CompanyName = "Fix-It Shop",
            Country = "CA",
            CompanyProfileJson = """{"customTxnNumbers":true}""",
            RefreshClaimExpiresAt = T0.AddSeconds(30),
            UpdatedAt = T0.AddMinutes(3),
            Version = 42,
        };

        Assert.True(await Connections.SaveAsync(connection, 0, Ct));
        var stored = await Connections.GetAsync("c1", Ct);

        Assert.NotNull(stored);
        Assert.Equal(connection.ProtectedTokens, stored.ProtectedTokens);
        Assert.Equal(connection with { ProtectedTokens = stored.ProtectedTokens, Version = 1 }, stored);
        Assert.Null(await Connections.GetAsync("c2", Ct));
    }

    [Fact]
    public async Task A_refresh_claim_is_kept_by_an_update_and_cleared_by_the_next()
    {
        Assert.True(await Connections.SaveAsync(Connection("c1", "r1"), 0, Ct));
        Assert.True(await Connections.SaveAsync(Connection("c1", "r1") with { RefreshClaimExpiresAt = T0.AddSeconds(30) }, 1, Ct));
        var claimed = await Connections.GetAsync("c1", Ct);

        Assert.True(await Connections.SaveAsync(Connection("c1", "r1", 9), 2, Ct));
        var released = await Connections.GetAsync("c1", Ct);

        Assert.Equal(T0.AddSeconds(30), claimed!.RefreshClaimExpiresAt);
        Assert.Null(released!.RefreshClaimExpiresAt);
    }

    [Fact]
    public async Task Save_with_a_stale_version_is_refused_and_keeps_the_stored_row()
    {
        Assert.True(await Connections.SaveAsync(Connection("c1", "r1", 1), 0, Ct));
        Assert.False(await Connections.SaveAsync(Connection("c1", "r1", 2), 0, Ct));
        Assert.True(await Connections.SaveAsync(Connection("c1", "r1", 3), 1, Ct));
        Assert.False(await Connections.SaveAsync(Connection("c1", "r1", 4), 1, Ct));

        var stored = await Connections.GetAsync("c1", Ct);

        Assert.Equal((2L, (byte)3), (stored!.Version, stored.ProtectedTokens[0]));
    }

    [Fact]
    public async Task Concurrent_saves_from_one_version_let_exactly_one_win()
    {
        Assert.True(await Connections.SaveAsync(Connection("c1", "r1"), 0, Ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await Connections.SaveAsync(Connection("c1", "r1", (byte)(10 + i)), 1, Ct))));

        Assert.Single(results, won => won);
        Assert.Equal(2, (await Connections.GetAsync("c1", Ct))!.Version);
    }

    [Fact]
    public async Task A_realm_held_by_another_company_cannot_be_saved()
    {
        Assert.True(await Connections.SaveAsync(Connection("c1", "r1"), 0, Ct));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Connections.SaveAsync(Connection("c2", "r1"), 0, Ct));

        Assert.Contains("r1", error.Message, StringComparison.Ordinal);
        Assert.Null(await Connections.GetAsync("c2", Ct));
        Assert.True(await Connections.SaveAsync(Connection("c1", "r1"), 1, Ct));
    }

    [Fact]
    public async Task Connections_are_found_by_realm_and_listed_in_company_order()
    {
        foreach (var (company, realm) in new[] { ("c3", "r3"), ("c1", "r1"), ("c2", "r2") })
        {
            Assert.True(await Connections.SaveAsync(Connection(company, realm), 0, Ct));
        }

        Assert.Equal("c2", (await Connections.FindByRealmAsync("r2", Ct))?.CompanyId);
        Assert.Null(await Connections.FindByRealmAsync("r9", Ct));
        var listed = new List<string>();
        await foreach (var connection in Connections.ListAsync(Ct))
        {
            listed.Add(connection.CompanyId);
        }

        Assert.Equal(["c1", "c2", "c3"], listed);
    }

    [Fact]
    public async Task A_deleted_connection_is_gone_and_frees_its_realm()
    {
        Assert.True(await Connections.SaveAsync(Connection("c1", "r1"), 0, Ct));

        await Connections.DeleteAsync("c1", Ct);
        await Connections.DeleteAsync("c1", Ct);

        Assert.Null(await Connections.GetAsync("c1", Ct));
        Assert.True(await Connections.SaveAsync(Connection("c2", "r1"), 0, Ct));
    }

    [Fact]
    public async Task A_company_can_move_to_another_realm()
    {
        Assert.True(await Connections.SaveAsync(Connection("c1", "r1"), 0, Ct));

        Assert.True(await Connections.SaveAsync(Connection("c1", "r2"), 1, Ct));

        Assert.Null(await Connections.FindByRealmAsync("r1", Ct));
        Assert.Equal("c1", (await Connections.FindByRealmAsync("r2", Ct))?.CompanyId);
    }

    [Fact]
    public async Task An_authorization_state_is_taken_once_even_under_a_race()
    {
        await Connections.SaveAuthorizationStateAsync("state-1", "c1", T0.AddMinutes(10), Ct);

        var takers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            await Connections.TryTakeAuthorizationStateAsync("state-1", T0, Ct))));

        Assert.Equal("c1", Assert.Single(takers, t => t is not null));
        Assert.Null(await Connections.TryTakeAuthorizationStateAsync("state-1", T0, Ct));
    }

    [Fact]
    public async Task An_expired_or_unknown_authorization_state_is_refused()
    {
        await Connections.SaveAuthorizationStateAsync("state-1", "c1", T0.AddMinutes(10), Ct);

        Assert.Null(await Connections.TryTakeAuthorizationStateAsync("state-1", T0.AddMinutes(10), Ct));
        Assert.Null(await Connections.TryTakeAuthorizationStateAsync("state-2", T0, Ct));
    }
}
