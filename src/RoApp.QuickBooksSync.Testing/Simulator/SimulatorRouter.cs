using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Batch;
using RoApp.QuickBooksSync.Testing.Cdc;
using RoApp.QuickBooksSync.Testing.Entities;
using RoApp.QuickBooksSync.Testing.Faults;
using RoApp.QuickBooksSync.Testing.Inspection;
using RoApp.QuickBooksSync.Testing.Limits;
using RoApp.QuickBooksSync.Testing.OAuth;
using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.Testing.Simulator;

/// <summary>Routes a request: OAuth endpoints, then the API pipeline (auth, limits, faults, requestid, rules).</summary>
internal sealed class SimulatorRouter(
    QuickBooksSimulatorOptions options,
    SimulatorClock clock,
    ConcurrentDictionary<string, Company> companies,
    OAuthServer oauth,
    FaultInjection faults,
    WebhookDispatcher webhooks,
    RequestLog log,
    Func<string?> defaultRealm)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(130);
    private readonly Random _latencyRandom = new(options.Seed);
    private readonly Lock _latencyGate = new();

    /// <summary>The service time of the next admitted call (uniform within the jitter), or null for none.</summary>
    private TimeSpan? NextLatency()
    {
        var latency = options.Latency;
        var jitter = options.LatencyJitter;
        if (latency <= TimeSpan.Zero && jitter <= TimeSpan.Zero)
        {
            return null;
        }

        double spread;
        lock (_latencyGate)
        {
            spread = (_latencyRandom.NextDouble() * 2) - 1;
        }

        var delay = latency + (jitter * spread);
        return delay > TimeSpan.Zero ? delay : null;
    }

    public async Task<ApiResponse> HandleAsync(ApiRequest request, CancellationToken stop)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await RouteAsync(request, stop).ConfigureAwait(false);
        log.Add(clock.UtcNow, request, response.Status, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return response;
    }

    private async Task<ApiResponse> RouteAsync(ApiRequest request, CancellationToken stop)
    {
        var path = request.Path.TrimEnd('/');
        var method = request.Method.ToUpperInvariant();
        if (path is "" or "/health")
        {
            return ApiResponse.Json(200, "{\"status\":\"ok\"}");
        }

        if (path.Equals("/connect/oauth2", StringComparison.OrdinalIgnoreCase) && method == "GET")
        {
            return oauth.Authorize(request, defaultRealm());
        }

        if (path.Equals("/oauth2/v1/tokens/bearer", StringComparison.OrdinalIgnoreCase) && method == "POST")
        {
            var fault = faults.Pick(null, null, FaultOperation.Token);
            if (fault is not null && await PreCommitAsync(fault, stop).ConfigureAwait(false) is { } injected)
            {
                return injected;
            }

            return oauth.Token(request);
        }

        if (path.Equals("/v2/oauth2/tokens/revoke", StringComparison.OrdinalIgnoreCase) && method == "POST")
        {
            return oauth.Revoke(request);
        }

        if (path.StartsWith("/v3/company/", StringComparison.OrdinalIgnoreCase))
        {
            return await ApiAsync(request, method, path, stop).ConfigureAwait(false);
        }

        return FaultResponse(new QuickBooksFault(404, "404", "Not Found", $"The simulator has no endpoint {request.Method} {request.Path}."), null);
    }

    private async Task<ApiResponse> ApiAsync(ApiRequest request, string method, string path, CancellationToken stop)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var realmId = segments.Length > 2 ? segments[2] : "";
        var authError = oauth.Check(request.Header("Authorization"), realmId, out var authStatus);
        if (authError is not null)
        {
            log.Counters.Unauthorized();
            return AuthFault(authStatus, authError);
        }

        if (!companies.TryGetValue(realmId, out var company))
        {
            return FaultResponse(new QuickBooksFault(403, "3100", "ApplicationAuthorizationFailed", $"Realm {realmId} is not connected to this app.", null, "AuthorizationFault"), null);
        }

        ApiCall call;
        try
        {
            call = Classify(request, method, segments);
        }
        catch (QuickBooksFault fault)
        {
            return FaultResponse(fault, company.State);
        }

        if (!company.Limiter.TryEnter(options.Limits, call.Operation == FaultOperation.Batch))
        {
            log.Counters.Throttled();
            var throttled = FaultResponse(QuickBooksFault.Throttled(), company.State);
            if (options.Limits.RetryAfterSeconds is { } seconds)
            {
                throttled.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return throttled;
        }

        try
        {
            if (NextLatency() is { } latency)
            {
                await Task.Delay(latency, TimeProvider.System, stop).ConfigureAwait(false);
            }

            var fault = faults.Pick(realmId, call.Entity, call.Operation);
            if (fault is not null && await PreCommitAsync(fault, stop).ConfigureAwait(false) is { } injected)
            {
                return injected;
            }

            var response = Execute(company, call, request);
            if (fault is not null)
            {
                return await PostCommitAsync(fault, response, stop).ConfigureAwait(false);
            }

            return response;
        }
        finally
        {
            company.Limiter.Release();
        }
    }

    private ApiResponse Execute(Company company, ApiCall call, ApiRequest request)
    {
        var realm = company.State;
        var requestId = request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase) && call.IsWrite ? request.QueryValue("requestid") : null;
        List<EntityChange> changes;
        ApiResponse response;
        lock (realm.Gate)
        {
            if (requestId is not null && realm.RequestIds.TryGetValue(requestId, out var first))
            {
                log.Counters.Replayed();
                return Answer(first.Status, first.Body);
            }

            realm.PendingChanges.Clear();
            try
            {
                if (requestId is not null && requestId.Length > (call.Operation == FaultOperation.Batch ? 36 : 50))
                {
                    throw QuickBooksFault.Invalid($"requestid is {requestId.Length} characters long; at most {(call.Operation == FaultOperation.Batch ? 36 : 50)} are allowed.", "requestid");
                }

                var body = Run(realm, call, request, requestId is not null);
                body["time"] = realm.NowText;
                response = Answer(200, body.ToJsonString());
            }
            catch (QuickBooksFault fault)
            {
                realm.PendingChanges.Clear();
                response = FaultResponse(fault, realm);
            }

            if (requestId is not null && response.Status < 500)
            {
                realm.RequestIds[requestId] = (response.Status, response.Body);
            }

            changes = [.. realm.PendingChanges];
            realm.PendingChanges.Clear();
        }

        if (call.IsWrite && response.Status == 200)
        {
            log.Counters.Wrote();
        }

        foreach (var change in changes)
        {
            webhooks.Publish(change);
        }

        return response;
    }

    private static JsonObject Run(RealmState realm, ApiCall call, ApiRequest request, bool withRequestId)
    {
        switch (call.Operation)
        {
            case FaultOperation.Read:
                var id = call.Entity is EntityNames.CompanyInfo or EntityNames.Preferences ? "1" : call.Id!;
                return new JsonObject { [call.Entity!] = EntityEngine.Read(realm, call.Entity!, id) };
            case FaultOperation.Query:
                var text = request.QueryValue("query") ?? request.Body;
                return new JsonObject { ["QueryResponse"] = ApiOperations.Query(realm, text) };
            case FaultOperation.Cdc:
                return new JsonObject { ["CDCResponse"] = ChangeDataCapture.Run(realm, request.QueryValue("entities"), request.QueryValue("changedSince")) };
            case FaultOperation.Batch:
                return new JsonObject
                {
                    ["BatchItemResponse"] = BatchProcessor.Run(realm, call.Body!, withRequestId,
                        (r, entity, operation, include, body) => ApiOperations.Write(r, entity, operation, include, body),
                        ApiOperations.Query),
                };
            default:
                return new JsonObject
                {
                    [call.Entity!] = ApiOperations.Write(realm, call.Entity!, request.QueryValue("operation"), request.QueryValue("include"), call.Body!),
                };
        }
    }

    private static ApiCall Classify(ApiRequest request, string method, string[] segments)
    {
        if (segments.Length < 4)
        {
            throw new QuickBooksFault(404, "404", "Not Found", "The path needs a resource after /v3/company/{realmId}/.");
        }

        var resource = segments[3].ToLowerInvariant();
        switch (resource)
        {
            case "query" when method is "GET" or "POST":
                return new ApiCall(null, FaultOperation.Query, null, null, false);
            case "cdc" when method == "GET":
                return new ApiCall(null, FaultOperation.Cdc, null, null, false);
            case "batch" when method == "POST":
                return new ApiCall(null, FaultOperation.Batch, null, ParseBody(request.Body, null), true);
        }

        var entity = EntityNames.Canonical(resource)
            ?? throw new QuickBooksFault(400, "2010", "Unsupported entity", $"The simulator does not support the entity '{segments[3]}'. Supported: {string.Join(", ", EntityNames.All)}.");
        if (method == "GET")
        {
            if (segments.Length < 5 && entity != EntityNames.Preferences)
            {
                throw QuickBooksFault.Required("id (GET /v3/company/{realmId}/" + resource + "/{id})");
            }

            return new ApiCall(entity, FaultOperation.Read, segments.Length > 4 ? segments[4] : null, null, false);
        }

        if (method != "POST")
        {
            throw new QuickBooksFault(405, "405", "Method Not Allowed", $"{method} is not supported on {resource}; use GET to read and POST to write.");
        }

        var body = ParseBody(request.Body, entity);
        var op = request.QueryValue("operation")?.ToLowerInvariant();
        var include = request.QueryValue("include");
        var operation = op switch
        {
            "delete" => FaultOperation.Delete,
            "void" => FaultOperation.Void,
            "update" when string.Equals(include, "void", StringComparison.OrdinalIgnoreCase) => FaultOperation.Void,
            "update" => FaultOperation.Update,
            _ => Json.String(body, "Id") is null && entity != EntityNames.Preferences ? FaultOperation.Create : FaultOperation.Update,
        };
        return new ApiCall(entity, operation, null, body, true);
    }

    private static JsonObject ParseBody(string text, string? entity)
    {
        JsonNode? node;
        try
        {
            node = Json.Parse(text);
        }
        catch (JsonException ex)
        {
            throw QuickBooksFault.Invalid($"The request body is not valid JSON: {ex.Message}");
        }

        if (node is not JsonObject obj)
        {
            throw QuickBooksFault.Invalid("The request body must be a JSON object.");
        }

        // Tolerate a wrapped body ({"Invoice": {...}}), which some clients send.
        if (entity is not null && obj.Count == 1 && obj[entity] is JsonObject inner)
        {
            return inner;
        }

        return obj;
    }

    private async Task<ApiResponse?> PreCommitAsync(FaultRule fault, CancellationToken stop)
    {
        log.Counters.Faulted();
        switch (fault.Kind)
        {
            case FaultKind.Latency:
                await Task.Delay(fault.Latency ?? TimeSpan.FromSeconds(1), TimeProvider.System, stop).ConfigureAwait(false);
                return null;
            case FaultKind.ServerError:
                return FaultResponse(QuickBooksFault.System("Injected server error; nothing was written."), null);
            case FaultKind.ServiceUnavailable:
                return FaultResponse(QuickBooksFault.Unavailable(), null);
            case FaultKind.LostAnswer:
                return LostAnswer();
            case FaultKind.Timeout:
                await Task.Delay(fault.Latency ?? DefaultTimeout, TimeProvider.System, stop).ConfigureAwait(false);
                return LostAnswer();
            default:
                return null;
        }
    }

    private static async Task<ApiResponse> PostCommitAsync(FaultRule fault, ApiResponse committed, CancellationToken stop)
    {
        switch (fault.Kind)
        {
            case FaultKind.CommitThenServerError:
                return FaultResponse(QuickBooksFault.System("Injected server error after the write was applied."), null);
            case FaultKind.CommitThenLostAnswer:
                return LostAnswer();
            case FaultKind.CommitThenTimeout:
                await Task.Delay(fault.Latency ?? DefaultTimeout, TimeProvider.System, stop).ConfigureAwait(false);
                return LostAnswer();
            default:
                return committed;
        }
    }

    private static ApiResponse LostAnswer() => Answer(200, "{\"QueryResponse\":{\"Inv");

    private static ApiResponse Answer(int status, string body)
    {
        var response = ApiResponse.Json(status, body);
        response.Headers["intuit_tid"] = Guid.NewGuid().ToString("N");
        return response;
    }

    private static ApiResponse FaultResponse(QuickBooksFault fault, RealmState? realm)
    {
        var body = new JsonObject
        {
            ["Fault"] = fault.ToFaultObject(),
            ["time"] = realm?.NowText ?? SimulatorClock.Format(DateTimeOffset.UnixEpoch, TimeSpan.Zero),
        };
        return Answer(fault.HttpStatus, body.ToJsonString());
    }

    private ApiResponse AuthFault(int status, string detail)
    {
        // Intuit's 401 bodies come in lower case.
        var error = new JsonObject
        {
            ["message"] = status == 401 ? "message=AuthenticationFailed; errorCode=003200; statusCode=401" : "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
            ["detail"] = detail,
            ["code"] = status == 401 ? "3200" : "3100",
        };
        var body = new JsonObject
        {
            ["fault"] = new JsonObject { ["error"] = new JsonArray(error), ["type"] = status == 401 ? "AUTHENTICATION" : "AUTHORIZATION" },
            ["time"] = SimulatorClock.Format(clock.UtcNow, TimeSpan.FromHours(-7)),
        };
        var response = Answer(status, body.ToJsonString());
        if (status == 401)
        {
            response.Headers["WWW-Authenticate"] = "Bearer realm=\"Intuit\", error=\"invalid_token\"";
        }

        return response;
    }

    private sealed record ApiCall(string? Entity, FaultOperation Operation, string? Id, JsonObject? Body, bool IsWrite);
}
