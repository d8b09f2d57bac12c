using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Tests.Api;

public sealed class ResilienceTests : IDisposable
{
    private readonly FakeQuickBooksServer _server = new();
    private readonly TestClient _test;

    // The default wait after a 429 is set far from any Retry-After used here, so the two cannot be confused.
    private static readonly TimeSpan ThrottledDelay = TimeSpan.FromMinutes(10);

    public ResilienceTests() => _test = new TestClient(_server, options =>
    {
        options.Retry.ThrottledDelay = ThrottledDelay;
        options.Retry.MaxDelay = ThrottledDelay;
    });

    public void Dispose()
    {
        _test.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Throttled_429_waits_as_long_as_Retry_After_says_then_succeeds()
    {
        _server.Answer(_ => _server.Requests.Count == 1
            ? new Reply(429, Payloads.Fault("3001", "ThrottleExceeded", "ThrottleExceeded"), new Dictionary<string, string> { ["Retry-After"] = "7" })
            : Reply.Json(Payloads.InvoiceWithSubtotal));

        var (invoice, elapsed) = await _test.DriveAsync(() => _test.Client.ReadAsync<Invoice>(TestClient.Realm, "130"));

        Assert.Equal("130", invoice.Id);
        Assert.Equal(2, _server.Requests.Count);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(7), ThrottledDelay / 2);
    }

    [Fact]
    public async Task Throttled_429_without_Retry_After_waits_the_configured_default()
    {
        _server.Answer(_ => _server.Requests.Count == 1
            ? new Reply(429, Payloads.Fault("3001", "ThrottleExceeded", "ThrottleExceeded"))
            : Reply.Json(Payloads.InvoiceWithSubtotal));

        var (_, elapsed) = await _test.DriveAsync(() => _test.Client.ReadAsync<Invoice>(TestClient.Realm, "130"), TimeSpan.FromSeconds(5));

        Assert.Equal(2, _server.Requests.Count);
        Assert.True(elapsed >= ThrottledDelay, $"waited only {elapsed}");
    }

