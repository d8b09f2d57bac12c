using Polly;
using RoApp.QuickBooksSync.DependencyInjection;
using Polly.Simmy;
using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Tests.Api;

/// <summary>A host's own Polly strategies run on every attempt, inside the library's retries.</summary>
public sealed class ApiResilienceHookTests : IDisposable
{
    private readonly FakeQuickBooksServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Host_strategies_added_with_ConfigureApiResilience_see_every_attempt_of_a_retried_call()
    {
        var seen = 0;
        using var test = new TestClient(_server, build: b => b.ConfigureApiResilience(pipeline => pipeline.AddChaosBehavior(1.0, _ =>
        {
            Interlocked.Increment(ref seen);
            return ValueTask.CompletedTask;
        })));
        _server.Answer(_ => _server.Requests.Count <= 2
            ? new Reply(503, "<html>Service Unavailable</html>")
            : Reply.Json(Payloads.InvoiceWithSubtotal));

        var (invoice, _) = await test.DriveAsync(() => test.Client.ReadAsync<Invoice>(TestClient.Realm, "130"), TimeSpan.FromMilliseconds(100));

        Assert.Equal("130", invoice.Id);
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(3, seen);
    }
}
