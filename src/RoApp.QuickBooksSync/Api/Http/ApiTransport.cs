using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Limits;
using RoApp.QuickBooksSync.Api.Serialization;
using RoApp.QuickBooksSync.Diagnostics;

namespace RoApp.QuickBooksSync.Api.Http;

/// <summary>
/// Sends one logical call: waits for the realm's capacity, adds the access token, retries what may pass
/// (429 honouring <c>Retry-After</c>, 5xx, transport errors, attempt timeouts, empty answers) with jittered
/// exponential backoff under an overall deadline, refreshes the token once on 401, and turns faults
/// (also inside HTTP 200) into typed exceptions. Every attempt sends the same bytes and <c>requestid</c>.
/// Each call is one span and one <c>roapp.quickbooks.api.calls</c> measurement, whatever its attempts.
/// </summary>
internal sealed class ApiTransport
{
    /// <summary>The name of the <see cref="HttpClient"/> registered with <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "RoApp.QuickBooksSync.Api";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly QuickBooksSyncOptions _options;
    private readonly IQuickBooksAccessTokenProvider _tokens;
    private readonly RealmLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SyncMetrics _metrics;
    private readonly string _baseUrl;
    private readonly ResiliencePipeline<AttemptOutcome> _pipeline;
    private readonly List<ApiResilienceHook> _hooks;

    public ApiTransport(
        IHttpClientFactory httpClientFactory,
        IOptions<QuickBooksSyncOptions> options,
        IQuickBooksAccessTokenProvider tokens,
        RealmLimiter limiter,
        TimeProvider time,
        ILogger<ApiTransport> logger,
        SyncMetrics metrics,
        IEnumerable<ApiResilienceHook>? hooks = null)
    {
        _hooks = hooks?.ToList() ?? [];
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _tokens = tokens;
        _limiter = limiter;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _baseUrl = _options.ResolveApiBaseUrl().ToString().TrimEnd('/');
        _pipeline = BuildPipeline();
    }

