using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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

    public ApiTransport(
        IHttpClientFactory httpClientFactory,
        IOptions<QuickBooksSyncOptions> options,
        IQuickBooksAccessTokenProvider tokens,
        RealmLimiter limiter,
        TimeProvider time,
        ILogger<ApiTransport> logger,
        SyncMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _tokens = tokens;
        _limiter = limiter;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _baseUrl = _options.ResolveApiBaseUrl().ToString().TrimEnd('/');
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
        using var deadline = new CancellationTokenSource(retry.OverallTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;
        var uri = BuildUri(request);
        var http = _httpClientFactory.CreateClient(HttpClientName);

        // Set when an attempt of a write ended without a clear answer: QuickBooks may have applied it.
        var mayHaveBeenApplied = false;
        var attemptInFlight = false;
        try
        {
            string? refreshedToken = null;
            var retries = 0;
            var attempt = 0;
            while (true)
            {
                attempt++;

                // Asked for on every attempt: a backoff wait may outlast the token, and the provider refreshes ahead of expiry.
                var accessToken = refreshedToken ?? await _tokens.GetAccessTokenAsync(request.RealmId, token).ConfigureAwait(false);
                attemptInFlight = true;
                telemetry.AttemptStarted();
                var outcome = await AttemptAsync(http, request, uri, accessToken, attempt, telemetry, token).ConfigureAwait(false);
                attemptInFlight = false;
                if (outcome.Response is not null)
                {
                    return outcome.Response;
                }

                var failure = outcome.Failure!;
                telemetry.AttemptFailed(failure);
                mayHaveBeenApplied |= request.IsWrite && IsAmbiguous(failure);
                if (failure is QuickBooksAuthenticationException && refreshedToken is null)
                {
                    // One forced refresh and one more try: the token may have expired between reading and sending.
                    Log.RefreshingToken(_logger, request.RealmId, request.Operation, failure.IntuitTid);
                    telemetry.Retrying("token_refresh", TimeSpan.Zero);
                    refreshedToken = await _tokens.RefreshAccessTokenAsync(request.RealmId, accessToken, token).ConfigureAwait(false);
                    continue;
                }

                if (!FaultTranslator.IsRetryable(failure) || retries >= retry.MaxRetryAttempts)
                {
                    if (failure.HttpStatusCode is not null || failure.Code is not null)
                    {
                        Log.Faulted(_logger, request.Operation, request.RealmId, failure.Code, failure.HttpStatusCode, failure.IntuitTid, failure.FaultMessage);
                    }

                    failure.MayHaveBeenApplied = mayHaveBeenApplied;
                    throw failure;
                }

                retries++;
                var delay = RetryDelay(failure, outcome.RetryAfter, retries);
                if (failure is QuickBooksThrottledException)
                {
                    _limiter.PauseUntil(request.RealmId, _time.GetUtcNow() + delay);
                }

                Log.Retrying(_logger, request.Operation, request.RealmId, Reason(failure), failure.IntuitTid, retries, retry.MaxRetryAttempts, (long)delay.TotalMilliseconds);
                telemetry.Retrying(RetryReason(failure), delay);
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new QuickBooksTransientException(
                $"QuickBooks {request.Operation} for realm {request.RealmId} did not finish within QuickBooksSync:Retry:OverallTimeout ({retry.OverallTimeout}), waits and retries included. It can be tried again later; raise the setting if calls are legitimately slow.",
                e)
            {
                RealmId = request.RealmId,
                MayHaveBeenApplied = request.IsWrite && (mayHaveBeenApplied || attemptInFlight),
            };
        }
    }

    // A failure after which the server may have acted: it saw the request but its answer did not arrive
    // or said nothing definite. A refused connection or an unknown host never reached QuickBooks.
    private static bool IsAmbiguous(QuickBooksApiException failure) =>
        failure is QuickBooksTransientException
        && failure.InnerException is not HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError };

    private async Task<AttemptOutcome> AttemptAsync(HttpClient http, ApiRequest request, Uri uri, string accessToken, int attempt, ApiCallTelemetry telemetry, CancellationToken token)
    {
        using var lease = await _limiter.AcquireAsync(request.RealmId, request.IsBatch, token).ConfigureAwait(false);
        using var attemptTimeout = new CancellationTokenSource(_options.Retry.AttemptTimeout, _time);
        using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(token, attemptTimeout.Token);
        var started = _time.GetTimestamp();
        try
        {
            using var message = new HttpRequestMessage(request.Method, uri);
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (request.Body is not null)
            {
                message.Content = new ByteArrayContent(request.Body);
                message.Content.Headers.ContentType = request.ContentType == JsonContentType.MediaType
                    ? JsonContentType
                    : new MediaTypeHeaderValue(request.ContentType) { CharSet = "utf-8" };
            }

            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptToken.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(attemptToken.Token).ConfigureAwait(false);
            var intuitTid = response.Headers.TryGetValues("intuit_tid", out var values) ? values.FirstOrDefault() : null;
            var elapsedMilliseconds = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            Log.Answered(_logger, request.Operation, request.RealmId, (int)response.StatusCode, elapsedMilliseconds, attempt, intuitTid);
            telemetry.Answered((int)response.StatusCode, intuitTid);

            return Interpret(request, response, body, intuitTid);
        }
        catch (OperationCanceledException e) when (attemptTimeout.IsCancellationRequested && !token.IsCancellationRequested)
        {
            return new AttemptOutcome(null, FaultTranslator.Transport(request.RealmId, request.Operation, e, timedOut: true), null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new AttemptOutcome(null, FaultTranslator.Transport(request.RealmId, request.Operation, e, timedOut: false), null);
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
