using System.Text.Json;
using RoApp.QuickBooksSync.Testing.Faults;

namespace RoApp.QuickBooksSync.Testing.Tests.Faults;

public sealed class FaultTests
{
    [Fact]
    public async Task Injected_server_error_writes_nothing_and_the_retry_succeeds()
    {
        await using var h = Harness.Create();
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Entity = "customer", Operation = FaultOperation.Create, Times = 1 });

        var failed = await h.PostAsync("customer", new System.Text.Json.Nodes.JsonObject { ["DisplayName"] = "Retry me" });
        var retried = await h.PostAsync("customer", new System.Text.Json.Nodes.JsonObject { ["DisplayName"] = "Retry me" });

        Assert.Equal(500, failed.Status);
        Assert.Equal("10000", failed.FaultCode);
        Assert.Equal(200, retried.Status);
        Assert.Equal(1, h.Sim.Inspect(h.Realm).All("Customer").Count(c => c["DisplayName"].Str() == "Retry me"));
    }

    [Fact]
    public async Task Service_unavailable_answers_503()
    {
        await using var h = Harness.Create();
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Operation = FaultOperation.Query, Times = 1 });

        Assert.Equal(503, (await h.QueryAsync("select * from Item")).Status);
        Assert.Equal(200, (await h.QueryAsync("select * from Item")).Status);
    }

    [Fact]
    public async Task Commit_then_fail_applies_the_write_but_answers_500()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Committed");
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenServerError, Entity = "Invoice", Operation = FaultOperation.Create, Times = 1 });

        var answer = await h.PostAsync("invoice", h.InvoiceBody(customer["Id"].Str(), 10m, "CT-1"));

        Assert.Equal(500, answer.Status);
        Assert.Equal(1, h.Sim.Inspect(h.Realm).Count("Invoice"));
    }

    [Fact]
    public async Task After_commit_then_fail_a_retry_with_the_same_requestid_gets_the_real_answer_and_no_duplicate()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Replay");
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenServerError, Entity = "Invoice", Times = 1 });

        var failed = await h.PostAsync("invoice?requestid=inv-1-g1", h.InvoiceBody(customer["Id"].Str(), 10m, "RP-1"));
        var retried = await h.PostAsync("invoice?requestid=inv-1-g1", h.InvoiceBody(customer["Id"].Str(), 10m, "RP-1"));

        Assert.Equal(500, failed.Status);
        Assert.Equal(200, retried.Status);
        Assert.Equal("RP-1", retried.Entity("Invoice")["DocNumber"].Str());
        Assert.Equal(1, h.Sim.Inspect(h.Realm).Count("Invoice"));
    }

    [Fact]
    public async Task Commit_then_lost_answer_applies_the_write_and_answers_an_unparseable_body()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Lost");
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenLostAnswer, Entity = "Invoice", Times = 1 });

        var answer = await h.PostAsync("invoice", h.InvoiceBody(customer["Id"].Str(), 10m, "LA-1"));

        Assert.Equal(200, answer.Status);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(answer.Text));
        Assert.Equal(1, h.Sim.Inspect(h.Realm).Count("Invoice"));
    }

    [Fact]
    public async Task Lost_answer_before_commit_writes_nothing()
    {
        await using var h = Harness.Create();
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.LostAnswer, Entity = "Customer", Times = 1 });

        var answer = await h.PostAsync("customer", new System.Text.Json.Nodes.JsonObject { ["DisplayName"] = "Never" });

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(answer.Text));
        Assert.Equal(0, h.Sim.Inspect(h.Realm).Count("Customer"));
    }

    [Fact]
    public async Task Timeout_holds_the_answer_past_the_callers_timeout_after_committing()
    {
        await using var h = Harness.Create();
        var customer = await h.CreateCustomerAsync("Slow");
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.CommitThenTimeout, Entity = "Invoice", Times = 1, Latency = TimeSpan.FromSeconds(30) });
        using var impatient = new HttpClient { BaseAddress = h.Sim.BaseUrl, Timeout = TimeSpan.FromSeconds(1) };
        impatient.DefaultRequestHeaders.Authorization = h.Http.DefaultRequestHeaders.Authorization;

        using var content = new StringContent(h.InvoiceBody(customer["Id"].Str(), 10m, "TO-1").ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.PostAsync(h.Api("invoice"), content));

        // On a loaded machine the write may land just after the caller gave up: wait for it, boundedly.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (h.Sim.Inspect(h.Realm).Count("Invoice") == 0)
        {
            await Task.Delay(10, bound.Token);
        }

        Assert.Equal(1, h.Sim.Inspect(h.Realm).Count("Invoice"));
    }

    [Fact]
    public async Task Probabilistic_faults_repeat_for_the_same_seed()
    {
        async Task<List<int>> RunAsync()
        {
            await using var h = Harness.Create(configure: o => o.Seed = 7);
            h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Operation = FaultOperation.Query, Probability = 0.5 });
            var statuses = new List<int>();
            for (var i = 0; i < 12; i++)
            {
                statuses.Add((await h.QueryAsync("select * from Item")).Status);
            }

            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(500, first);
        Assert.Contains(200, first);
    }

    [Fact]
    public async Task Token_endpoint_faults_can_be_injected()
    {
        await using var h = Harness.Create();
        h.Sim.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Operation = FaultOperation.Token, Times = 1 });
        using var client = new HttpClient();

        using var response = await client.PostAsync(h.Sim.TokenEndpoint, new StringContent("grant_type=refresh_token&refresh_token=x"));

        Assert.Equal(503, (int)response.StatusCode);
    }
}
