using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The <see cref="IJournalStore"/> contract, run against every store implementation.</summary>
public abstract class JournalStoreConformance(IStoreProvider provider) : StoreConformanceTests(provider)
{
    private IJournalStore Journal => Stores.Journal;

    private static JournalEntry Entry(string company, DateTimeOffset at, string invoice = "inv-1", JournalOutcome outcome = JournalOutcome.Synced) => new()
    {
        CompanyId = company,
        EntityType = SyncedEntityType.Invoice,
        RoAppEntityId = invoice,
        Direction = JournalDirection.Outbound,
        Operation = "invoice.create",
        Outcome = outcome,
        Message = "Invoice sent to QuickBooks.",
        At = at,
    };

    [Fact]
    public async Task Appended_entries_read_back_newest_first_with_every_field()
    {
        var full = new JournalEntry
        {
            CompanyId = "c1",
            RealmId = "r1",
            EntityType = SyncedEntityType.Payment,
            RoAppEntityId = "pay-3",
            Direction = JournalDirection.Inbound,
            Operation = "payment.record",
            Outcome = JournalOutcome.Failed,
            QuickBooksId = "88",
            RequestId = "c1-pay-3-1",
            Message = "The payment could not be recorded: the cashbox is closed.",
            Fix = "Open the cashbox in RO App, then press Retry.",
            Details = "status 409",
            At = T0.AddMinutes(1),
            WorkItemId = 12,
            Id = 999,
        };
        var older = await Journal.AppendAsync(Entry("c1", T0), Ct);
        var newer = await Journal.AppendAsync(full, Ct);

        var page = await Journal.QueryAsync(new JournalQuery { CompanyId = "c1" }, Ct);

        Assert.NotEqual(older.Id, newer.Id);
        Assert.Equal(full with { Id = newer.Id }, newer);
        Assert.Equal([newer, older], page.Entries);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Paging_visits_every_entry_once_newest_first_even_with_equal_times()
    {
        var appended = new List<JournalEntry>();
        for (var i = 0; i < 23; i++)
        {
            // Groups of three share a time, so the keyset must break ties by id.
            appended.Add(await Journal.AppendAsync(Entry("c1", T0.AddSeconds(i / 3)), Ct));
        }

        var seen = new List<JournalEntry>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Journal.QueryAsync(new JournalQuery { CompanyId = "c1", Limit = 4, ContinuationToken = token }, Ct);
            seen.AddRange(page.Entries);
            token = page.ContinuationToken;
            pages++;
            if (pages == 2)
            {
                await Journal.AppendAsync(Entry("c1", T0.AddDays(1)), Ct);
            }
        }
        while (token is not null);

        Assert.Equal(6, pages);
        Assert.Equal(appended.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Id), seen.Select(e => e.Id));
    }

    [Fact]
    public async Task A_query_filters_by_invoice_and_outcome()
    {
        await Journal.AppendAsync(Entry("c1", T0, "inv-1", JournalOutcome.Synced), Ct);
        var failed = await Journal.AppendAsync(Entry("c1", T0.AddSeconds(1), "inv-1", JournalOutcome.Failed), Ct);
        var dead = await Journal.AppendAsync(Entry("c1", T0.AddSeconds(2), "inv-1", JournalOutcome.Dead), Ct);
        await Journal.AppendAsync(Entry("c1", T0.AddSeconds(3), "inv-2", JournalOutcome.Failed), Ct);

        var page = await Journal.QueryAsync(new JournalQuery
        {
            CompanyId = "c1",
            EntityType = SyncedEntityType.Invoice,
            RoAppEntityId = "inv-1",
            Outcomes = [JournalOutcome.Failed, JournalOutcome.Dead],
        }, Ct);

        Assert.Equal([dead.Id, failed.Id], page.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task Dismissed_entries_are_flagged_and_can_be_left_out()
    {
        var kept = await Journal.AppendAsync(Entry("c1", T0, outcome: JournalOutcome.Failed), Ct);
        var dismissed = await Journal.AppendAsync(Entry("c1", T0.AddSeconds(1), outcome: JournalOutcome.Failed), Ct);

        Assert.False(await Journal.DismissAsync("c2", dismissed.Id, Ct));
        Assert.True(await Journal.DismissAsync("c1", dismissed.Id, Ct));
        Assert.False(await Journal.DismissAsync("c1", dismissed.Id + 1000, Ct));

        var all = await Journal.QueryAsync(new JournalQuery { CompanyId = "c1" }, Ct);
        var open = await Journal.QueryAsync(new JournalQuery { CompanyId = "c1", IncludeDismissed = false }, Ct);
        Assert.Equal([true, false], all.Entries.Select(e => e.Dismissed));
        Assert.Equal([kept.Id], open.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task Entries_of_other_companies_are_never_returned()
    {
        await Journal.AppendAsync(Entry("c1", T0), Ct);

        Assert.Empty((await Journal.QueryAsync(new JournalQuery { CompanyId = "c2" }, Ct)).Entries);
    }

    [Fact]
    public async Task A_continuation_token_the_store_did_not_produce_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await Journal.QueryAsync(new JournalQuery { CompanyId = "c1", ContinuationToken = "page-2" }, Ct));
    }
}
