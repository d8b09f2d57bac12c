using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Storage.Conformance;

/// <summary>The <see cref="IWorkQueueStore"/> contract, run against every store implementation.</summary>
public abstract class WorkQueueStoreConformance(IStoreProvider provider) : StoreConformanceTests(provider)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private IWorkQueueStore Queue => Stores.WorkQueue;

    [Fact]
    public async Task Enqueued_item_is_claimed_with_all_its_fields()
    {
        var enqueued = await Queue.EnqueueAsync(
            new NewWorkItem { CompanyId = "c1", Kind = "outbound.invoice", OrderingKey = "invoice:1", DeduplicationKey = "d1", Payload = """{"invoice":"1"}""" },
            T0, Ct);

        var claimed = Assert.Single(await ClaimAsync("w1", T0));

        Assert.False(enqueued.IsDuplicate);
        var item = claimed.Item;
        Assert.Equal(enqueued.ItemId, item.Id);
        Assert.Equal(("c1", "outbound.invoice", "invoice:1", "d1", """{"invoice":"1"}"""), (item.CompanyId, item.Kind, item.OrderingKey, item.DeduplicationKey, item.Payload));
        Assert.Equal((0, T0, T0, WorkItemState.Leased, "w1", T0 + Lease), (item.Attempts, item.RunAt, item.EnqueuedAt, item.State, item.LeaseOwner, item.LeaseExpiresAt));
        Assert.Equal((item.Id, "w1", T0 + Lease), (claimed.Lease.ItemId, claimed.Lease.Owner, claimed.Lease.ExpiresAt));
        Assert.Equal(1, item.ClaimCount);
    }

    [Fact]
    public async Task Item_with_a_known_deduplication_key_is_not_added_again_while_pending_leased_or_completed()
    {
        var first = await EnqueueAsync("c1", "invoice:1", dedup: "event-7", payload: "first");

        var whilePending = await EnqueueAsync("c1", "invoice:1", dedup: "event-7", payload: "second");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;
        var whileLeased = await EnqueueAsync("c1", "invoice:1", dedup: "event-7");
        Assert.True(await Queue.CompleteAsync(lease, T0, Ct));
        var whileCompleted = await EnqueueAsync("c1", "invoice:1", dedup: "event-7");

        Assert.Equal(new EnqueueResult(first.ItemId, true), whilePending);
        Assert.Equal(new EnqueueResult(first.ItemId, true), whileLeased);
        Assert.Equal(new EnqueueResult(first.ItemId, true), whileCompleted);
        Assert.Equal("first", (await Queue.GetAsync(first.ItemId, Ct))!.Payload);
        Assert.Empty(await ClaimAsync("w1", T0.AddHours(1)));
    }

    [Fact]
    public async Task Same_deduplication_key_in_another_company_is_another_item()
    {
        var first = await EnqueueAsync("c1", "k", dedup: "event-7");
        var second = await EnqueueAsync("c2", "k", dedup: "event-7");

        Assert.False(second.IsDuplicate);
        Assert.NotEqual(first.ItemId, second.ItemId);
    }

    [Fact]
    public async Task Items_without_a_deduplication_key_are_never_duplicates()
    {
        var first = await EnqueueAsync("c1", "k");
        var second = await EnqueueAsync("c1", "k");

        Assert.False(second.IsDuplicate);
        Assert.True(second.ItemId > first.ItemId);
    }

    [Fact]
    public async Task Purging_deletes_only_items_completed_before_the_cut_off_and_forgets_their_keys()
    {
        var done = await EnqueueAsync("c1", "a", dedup: "event-1");
        var pending = await EnqueueAsync("c1", "b", dedup: "event-2", runAt: T0.AddDays(1));
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;
        Assert.True(await Queue.CompleteAsync(lease, T0.AddMinutes(1), Ct));

        Assert.Equal(0, await Queue.PurgeCompletedAsync(T0.AddMinutes(1), Ct));
        Assert.Equal(1, await Queue.PurgeCompletedAsync(T0.AddMinutes(2), Ct));

        Assert.Null(await Queue.GetAsync(done.ItemId, Ct));
        Assert.Equal(WorkItemState.Pending, (await Queue.GetAsync(pending.ItemId, Ct))!.State);
        var again = await EnqueueAsync("c1", "a", dedup: "event-1");
        Assert.False(again.IsDuplicate);
        Assert.True((await EnqueueAsync("c1", "b", dedup: "event-2")).IsDuplicate);
    }

    [Fact]
    public async Task Concurrent_enqueues_of_one_key_add_exactly_one_item()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            await EnqueueAsync("c1", "invoice:1", dedup: "event-1", payload: $"copy {i}"))));

        Assert.Single(results, r => !r.IsDuplicate);
        Assert.Single(results.Select(r => r.ItemId).Distinct());
        Assert.Equal(1, (await Queue.GetStatsAsync("c1", T0, Ct)).PendingCount);
    }

    [Fact]
    public async Task Items_are_claimed_only_once_due()
    {
        var item = await EnqueueAsync("c1", "k", runAt: T0.AddMinutes(10));

        Assert.Empty(await ClaimAsync("w1", T0.AddMinutes(10).AddSeconds(-1)));
        Assert.Equal(0, (await Queue.GetAsync(item.ItemId, Ct))!.ClaimCount);
        Assert.Equal(item.ItemId, Assert.Single(await ClaimAsync("w1", T0.AddMinutes(10))).Item.Id);
    }

    [Fact]
    public async Task Concurrent_claims_by_several_owners_never_lease_an_item_twice()
    {
        await EnqueueManyAsync(companies: 4, perCompany: 40);

        var claims = await ClaimUntilEmptyAsync(Enumerable.Range(0, 4).Select(_ => Queue).ToArray());

        Assert.Equal(160, claims.Count);
        Assert.Equal(160, claims.Select(c => c.Item.Id).Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_claims_after_leases_expired_give_each_item_to_exactly_one_new_owner()
    {
        await EnqueueManyAsync(companies: 3, perCompany: 20);
        var crashed = await Queue.ClaimAsync(new ClaimRequest { Owner = "crashed", LeaseDuration = TimeSpan.FromMinutes(1), MaxItems = 100 }, T0, Ct);

        var claims = await ClaimUntilEmptyAsync([Queue, Queue, Queue, Queue], T0.AddMinutes(1));

        Assert.Equal(60, crashed.Count);
        Assert.Equal(60, claims.Select(c => c.Item.Id).Distinct().Count());
        Assert.Equal(60, claims.Count);
        foreach (var stale in crashed)
        {
            Assert.False(await Queue.CompleteAsync(stale.Lease, T0.AddMinutes(1), Ct));
        }
    }

    [Fact]
    public async Task Items_of_one_ordering_key_run_one_at_a_time_in_enqueue_order()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await EnqueueAsync("c1", "invoice:1", payload: $"edit {i}")).ItemId);
        }

        var order = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var claimed = Assert.Single(await ClaimAsync("w1", T0, max: 10));
            Assert.Empty(await ClaimAsync("w2", T0, max: 10));
            order.Add(claimed.Item.Id);
            Assert.True(await Queue.CompleteAsync(claimed.Lease, T0, Ct));
        }

        Assert.Equal(ids, order);
    }

    [Fact]
    public async Task Same_ordering_key_in_another_company_does_not_wait()
    {
        await EnqueueAsync("c1", "invoice:1");
        await EnqueueAsync("c2", "invoice:1");

        Assert.Equal(2, (await ClaimAsync("w1", T0, max: 10)).Count);
    }

    [Fact]
    public async Task A_failed_item_holds_back_later_items_of_its_key_until_it_completes()
    {
        var first = await EnqueueAsync("c1", "invoice:1");
        var second = await EnqueueAsync("c1", "invoice:1");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;
        Assert.Equal(FailResult.WillRetry, await Queue.FailAsync(lease, "QuickBooks is down", T0.AddMinutes(1), 5, Ct));

        Assert.Empty(await ClaimAsync("w1", T0.AddSeconds(30), max: 10));
        var retried = Assert.Single(await ClaimAsync("w1", T0.AddMinutes(1), max: 10));
        Assert.Equal(first.ItemId, retried.Item.Id);
        Assert.True(await Queue.CompleteAsync(retried.Lease, T0.AddMinutes(1), Ct));
        Assert.Equal(second.ItemId, Assert.Single(await ClaimAsync("w1", T0.AddMinutes(1), max: 10)).Item.Id);
    }

    [Fact]
    public async Task An_expired_lease_keeps_holding_back_later_items_of_its_key_until_reclaimed()
    {
        var first = await EnqueueAsync("c1", "invoice:1");
        await EnqueueAsync("c1", "invoice:1");
        Assert.Single(await ClaimAsync("w1", T0));

        var reclaimed = await ClaimAsync("w2", T0 + Lease, max: 10);

        Assert.Equal(first.ItemId, Assert.Single(reclaimed).Item.Id);
    }

    [Fact]
    public async Task A_dead_lettered_item_no_longer_holds_back_its_key()
    {
        await EnqueueAsync("c1", "invoice:1");
        var second = await EnqueueAsync("c1", "invoice:1");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;

        Assert.Equal(FailResult.DeadLettered, await Queue.FailAsync(lease, "Validation fault", T0.AddMinutes(1), 1, Ct));

        Assert.Equal(second.ItemId, Assert.Single(await ClaimAsync("w1", T0, max: 10)).Item.Id);
    }

    [Fact]
    public async Task One_company_backlog_does_not_starve_another_company()
    {
        for (var i = 0; i < 150; i++)
        {
            await EnqueueAsync("big", $"invoice:{i}");
        }

        var small = await EnqueueAsync("small", "invoice:1", runAt: T0.AddSeconds(1));

        var claimed = await ClaimAsync("w1", T0.AddSeconds(1), max: 5);

        Assert.Equal(5, claimed.Count);
        Assert.Contains(claimed, c => c.Item.Id == small.ItemId);
    }

    [Fact]
    public async Task Claim_takes_one_item_of_every_company_before_a_second_of_any()
    {
        await EnqueueManyAsync(companies: 3, perCompany: 5);

        var claimed = await ClaimAsync("w1", T0, max: 6);

        Assert.All(claimed.GroupBy(c => c.Item.CompanyId), g => Assert.Equal(2, g.Count()));
        Assert.Equal(3, claimed.Select(c => c.Item.CompanyId).Distinct().Count());
    }

    [Fact]
    public async Task Companies_take_turns_across_claims()
    {
        await EnqueueManyAsync(companies: 3, perCompany: 5);

        var served = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var claimed = Assert.Single(await ClaimAsync("w1", T0, max: 1));
            served.Add(claimed.Item.CompanyId);
            Assert.True(await Queue.CompleteAsync(claimed.Lease, T0, Ct));
        }

        Assert.Equal(3, served.Take(3).Distinct().Count());
        Assert.Equal(served.Take(3), served.Skip(3));
    }

    [Fact]
    public async Task A_claim_takes_at_most_the_per_company_cap_from_one_company()
    {
        await EnqueueManyAsync(companies: 1, perCompany: 10);

        var claimed = await Queue.ClaimAsync(new ClaimRequest { Owner = "w1", LeaseDuration = Lease, MaxItems = 10, MaxItemsPerCompany = 3 }, T0, Ct);

        Assert.Equal(3, claimed.Count);
    }

    [Fact]
    public async Task A_claim_skips_the_companies_it_is_told_to_exclude_and_serves_the_others()
    {
        await EnqueueAsync("c1", "a");
        await EnqueueAsync("c1", "b");
        await EnqueueAsync("c2", "a");
        await EnqueueAsync("c-3", "a");

        var claimed = await Queue.ClaimAsync(new ClaimRequest { Owner = "w1", LeaseDuration = Lease, MaxItems = 10, ExcludedCompanyIds = ["c1", "c-3"] }, T0, Ct);

        Assert.Equal(["c2"], claimed.Select(c => c.Item.CompanyId).ToArray());
        var rest = await Queue.ClaimAsync(new ClaimRequest { Owner = "w1", LeaseDuration = Lease, MaxItems = 10 }, T0, Ct);
        Assert.Equal(["c-3", "c1", "c1"], rest.Select(c => c.Item.CompanyId).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task An_unexpired_lease_is_not_claimed_by_another_owner()
    {
        await EnqueueAsync("c1", "k");
        Assert.Single(await ClaimAsync("w1", T0));

        Assert.Empty(await ClaimAsync("w2", T0 + Lease - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task An_expired_lease_passes_to_another_owner_and_fences_off_the_first()
    {
        await EnqueueAsync("c1", "k");
        var stale = Assert.Single(await ClaimAsync("w1", T0)).Lease;

        var taken = Assert.Single(await ClaimAsync("w2", T0 + Lease));

        Assert.NotEqual(stale.FencingToken, taken.Lease.FencingToken);
        Assert.Equal(("w2", 2, 0), (taken.Item.LeaseOwner, taken.Item.ClaimCount, taken.Item.Attempts));
        var later = T0 + Lease + TimeSpan.FromSeconds(1);
        Assert.False(await Queue.CompleteAsync(stale, later, Ct));
        Assert.Equal(FailResult.LeaseLost, await Queue.FailAsync(stale, "late", later, 5, Ct));
        Assert.False(await Queue.ReleaseAsync(stale, Ct));
        Assert.Null(await Queue.RenewLeaseAsync(stale, Lease, later, Ct));
        Assert.Equal((WorkItemState.Leased, 0), await StateOf(taken.Item.Id));
        Assert.True(await Queue.CompleteAsync(taken.Lease, later, Ct));
    }

    [Fact]
    public async Task An_expired_lease_still_completes_while_nobody_else_claimed_the_item()
    {
        var item = await EnqueueAsync("c1", "k");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;

        Assert.True(await Queue.CompleteAsync(lease, T0 + Lease + Lease, Ct));
        Assert.Equal(WorkItemState.Completed, (await StateOf(item.ItemId)).State);
    }

    [Fact]
    public async Task A_lease_with_a_forged_fencing_token_changes_nothing()
    {
        var item = await EnqueueAsync("c1", "k");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;

        Assert.False(await Queue.CompleteAsync(lease with { FencingToken = lease.FencingToken + 1000 }, T0, Ct));
        Assert.False(await Queue.CompleteAsync(lease with { ItemId = item.ItemId + 1000 }, T0, Ct));
        Assert.Equal(WorkItemState.Leased, (await StateOf(item.ItemId)).State);
    }

    [Fact]
    public async Task Renewing_a_lease_keeps_other_owners_out_until_the_new_expiry()
    {
        await EnqueueAsync("c1", "k");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;

        var renewed = await Queue.RenewLeaseAsync(lease, Lease, T0.AddMinutes(4), Ct);

        Assert.Equal(T0.AddMinutes(4) + Lease, renewed!.ExpiresAt);
        Assert.Equal(lease.FencingToken, renewed.FencingToken);
        Assert.Empty(await ClaimAsync("w2", T0.AddMinutes(8)));
        Assert.Single(await ClaimAsync("w2", T0.AddMinutes(9)));
    }

    [Fact]
    public async Task Failing_counts_the_attempt_keeps_the_error_and_schedules_the_retry()
    {
        var item = await EnqueueAsync("c1", "k");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;

        var result = await Queue.FailAsync(lease, "QuickBooks answered 503", T0.AddMinutes(2), 5, Ct);

        Assert.Equal(FailResult.WillRetry, result);
        var stored = (await Queue.GetAsync(item.ItemId, Ct))!;
        Assert.Equal((WorkItemState.Pending, 1, "QuickBooks answered 503", T0.AddMinutes(2)), (stored.State, stored.Attempts, stored.LastError, stored.RunAt));
        Assert.Empty(await ClaimAsync("w1", T0.AddMinutes(1)));
        Assert.Equal(1, Assert.Single(await ClaimAsync("w1", T0.AddMinutes(2))).Item.Attempts);
    }

    [Fact]
    public async Task Reaching_the_maximum_attempts_dead_letters_the_item()
    {
        var item = await EnqueueAsync("c1", "k");
        var first = Assert.Single(await ClaimAsync("w1", T0)).Lease;
        Assert.Equal(FailResult.WillRetry, await Queue.FailAsync(first, "one", T0, 2, Ct));
        var second = Assert.Single(await ClaimAsync("w1", T0)).Lease;

        Assert.Equal(FailResult.DeadLettered, await Queue.FailAsync(second, "two", T0, 2, Ct));

        var dead = Assert.Single(await Queue.ListDeadLetteredAsync("c1", 10, Ct));
        Assert.Equal((item.ItemId, WorkItemState.DeadLettered, 2, "two"), (dead.Id, dead.State, dead.Attempts, dead.LastError));
        Assert.Empty(await Queue.ListDeadLetteredAsync("c2", 10, Ct));
        Assert.Empty(await ClaimAsync("w1", T0.AddDays(30)));
    }

    [Fact]
    public async Task A_revived_item_runs_again_with_its_attempts_reset()
    {
        var item = await EnqueueAsync("c1", "k");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;
        await Queue.FailAsync(lease, "fault", T0, 1, Ct);

        Assert.False(await Queue.ReviveAsync("c2", item.ItemId, T0.AddHours(1), Ct));
        Assert.True(await Queue.ReviveAsync("c1", item.ItemId, T0.AddHours(1), Ct));

        Assert.Equal((WorkItemState.Pending, 0), await StateOf(item.ItemId));
        Assert.Empty(await ClaimAsync("w1", T0.AddMinutes(59)));
        Assert.Single(await ClaimAsync("w1", T0.AddHours(1)));
        Assert.False(await Queue.ReviveAsync("c1", item.ItemId, T0.AddHours(1), Ct));
        Assert.Empty(await Queue.ListDeadLetteredAsync("c1", 10, Ct));
    }

    [Fact]
    public async Task Releasing_gives_the_item_back_without_counting_an_attempt()
    {
        var item = await EnqueueAsync("c1", "k");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;

        Assert.True(await Queue.ReleaseAsync(lease, Ct));

        Assert.Equal((WorkItemState.Pending, 0), await StateOf(item.ItemId));
        Assert.Single(await ClaimAsync("w2", T0));
        Assert.False(await Queue.CompleteAsync(lease, T0, Ct));
    }

    [Fact]
    public async Task Deferring_puts_the_item_back_until_its_time_without_counting_an_attempt_and_keeps_its_place()
    {
        var item = await EnqueueAsync("c1", "k");
        var later = await EnqueueAsync("c1", "k");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;

        Assert.True(await Queue.DeferAsync(lease, T0.AddSeconds(30), Ct));

        Assert.Equal((WorkItemState.Pending, 0), await StateOf(item.ItemId));
        Assert.Empty(await ClaimAsync("w2", T0.AddSeconds(29)));
        var next = Assert.Single(await ClaimAsync("w2", T0.AddSeconds(30)));
        Assert.Equal(item.ItemId, next.Item.Id);
        Assert.False(await Queue.DeferAsync(lease, T0.AddSeconds(40), Ct));
        Assert.False(await Queue.CompleteAsync(lease, T0, Ct));
        Assert.Equal((WorkItemState.Pending, 0), await StateOf(later.ItemId));
    }

    [Fact]
    public async Task A_paused_company_keeps_its_items_pending_until_resumed()
    {
        var paused = await EnqueueAsync("c1", "k");
        var other = await EnqueueAsync("c2", "k");

        await Queue.SetCompanyPausedAsync("c1", true, Ct);
        var duringPause = await ClaimAsync("w1", T0, max: 10);
        var enqueuedWhilePaused = await EnqueueAsync("c1", "k2");

        Assert.True(await Queue.IsCompanyPausedAsync("c1", Ct));
        Assert.False(await Queue.IsCompanyPausedAsync("c2", Ct));
        Assert.Equal(other.ItemId, Assert.Single(duringPause).Item.Id);
        Assert.False(enqueuedWhilePaused.IsDuplicate);
        Assert.Equal(2, (await Queue.GetStatsAsync("c1", T0, Ct)).PendingCount);

        await Queue.SetCompanyPausedAsync("c1", false, Ct);
        var afterResume = await ClaimAsync("w1", T0, max: 10);

        Assert.Equal([paused.ItemId, enqueuedWhilePaused.ItemId], afterResume.Select(c => c.Item.Id).Order());
    }

    [Fact]
    public async Task Stats_count_items_by_state_and_age_the_oldest_pending_item()
    {
        Assert.Equal(new WorkQueueStats(0, 0, 0, null), await Queue.GetStatsAsync(null, T0, Ct));
        await EnqueueAsync("c1", "a", at: T0);
        await EnqueueAsync("c1", "b", at: T0.AddMinutes(1));
        await EnqueueAsync("c1", "c", at: T0.AddMinutes(2));
        await EnqueueAsync("c2", "a", at: T0.AddMinutes(3));
        var claimed = await Queue.ClaimAsync(new ClaimRequest { Owner = "w1", LeaseDuration = Lease, MaxItems = 2, MaxItemsPerCompany = 2 }, T0.AddMinutes(3), Ct);
        var c1Lease = Assert.Single(claimed, c => c.Item.CompanyId == "c1").Lease;
        await Queue.FailAsync(c1Lease, "fault", T0, 1, Ct);

        var all = await Queue.GetStatsAsync(null, T0.AddMinutes(10), Ct);
        var c1 = await Queue.GetStatsAsync("c1", T0.AddMinutes(10), Ct);
        var c2 = await Queue.GetStatsAsync("c2", T0.AddMinutes(10), Ct);

        Assert.Equal(new WorkQueueStats(2, 1, 1, TimeSpan.FromMinutes(9)), all);
        Assert.Equal(new WorkQueueStats(2, 0, 1, TimeSpan.FromMinutes(9)), c1);
        Assert.Equal(new WorkQueueStats(0, 1, 0, null), c2);
    }

    [Fact]
    public async Task A_completed_item_is_never_claimed_again()
    {
        var item = await EnqueueAsync("c1", "k");
        var lease = Assert.Single(await ClaimAsync("w1", T0)).Lease;

        Assert.True(await Queue.CompleteAsync(lease, T0, Ct));

        Assert.Empty(await ClaimAsync("w2", T0.AddDays(1)));
        Assert.False(await Queue.CompleteAsync(lease, T0, Ct));
        Assert.Equal(WorkItemState.Completed, (await StateOf(item.ItemId)).State);
    }

    [Fact]
    public async Task Invalid_claims_are_refused_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await Queue.ClaimAsync(new ClaimRequest { Owner = "w1", LeaseDuration = TimeSpan.Zero }, T0, Ct));

        Assert.Contains("LeaseDuration", error.Message, StringComparison.Ordinal);
    }

    private async Task<(WorkItemState State, int Attempts)> StateOf(long id)
    {
        var item = (await Queue.GetAsync(id, Ct))!;
        return (item.State, item.Attempts);
    }

    private ValueTask<EnqueueResult> EnqueueAsync(string company, string key, string? dedup = null, DateTimeOffset? runAt = null, string payload = "{}", DateTimeOffset? at = null) =>
        Queue.EnqueueAsync(new NewWorkItem { CompanyId = company, Kind = "outbound.invoice", OrderingKey = key, DeduplicationKey = dedup, Payload = payload, RunAt = runAt }, at ?? T0, Ct);

    private async Task<IReadOnlyList<ClaimedWorkItem>> ClaimAsync(string owner, DateTimeOffset now, int max = 1) =>
        await Queue.ClaimAsync(new ClaimRequest { Owner = owner, LeaseDuration = Lease, MaxItems = max }, now, Ct);
}