    [Fact]
    public async Task A_429_holds_back_the_realms_other_callers_too()
    {
        _server.Answer(r => r.Path.EndsWith("/130", StringComparison.Ordinal) && _server.Requests.Count == 1
            ? new Reply(429, Payloads.Fault("3001", "ThrottleExceeded", "ThrottleExceeded"), new Dictionary<string, string> { ["Retry-After"] = "20" })
            : Reply.Json(Payloads.InvoiceWithSubtotal));
        var limiter = _test.Get<RoApp.QuickBooksSync.Api.Limits.RealmLimiter>();
        var start = _test.Time.GetUtcNow();
        var first = _test.Client.ReadAsync<Invoice>(TestClient.Realm, "130");
        await TestClient.WaitForAsync(() => limiter.PausedUntil(TestClient.Realm) is not null, "the 429 to pause the realm");

        var secondSentAfter = TimeSpan.Zero;
        await _test.DriveAsync(async () =>
        {
            var invoice = await _test.Client.ReadAsync<Invoice>(TestClient.Realm, "131");
            secondSentAfter = _test.Time.GetUtcNow() - start;
            await first;
            return invoice;
        });

        Assert.Equal(["130", "130", "131"], _server.Requests.Select(r => r.Path.Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.True(secondSentAfter >= TimeSpan.FromSeconds(20), $"the second caller went after {secondSentAfter}");
    }

    [Fact]
    public async Task Service_unavailable_503_is_retried_with_backoff()
    {
        _server.Answer(_ => _server.Requests.Count <= 2
            ? new Reply(503, "<html>Service Unavailable</html>")
            : Reply.Json(Payloads.InvoiceWithSubtotal));

        var (invoice, elapsed) = await _test.DriveAsync(() => _test.Client.ReadAsync<Invoice>(TestClient.Realm, "130"), TimeSpan.FromMilliseconds(100));

        Assert.Equal("130", invoice.Id);
        Assert.Equal(3, _server.Requests.Count);

        // Base delay 1 s, doubled, each jittered to between half and all of it: at least 0.5 s + 1 s.
        Assert.True(elapsed >= TimeSpan.FromSeconds(1.5), $"waited only {elapsed}");
    }

    [Fact]
    public async Task Throttling_on_every_attempt_ends_in_a_throttled_error_after_the_allowed_retries()
    {
        using var test = new TestClient(_server, options =>
        {
            options.Retry.MaxRetryAttempts = 2;
            options.Retry.ThrottledDelay = TimeSpan.FromSeconds(5);
        });
        _server.Answer(_ => new Reply(429, Payloads.Fault("3001", "ThrottleExceeded", "ThrottleExceeded")));

        var error = await Assert.ThrowsAsync<QuickBooksThrottledException>(() =>
            test.DriveAsync(() => test.Client.ReadAsync<Invoice>(TestClient.Realm, "130"), TimeSpan.FromSeconds(1)));

        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal("3001", error.Code);
    }

    [Fact]
    public async Task A_create_that_times_out_is_retried_with_the_same_requestid()
    {
        using var test = new TestClient(_server, options => options.Retry.AttemptTimeout = TimeSpan.FromSeconds(30));
        using var release = new CancellationTokenSource();
        _server.Handler = async request =>
        {
            if (_server.Requests.Count == 1)
            {
                // QuickBooks holds the first attempt past the client's attempt timeout.
                await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            return Reply.Json(Payloads.InvoiceWithSubtotal);
        };

        try
        {
            var (invoice, elapsed) = await test.DriveAsync(
                () => test.Client.CreateAsync(TestClient.Realm, new Invoice { CustomerRef = new QuickBooksRef("58") }, "roapp-c1-inv42-g1"),
                TimeSpan.FromSeconds(1));

            Assert.Equal("130", invoice.Id);
            Assert.Equal(2, _server.Requests.Count);
            Assert.All(_server.Requests, r => Assert.Equal("roapp-c1-inv42-g1", r.RequestId));
            Assert.Equal(_server.Requests[0].Body, _server.Requests[1].Body);
            Assert.True(elapsed >= TimeSpan.FromSeconds(30), $"gave up after only {elapsed}");
        }
        finally
        {
            await release.CancelAsync();
        }
    }

    [Fact]
    public async Task A_write_whose_every_attempt_timed_out_says_it_may_have_been_applied()
    {
        using var test = new TestClient(_server, options =>
        {
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.AttemptTimeout = TimeSpan.FromSeconds(30);
        });
        using var release = new CancellationTokenSource();
        _server.Handler = async _ =>
        {
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return Reply.Json(Payloads.InvoiceWithSubtotal);
        };

        try
        {
            var error = await Assert.ThrowsAsync<QuickBooksTransientException>(() =>
                test.DriveAsync(() => test.Client.CreateAsync(TestClient.Realm, new Invoice { CustomerRef = new QuickBooksRef("58") }, "w-9"), TimeSpan.FromSeconds(1)));

            Assert.True(error.MayHaveBeenApplied);
            Assert.Equal(2, _server.Requests.Count);
        }
        finally
        {
            await release.CancelAsync();
        }
    }

    [Fact]
    public async Task A_write_refused_by_throttling_or_validation_was_not_applied()
    {
        using var test = new TestClient(_server, options =>
        {
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.ThrottledDelay = TimeSpan.FromSeconds(1);
        });
        _server.Answer(_ => _server.Requests.Count == 1
            ? new Reply(429, Payloads.Fault("3001", "ThrottleExceeded", "ThrottleExceeded"))
            : Reply.Json(Payloads.Fault("6000", "A business validation error has occurred"), 400));

        var error = await Assert.ThrowsAsync<QuickBooksValidationException>(() =>
            test.DriveAsync(() => test.Client.CreateAsync(TestClient.Realm, new Invoice(), "w-10")));

        Assert.False(error.MayHaveBeenApplied);
    }

    [Fact]
    public async Task Transport_errors_are_retried_and_a_refused_connection_was_not_applied()
    {
        // Nothing listens on port 1: every attempt fails to connect.
        var attempts = new AttemptCounter();
        using var test = new TestClient(
            _server,
            options =>
            {
                options.ApiBaseUrl = new Uri("http://127.0.0.1:1");
                options.Retry.MaxRetryAttempts = 2;
            },
            builder => builder.ConfigureQuickBooksHttpClient(http => http.AddHttpMessageHandler(() => attempts)));

        var error = await Assert.ThrowsAsync<QuickBooksTransientException>(() =>
            test.DriveAsync(() => test.Client.CreateAsync(TestClient.Realm, new Invoice { CustomerRef = new QuickBooksRef("58") }, "w-11")));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Contains("QuickBooksSync:ApiBaseUrl", error.Message, StringComparison.Ordinal);
        Assert.False(error.MayHaveBeenApplied);
        Assert.Empty(_server.Requests);
        Assert.Equal(3, attempts.Count);
    }

    [Fact]
    public async Task A_write_without_a_caller_id_keeps_its_generated_requestid_across_retries()
    {
        _server.Answer(_ => _server.Requests.Count == 1 ? new Reply(502, null) : Reply.Json(Payloads.InvoiceWithSubtotal));

        await _test.DriveAsync(() => _test.Client.CreateAsync(TestClient.Realm, new Invoice { CustomerRef = new QuickBooksRef("58") }));

        Assert.Equal(2, _server.Requests.Count);
        Assert.NotNull(_server.Requests[0].RequestId);
        Assert.Equal(_server.Requests[0].RequestId, _server.Requests[1].RequestId);
    }

    [Fact]
    public async Task An_empty_200_answer_counts_as_lost_and_is_retried()
    {
        _server.Answer(_ => _server.Requests.Count == 1 ? new Reply(200, string.Empty) : Reply.Json(Payloads.InvoiceWithSubtotal));

        var (invoice, _) = await _test.DriveAsync(() => _test.Client.CreateAsync(TestClient.Realm, new Invoice { CustomerRef = new QuickBooksRef("58") }, "w-7"));

        Assert.Equal("130", invoice.Id);
        Assert.Equal(["w-7", "w-7"], _server.Requests.Select(r => r.RequestId));
    }

    [Fact]
    public async Task The_overall_deadline_ends_retries_with_a_transient_error_naming_the_setting()
    {
        using var test = new TestClient(_server, options =>
        {
            options.Retry.MaxRetryAttempts = 20;
            options.Retry.AttemptTimeout = TimeSpan.FromSeconds(10);
            options.Retry.OverallTimeout = TimeSpan.FromSeconds(20);
        });
        _server.Answer(_ => new Reply(500, Payloads.Fault("10000", "An application error has occurred", "SystemFault")));

        var error = await Assert.ThrowsAsync<QuickBooksTransientException>(() =>
            test.DriveAsync(() => test.Client.ReadAsync<Invoice>(TestClient.Realm, "130"), TimeSpan.FromSeconds(1)));

        Assert.Contains("QuickBooksSync:Retry:OverallTimeout", error.Message, StringComparison.Ordinal);
        Assert.InRange(_server.Requests.Count, 2, 20);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_honoured_during_a_backoff_wait()
    {
        _server.Answer(_ => new Reply(429, Payloads.Fault("3001", "ThrottleExceeded", "ThrottleExceeded")));
        using var cancel = new CancellationTokenSource();

        var call = _test.Client.ReadAsync<Invoice>(TestClient.Realm, "130", cancel.Token);
        await TestClient.WaitForAsync(() => _server.Requests.Count > 0, "the first request");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(_server.Requests);
    }

    private sealed class AttemptCounter : DelegatingHandler
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