    public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        using var telemetry = _metrics.StartApiCall(request);
        try
        {
            var response = await SendCoreAsync(request, telemetry, cancellationToken).ConfigureAwait(false);
            telemetry.Succeeded();
            return response;
        }
        catch (Exception exception)
        {
            telemetry.Failed(exception);
            throw;
        }
    }

    private async Task<ApiResponse> SendCoreAsync(ApiRequest request, ApiCallTelemetry telemetry, CancellationToken cancellationToken)
    {
        var retry = _options.Retry;
        var call = new ApiCall(this, request, BuildUri(request), _httpClientFactory.CreateClient(HttpClientName), telemetry, _time.GetUtcNow() + retry.OverallTimeout, cancellationToken);
        var context = ResilienceContextPool.Shared.Get(ApiCallName.Of(request).OperationKey, cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            while (true)
            {
                var outcome = await _pipeline.ExecuteOutcomeAsync(
                    static (ctx, state) => state.Transport.AttemptAsync(state, ctx.CancellationToken), context, call).ConfigureAwait(false);
                if (outcome.Exception is TimeoutRejectedException timeout)
                {
                    throw new QuickBooksTransientException(
                        $"QuickBooks {request.Operation} for realm {request.RealmId} did not finish within QuickBooksSync:Retry:OverallTimeout ({retry.OverallTimeout}), waits and retries included. It can be tried again later; raise the setting if calls are legitimately slow.",
                        timeout)
                    {
                        RealmId = request.RealmId,
                        MayHaveBeenApplied = request.IsWrite && (call.MayHaveBeenApplied || call.AttemptInFlight),
                    };
                }

                outcome.ThrowIfException();
                var result = outcome.Result;
                if (result.Response is not null)
                {
                    return result.Response;
                }

                var failure = result.Failure!;
                if (failure is QuickBooksAuthenticationException && call.RefreshedToken is null)
                {
                    // One forced refresh and one more go: the token may have expired between reading and sending.
                    Log.RefreshingToken(_logger, request.RealmId, request.Operation, failure.IntuitTid);
                    telemetry.Retrying("token_refresh", TimeSpan.Zero);
                    call.RefreshedToken = await _tokens.RefreshAccessTokenAsync(request.RealmId, call.LastAccessToken!, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (failure.HttpStatusCode is not null || failure.Code is not null)
                {
                    Log.Faulted(_logger, request.Operation, request.RealmId, failure.Code, failure.HttpStatusCode, failure.IntuitTid, failure.FaultMessage);
                }

                failure.MayHaveBeenApplied = call.MayHaveBeenApplied;
                throw failure;
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// The transport's resilience on Polly v8, built once: the overall deadline (outermost), retries with
    /// jittered exponential backoff that honour <c>Retry-After</c> (a 429 pauses the realm for every caller),
    /// and the per-attempt timeout (innermost). Every attempt of one call sends the same bytes and request id.
    /// </summary>
    private ResiliencePipeline<AttemptOutcome> BuildPipeline()
    {
        var retry = _options.Retry;
        var builder = new ResiliencePipelineBuilder<AttemptOutcome> { Name = QuickBooksSyncDiagnostics.ResiliencePipelineName, TimeProvider = _time };

        // Polly's metrics beside the library's own; no Polly logs: the library already logs each retry once, its way.
        builder.ConfigureTelemetry(PollyTelemetry);
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "overall", Timeout = PollyTimeout(retry.OverallTimeout) });
        if (retry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptOutcome>
            {
                Name = "retry",
                MaxRetryAttempts = retry.MaxRetryAttempts,
                UseJitter = false,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Result.Failure is { } failure && failure is not QuickBooksAuthenticationException && FaultTranslator.IsRetryable(failure)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelay(args.Outcome.Result.Failure!, args.Outcome.Result.RetryAfter, args.AttemptNumber + 1)),
                OnRetry = args =>
                {
                    var call = args.Context.Properties.GetValue(CallKey, null!);
                    var failure = args.Outcome.Result.Failure!;
                    if (failure is QuickBooksThrottledException)
                    {
                        _limiter.PauseUntil(call.Request.RealmId, _time.GetUtcNow() + args.RetryDelay);
                    }

                    Log.Retrying(_logger, call.Request.Operation, call.Request.RealmId, Reason(failure), failure.IntuitTid, args.AttemptNumber + 1, retry.MaxRetryAttempts, (long)args.RetryDelay.TotalMilliseconds);
                    call.Telemetry.Retrying(RetryReason(failure), args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (_hooks.Count > 0)
        {
            var host = new ResiliencePipelineBuilder { Name = QuickBooksSyncDiagnostics.ResiliencePipelineName + ".Host", TimeProvider = _time };
            host.ConfigureTelemetry(PollyTelemetry);
            _hooks.ForEach(hook => hook.Configure(host));
            builder.AddPipeline(host.Build());
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "attempt", Timeout = PollyTimeout(retry.AttemptTimeout) });
        return builder.Build();
    }

    // Polly's timeouts accept 10 ms to 24 h; the options validator only asks for a positive value.
    private static TimeSpan PollyTimeout(TimeSpan value) => value < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : value > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : value;

    private static readonly TelemetryOptions PollyTelemetry = new() { LoggerFactory = NullLoggerFactory.Instance };

    private static readonly ResiliencePropertyKey<ApiCall> CallKey = new("RoApp.QuickBooksSync.ApiCall");

    /// <summary>One logical API call across its attempts.</summary>
    private sealed class ApiCall(ApiTransport transport, ApiRequest request, Uri uri, HttpClient http, ApiCallTelemetry telemetry, DateTimeOffset deadline, CancellationToken callerToken)
    {
        public ApiTransport Transport { get; } = transport;

        public ApiRequest Request { get; } = request;

        public Uri Uri { get; } = uri;

        public HttpClient Http { get; } = http;

        public ApiCallTelemetry Telemetry { get; } = telemetry;

        public CancellationToken CallerToken { get; } = callerToken;

        public DateTimeOffset Deadline { get; } = deadline;

        public int Attempt { get; set; }

        public string? RefreshedToken { get; set; }

        public string? LastAccessToken { get; set; }

        /// <summary>Set when an attempt of a write ended without a clear answer: QuickBooks may have applied it.</summary>
        public bool MayHaveBeenApplied { get; set; }

        public bool AttemptInFlight { get; set; }
    }

    // A failure after which the server may have acted: it saw the request but its answer did not arrive
    // or said nothing definite. A refused connection or an unknown host never reached QuickBooks.
    private static bool IsAmbiguous(QuickBooksApiException failure) =>
        failure is QuickBooksTransientException
        && failure.InnerException is not HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError };

    private async ValueTask<Outcome<AttemptOutcome>> AttemptAsync(ApiCall call, CancellationToken attemptToken)
    {
        var request = call.Request;
        call.Attempt++;
        string accessToken;
        try
        {
            // Asked for on every attempt: a backoff wait may outlast the token, and the provider refreshes ahead of expiry.
            accessToken = call.RefreshedToken ?? await _tokens.GetAccessTokenAsync(request.RealmId, attemptToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Outcome.FromException<AttemptOutcome>(e);
        }

        call.LastAccessToken = accessToken;
        call.AttemptInFlight = true;
        call.Telemetry.AttemptStarted();
        var result = await SendAttemptAsync(call, accessToken, attemptToken).ConfigureAwait(false);
        call.AttemptInFlight = false;
        if (result.Exception is null && result.Result.Failure is { } failure)
        {
            call.Telemetry.AttemptFailed(failure);
            call.MayHaveBeenApplied |= request.IsWrite && IsAmbiguous(failure);
        }

        return result;
    }

    private async ValueTask<Outcome<AttemptOutcome>> SendAttemptAsync(ApiCall call, string accessToken, CancellationToken attemptToken)
    {
        var request = call.Request;
        try
        {
            using var lease = await _limiter.AcquireAsync(request.RealmId, request.IsBatch, attemptToken).ConfigureAwait(false);
            var started = _time.GetTimestamp();
            using var message = new HttpRequestMessage(request.Method, call.Uri);
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (request.Body is not null)
            {
                message.Content = new ByteArrayContent(request.Body);
                message.Content.Headers.ContentType = request.ContentType == JsonContentType.MediaType
                    ? JsonContentType
                    : new MediaTypeHeaderValue(request.ContentType) { CharSet = "utf-8" };
            }

            using var response = await call.Http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(attemptToken).ConfigureAwait(false);
            var intuitTid = response.Headers.TryGetValues("intuit_tid", out var values) ? values.FirstOrDefault() : null;
            var elapsedMilliseconds = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            Log.Answered(_logger, request.Operation, request.RealmId, (int)response.StatusCode, elapsedMilliseconds, call.Attempt, intuitTid);
            call.Telemetry.Answered((int)response.StatusCode, intuitTid);
            return Outcome.FromResult(Interpret(request, response, body, intuitTid));
        }
        catch (OperationCanceledException e) when (attemptToken.IsCancellationRequested && !call.CallerToken.IsCancellationRequested && _time.GetUtcNow() < call.Deadline)
        {
            // The attempt's own timeout (not the caller's cancellation, not the overall deadline): a transport failure to retry.
            return Outcome.FromResult(new AttemptOutcome(null, FaultTranslator.Transport(request.RealmId, request.Operation, e, timedOut: true), null));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return Outcome.FromResult(new AttemptOutcome(null, FaultTranslator.Transport(request.RealmId, request.Operation, e, timedOut: false), null));
        }
        catch (Exception e)
        {
            return Outcome.FromException<AttemptOutcome>(e);
        }
    }

    private AttemptOutcome Interpret(ApiRequest request, HttpResponseMessage response, byte[] body, string? intuitTid)
    {
        var status = response.StatusCode;
        var retryAfter = RetryAfter(response);
        JsonDocument? document = null;
        if (body.Length > 0)
        {
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                // HTML error pages from proxies, or a garbled answer: judged by the status below.
            }
        }

        var fault = document is not null ? FindFault(document.RootElement) : null;
        if (response.IsSuccessStatusCode && document is not null && fault is null)
        {
            return new AttemptOutcome(new ApiResponse(document, intuitTid), null, null);
        }

        document?.Dispose();
        if (response.IsSuccessStatusCode && fault is null)
        {
            // A 2xx without a readable body is an answer lost on the way: the write may have happened, so
            // it is retried with the same requestid and QuickBooks replays the first result.
            var lost = new QuickBooksTransientException(
                $"QuickBooks {request.Operation} for realm {request.RealmId} answered HTTP {(int)status} without a readable JSON body; the answer was lost on the way. intuit_tid={intuitTid}.")
            {
                RealmId = request.RealmId,
                IntuitTid = intuitTid,
                HttpStatusCode = (int)status,
            };
            return new AttemptOutcome(null, lost, null);
        }

        var failure = FaultTranslator.Translate(fault, status, request.RealmId, request.Operation, intuitTid, retryAfter);
        return new AttemptOutcome(null, failure, retryAfter);
    }

    private static QuickBooksFault? FindFault(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("Fault") || string.Equals(property.Name, "Fault", StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.Deserialize(QuickBooksJsonContext.Default.QuickBooksFault);
            }
        }

        return null;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private TimeSpan RetryDelay(QuickBooksApiException failure, TimeSpan? retryAfter, int retry)
    {
        if (retryAfter is { } serverAsked)
        {
            return serverAsked;
        }

        if (failure is QuickBooksThrottledException)
        {
            return _options.Retry.ThrottledDelay;
        }

        // Exponential with "equal jitter": between half and all of the capped exponential delay, so that
        // many callers failing together do not come back together.
        var exponential = _options.Retry.BaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1);
        var capped = Math.Min(exponential, _options.Retry.MaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jittered = (capped / 2) + (Random.Shared.NextDouble() * capped / 2);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(jittered);
    }

    // The metric's reason tag: a fixed set, unlike the log text above it.
    private static string RetryReason(QuickBooksApiException failure) => failure switch
    {
        QuickBooksThrottledException => "throttled",
        { HttpStatusCode: >= 500 } => "server_error",
        { HttpStatusCode: >= 200 and < 300 } => "lost_answer",
        { InnerException: OperationCanceledException } => "timeout",
        { InnerException: HttpRequestException or IOException } => "transport",
        _ => "transient",
    };

    private static string Reason(QuickBooksApiException failure) => failure switch
    {
        QuickBooksThrottledException => "throttled",
        { HttpStatusCode: { } status } => string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"),
        { InnerException: OperationCanceledException } => "attempt timed out",
        { InnerException: HttpRequestException } => "transport error",
        _ => "transient failure",
    };

    private Uri BuildUri(ApiRequest request)
    {
        var text = new StringBuilder(_baseUrl)
            .Append("/v3/company/").Append(Uri.EscapeDataString(request.RealmId))
            .Append('/').Append(request.Path)
            .Append("?minorversion=").Append(_options.MinorVersion.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in request.Parameters)
        {
            text.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        if (request.RequestId is not null)
        {
            text.Append("&requestid=").Append(Uri.EscapeDataString(request.RequestId));
        }

        return new Uri(text.ToString());
    }

    private readonly record struct AttemptOutcome(ApiResponse? Response, QuickBooksApiException? Failure, TimeSpan? RetryAfter);
}
