using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Connection;

/// <summary>The default hooks on real (in-memory) stores: links, queue pause and journal.</summary>
public sealed class ConnectionJournalTests : IDisposable
{
    private readonly FakeIntuit _intuit = new();
    private readonly ConnectionHarness _app;

    public ConnectionJournalTests() => _app = new ConnectionHarness(_intuit, recordHooks: false);

    public void Dispose()
    {
        _app.Dispose();
        _intuit.Dispose();
    }

    [Fact]
    public async Task Switching_realm_detaches_the_old_realms_links_and_journals_it()
    {
        await _app.ConnectAsync("c1", "realm-1");
        await _app.Links.SaveAsync(new EntityLink
        {
            CompanyId = "c1",
            RealmId = "realm-1",
            EntityType = SyncedEntityType.Invoice,
            RoAppId = "inv-7",
            QuickBooksId = "130",
            Origin = LinkOrigin.RoApp,
            LastSyncedAt = _app.Time.GetUtcNow(),
        }, 0, CancellationToken.None);

        await _app.ConnectAsync("c1", "realm-2");

        var link = await _app.Links.GetByRoAppIdAsync("c1", "realm-1", SyncedEntityType.Invoice, "inv-7", CancellationToken.None);
        Assert.Equal(LinkState.Detached, link!.State);
        Assert.Null(await _app.Links.GetByRoAppIdAsync("c1", "realm-2", SyncedEntityType.Invoice, "inv-7", CancellationToken.None));
        var entry = (await _app.Journal.QueryAsync(new JournalQuery { CompanyId = "c1" }, CancellationToken.None)).Entries.Single(e => e.Operation == "RealmSwitched");
        Assert.Equal(JournalDirection.Connection, entry.Direction);
        Assert.Contains("1 links", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_grant_pauses_the_companys_queue_with_a_journal_fix_and_reconnecting_resumes_it()
    {
        await _app.ConnectAsync("c1", "realm-1");
        _intuit.RevokeRealm("realm-1");
        _app.Time.Advance(TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None).AsTask());

        Assert.True(await _app.Queue.IsCompanyPausedAsync("c1", CancellationToken.None));
        var paused = (await _app.Journal.QueryAsync(new JournalQuery { CompanyId = "c1" }, CancellationToken.None)).Entries.Single(e => e.Operation == "WorkPaused");
        Assert.Equal(JournalOutcome.Failed, paused.Outcome);
        Assert.Contains("invalid_grant", paused.Message, StringComparison.Ordinal);
        Assert.Contains("Reconnect QuickBooks", paused.Fix, StringComparison.Ordinal);

        await _app.ConnectAsync("c1", "realm-1");

        Assert.False(await _app.Queue.IsCompanyPausedAsync("c1", CancellationToken.None));
        Assert.Contains((await _app.Journal.QueryAsync(new JournalQuery { CompanyId = "c1" }, CancellationToken.None)).Entries, e => e.Operation == "WorkResumed");
    }

    [Fact]
    public async Task Disconnecting_pauses_the_queue_without_calling_it_a_failure()
    {
        await _app.ConnectAsync("c1", "realm-1");

        await _app.Connector.DisconnectAsync("c1", CancellationToken.None);

        Assert.True(await _app.Queue.IsCompanyPausedAsync("c1", CancellationToken.None));
        var paused = (await _app.Journal.QueryAsync(new JournalQuery { CompanyId = "c1" }, CancellationToken.None)).Entries.Single(e => e.Operation == "WorkPaused");
        Assert.Equal(JournalOutcome.Skipped, paused.Outcome);
    }
}
