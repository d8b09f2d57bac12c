using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using RoApp.QuickBooksSync.Testing.Bookkeeper;
using RoApp.QuickBooksSync.Testing.Entities;
using RoApp.QuickBooksSync.Testing.Faults;
using RoApp.QuickBooksSync.Testing.Inspection;
using RoApp.QuickBooksSync.Testing.Limits;
using RoApp.QuickBooksSync.Testing.OAuth;
using RoApp.QuickBooksSync.Testing.Simulator;
using RoApp.QuickBooksSync.Testing.Webhooks;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace RoApp.QuickBooksSync.Testing;

/// <summary>
/// A stateful QuickBooks Online stand-in on a local port: OAuth, the Accounting API (entities, query,
/// CDC, batch), limits, fault injection, signed webhooks and bookkeeper actions. Start it with
/// <see cref="Start"/>, point a client's base URLs at <see cref="BaseUrl"/> and the OAuth endpoints,
/// and dispose it to stop.
/// </summary>
public sealed class QuickBooksSimulator : IAsyncDisposable
{
    private readonly QuickBooksSimulatorOptions _options;
    private readonly WireMockServer _server;
    private readonly ConcurrentDictionary<string, Company> _companies = new(StringComparer.Ordinal);
    private readonly List<string> _realmOrder = [];
    private readonly SimulatorClock _clock;
    private readonly OAuthServer _oauth;
    private readonly RequestLog _log;
    private readonly HttpClient _webhookHttp = new();
    private readonly CancellationTokenSource _stop = new();
    private long _nextRealm = 9_130_355_000_000_000;
    private int _disposed;

    private QuickBooksSimulator(QuickBooksSimulatorOptions options)
    {
        _options = options;
        _clock = new SimulatorClock(options.TimeProvider);
        _oauth = new OAuthServer(options, _clock);
        _log = new RequestLog(options.RequestLogCapacity);
        Faults = new FaultInjection(options.Seed);
        Webhooks = new WebhookDispatcher(options.Webhooks, options.VerifierToken, options.TimeProvider, options.Seed + 1, _webhookHttp);
        Bookkeeper = new QuickBooksBookkeeper(RealmOf, changes =>
        {
            foreach (var change in changes)
            {
                Webhooks.Publish(change);
            }
        });

        var router = new SimulatorRouter(options, _clock, _companies, _oauth, Faults, Webhooks, _log, DefaultRealm);
        var settings = new WireMockServerSettings
        {
            StartAdminInterface = false,
            DisableJsonBodyParsing = true,
            DisableDeserializeFormUrlEncoded = true,
            AllowBodyForAllHttpMethods = true,
            MaxRequestLogCount = 0,
        };
        if (options.Port > 0)
        {
            settings.Port = options.Port;
        }

        _server = WireMockServer.Start(settings);
        _server
            .Given(Request.Create().UsingAnyMethod().WithPath(new RegexMatcher("^/.*")))
            .RespondWith(Response.Create().WithCallback(async message =>
                ToWireMock(await router.HandleAsync(FromWireMock(message), _stop.Token).ConfigureAwait(false))));
        Webhooks.Start();
        BaseUrl = new Uri(_server.Url!.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    /// <summary>API base address, the stand-in for <c>https://quickbooks.api.intuit.com/</c> (paths are <c>v3/company/{realmId}/...</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>Stand-in for <c>https://appcenter.intuit.com/connect/oauth2</c>: approves at once and redirects.</summary>
    public Uri AuthorizeEndpoint => new(BaseUrl, "connect/oauth2");

    /// <summary>Stand-in for <c>https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer</c>.</summary>
    public Uri TokenEndpoint => new(BaseUrl, "oauth2/v1/tokens/bearer");

    /// <summary>Stand-in for <c>https://developer.api.intuit.com/v2/oauth2/tokens/revoke</c>.</summary>
    public Uri RevokeEndpoint => new(BaseUrl, "v2/oauth2/tokens/revoke");

    /// <summary>The app's client id.</summary>
    public string ClientId => _options.ClientId;

    /// <summary>The app's client secret.</summary>
    public string ClientSecret => _options.ClientSecret;

    /// <summary>The webhook verifier token.</summary>
    public string VerifierToken => _options.VerifierToken;

    /// <summary>Bookkeeper actions: what a person does in QuickBooks.</summary>
    public QuickBooksBookkeeper Bookkeeper { get; }

    /// <summary>Fault and latency injection.</summary>
    public FaultInjection Faults { get; }

    /// <summary>The live limits; change them at any time.</summary>
    public RateLimitOptions Limits => _options.Limits;

    /// <summary>Webhook target, format, log and <see cref="WebhookDispatcher.WhenIdleAsync"/>.</summary>
    public WebhookDispatcher Webhooks { get; }

    /// <summary>The companies added so far, in order.</summary>
    public IReadOnlyList<SimulatedCompany> Companies
    {
        get
        {
            lock (_realmOrder)
            {
                return _realmOrder.Select(r => _companies[r].Info).ToList();
            }
        }
    }

    /// <summary>Every request answered, oldest first (bounded by <see cref="QuickBooksSimulatorOptions.RequestLogCapacity"/>).</summary>
    public IReadOnlyList<RecordedRequest> RequestLog => _log.Snapshot();

    /// <summary>Counters since start.</summary>
    public SimulatorCounters Counters => _log.CountersSnapshot();

    /// <summary>Starts a simulator on localhost.</summary>
    public static QuickBooksSimulator Start(QuickBooksSimulatorOptions? options = null)
    {
        options ??= new QuickBooksSimulatorOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");
        return new QuickBooksSimulator(options);
    }

    /// <summary>Adds a company seeded from a profile and returns the seeded ids.</summary>
    public SimulatedCompany AddCompany(CompanyOptions? options = null)
    {
        options ??= new CompanyOptions();
        var realmId = options.RealmId ?? Interlocked.Increment(ref _nextRealm).ToString(CultureInfo.InvariantCulture);
        var (state, info) = CompanySeeder.Seed(realmId, options, _clock);
        if (!_companies.TryAdd(realmId, new Company(state, info, _options.TimeProvider)))
        {
            throw new InvalidOperationException($"A company with realm id {realmId} already exists; pass another CompanyOptions.RealmId.");
        }

        lock (_realmOrder)
        {
            _realmOrder.Add(realmId);
        }

        return info;
    }

    /// <summary>Mints an authorisation code for a realm, as if the user had approved the app; exchange it at <see cref="TokenEndpoint"/>. With a redirect URI, the exchange must send the same one.</summary>
    public string MintAuthorizationCode(string realmId, string? redirectUri = null)
    {
        RealmOf(realmId);
        return _oauth.MintCode(realmId, redirectUri);
    }

    /// <summary>Issues a token pair for a realm without the OAuth dance.</summary>
    public SimulatorTokens IssueTokens(string realmId)
    {
        RealmOf(realmId);
        return _oauth.Issue(realmId);
    }

    /// <summary>Turns the company's "custom transaction numbers" preference on or off, as a person would in QuickBooks' settings.</summary>
    public void SetCustomTransactionNumbers(string realmId, bool enabled)
    {
        var realm = RealmOf(realmId);
        lock (realm.Gate)
        {
            var preferences = Json.Clone(realm.Find(EntityNames.Preferences, "1")!);
            Json.Obj(preferences, "SalesFormsPrefs")["CustomTxnNumbers"] = enabled;
            PreferencesRules.Apply(realm, preferences);
        }
    }

    /// <summary>Read-only view of a company's objects.</summary>
    public RealmInspector Inspect(string realmId) => new(RealmOf(realmId));

    /// <summary>Stops the server and webhook delivery.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // The server goes first, so no request publishes to a stopped webhook dispatcher.
        await _stop.CancelAsync().ConfigureAwait(false);
        _server.Stop();
        _server.Dispose();
        await Webhooks.StopAsync().ConfigureAwait(false);
        _webhookHttp.Dispose();
        _stop.Dispose();
    }

    private string? DefaultRealm()
    {
        lock (_realmOrder)
        {
            return _realmOrder.Count > 0 ? _realmOrder[0] : null;
        }
    }

    private RealmState RealmOf(string realmId) =>
        _companies.TryGetValue(realmId, out var company)
            ? company.State
            : throw new ArgumentException($"The simulator has no company with realm id {realmId}; add one with AddCompany.", nameof(realmId));

    private static ApiRequest FromWireMock(IRequestMessage message)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (message.Headers is not null)
        {
            foreach (var (name, values) in message.Headers)
            {
                headers[name] = string.Join(",", values);
            }
        }

        var body = message.Body ?? (message.BodyAsBytes is { } bytes ? Encoding.UTF8.GetString(bytes) : "");
        return new ApiRequest
        {
            Method = message.Method,
            Path = message.Path,
            RawQuery = message.RawQuery ?? "",
            Query = ApiRequest.ParseForm(message.RawQuery),
            Headers = headers,
            Body = body,
        };
    }

    private static ResponseMessage ToWireMock(ApiResponse response)
    {
        var headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = new WireMockList<string>(response.ContentType),
        };
        foreach (var (name, value) in response.Headers)
        {
            headers[name] = new WireMockList<string>(value);
        }

        return new ResponseMessage
        {
            StatusCode = response.Status,
            Headers = headers,
            BodyData = new BodyData
            {
                BodyAsString = response.Body,
                DetectedBodyType = BodyType.String,
                Encoding = new UTF8Encoding(false),
            },
        };
    }
}
