using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Diagnostics;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>Verify, parse, route to the company, enqueue durably; the answer goes back well inside Intuit's 3 seconds.</summary>
internal sealed partial class QuickBooksWebhookHandler : IQuickBooksWebhookHandler
{
    private readonly WebhookSignature? _signature;
    private readonly QuickBooksInboundOptions _options;
    private readonly WorkQueue _queue;
    private readonly IConnectionStore _connections;
    private readonly ISettingsStore _settings;
    private readonly ILogger<QuickBooksWebhookHandler> _logger;
    private readonly SyncMetrics _metrics;

    public QuickBooksWebhookHandler(
        IOptions<QuickBooksSyncOptions> options,
        WorkQueue queue,
        IConnectionStore connections,
        ISettingsStore settings,
        ILogger<QuickBooksWebhookHandler> logger,
        SyncMetrics metrics)
    {
        _metrics = metrics;
        var token = options.Value.WebhookVerifierToken;
        _signature = string.IsNullOrEmpty(token) ? null : new WebhookSignature(token);
        _options = options.Value.Inbound;
        _queue = queue;
        _connections = connections;
        _settings = settings;
        _logger = logger;
    }

    public async Task<WebhookIntakeResult> HandleAsync(ReadOnlyMemory<byte> body, string? signature, CancellationToken cancellationToken)
    {
        using var delivery = _metrics.StartWebhookDelivery();
        WebhookIntakeResult result;
        try
        {
            result = await IntakeAsync(body, signature, delivery, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The store could not take the events: the host answers an error and Intuit delivers again.
            delivery.Finish(WebhookDeliveryResult.Failed);
            throw;
        }

        delivery.Finish(result.Refusal switch
        {
            null => WebhookDeliveryResult.Accepted,
            WebhookRefusal.MissingSignature or WebhookRefusal.InvalidSignature => WebhookDeliveryResult.InvalidSignature,
            WebhookRefusal.NotConfigured => WebhookDeliveryResult.Failed,
            _ => WebhookDeliveryResult.Malformed,
        });
        return result;
    }

    private async Task<WebhookIntakeResult> IntakeAsync(ReadOnlyMemory<byte> body, string? signature, WebhookTelemetry delivery, CancellationToken cancellationToken)
    {
        if (_signature is null)
        {
            return Refuse(WebhookRefusal.NotConfigured,
                "No webhook verifier token is configured: set QuickBooksSync:WebhookVerifierToken to the token shown in the Intuit developer portal (Webhooks).");
        }

        if (body.Length > _options.MaxWebhookBodyBytes)
        {
            return Refuse(WebhookRefusal.TooLarge,
                $"The body has {body.Length} bytes, more than QuickBooksSync:Inbound:MaxWebhookBodyBytes ({_options.MaxWebhookBodyBytes}).");
        }

        if (string.IsNullOrWhiteSpace(signature))
        {
            return Refuse(WebhookRefusal.MissingSignature, "The intuit-signature header is missing.");
        }

        // The signature covers the raw bytes: check it before reading a single field.
        if (!_signature.IsValid(body.Span, signature))
        {
            return Refuse(WebhookRefusal.InvalidSignature,
                "The intuit-signature does not match the body: the delivery is not from Intuit, or QuickBooksSync:WebhookVerifierToken is not the app's verifier token.");
        }

        var (events, error) = WebhookPayloadParser.Parse(body);
        if (error is not null)
        {
            return Refuse(WebhookRefusal.Malformed, error);
        }

        int queued = 0, duplicates = 0, ignored = 0, unrouted = 0, overCap = 0;
        if (events.Count > _options.MaxEventsPerDelivery)
        {
            // Refusing would make Intuit send the same body again and again, holding up every later delivery;
            // the changes past the cap are in QuickBooks and reconciliation reads them on its next run.
            overCap = events.Count - _options.MaxEventsPerDelivery;
            LogOverCap(events.Count, _options.MaxEventsPerDelivery, overCap);
            events = events.Take(_options.MaxEventsPerDelivery).ToList();
        }

        var companies = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var inbound in events)
        {
            if (!InboundWork.IsFollowed(inbound.Entity))
            {
                ignored++;
                continue;
            }

            if (!companies.TryGetValue(inbound.RealmId, out var companyId))
            {
                companyId = await FindEnabledCompanyAsync(inbound.RealmId, cancellationToken).ConfigureAwait(false);
                companies[inbound.RealmId] = companyId;
            }

            if (companyId is null)
            {
                unrouted++;
                continue;
            }

            var result = await _queue.EnqueueAsync(companyId, inbound, cancellationToken).ConfigureAwait(false);
            if (result.IsDuplicate)
            {
                duplicates++;
            }
            else
            {
                queued++;
            }
        }

        var routed = companies.Where(c => c.Value is not null).ToList();
        if (routed.Count == 1)
        {
            delivery.SetCompany(routed[0].Value, routed[0].Key);
        }

        delivery.Events(queued, WebhookEventResult.Enqueued);
        delivery.Events(duplicates, WebhookEventResult.Duplicate);
        delivery.Events(unrouted, WebhookEventResult.UnknownRealm);
        delivery.Events(ignored + overCap, WebhookEventResult.Ignored);
        var dropped = ignored + unrouted + overCap;
        LogAccepted(events.Count + overCap, queued, duplicates, dropped);
        return new WebhookIntakeResult { Queued = queued, Duplicates = duplicates, Dropped = dropped };
    }

    private async ValueTask<string?> FindEnabledCompanyAsync(string realmId, CancellationToken cancellationToken)
    {
        var connection = await _connections.FindByRealmAsync(realmId, cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            LogUnknownRealm(realmId);
            return null;
        }

        var settings = await _settings.GetAsync(connection.CompanyId, cancellationToken).ConfigureAwait(false);
        if (settings is not { Enabled: true })
        {
            LogCompanyDisabled(realmId, connection.CompanyId);
            return null;
        }

        return connection.CompanyId;
    }

    private WebhookIntakeResult Refuse(WebhookRefusal refusal, string message)
    {
        LogRefused(refusal, message);
        return new WebhookIntakeResult { Refusal = refusal, Message = message };
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "QuickBooks webhook refused ({Refusal}): {Reason}")]
    private partial void LogRefused(WebhookRefusal refusal, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "QuickBooks webhook event of realm {RealmId} dropped: no company is connected to this realm.")]
    private partial void LogUnknownRealm(string realmId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "QuickBooks webhook event of realm {RealmId} dropped: the integration of company {CompanyId} is not enabled.")]
    private partial void LogCompanyDisabled(string realmId, string companyId);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "QuickBooks webhook delivery holds {Events} events, more than QuickBooksSync:Inbound:MaxEventsPerDelivery ({Cap}); the {OverCap} past the cap are dropped and left to the next reconciliation.")]
    private partial void LogOverCap(int events, int cap, int overCap);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "QuickBooks webhook accepted: {Events} events, {Queued} queued, {Duplicates} duplicates, {Dropped} dropped.")]
    private partial void LogAccepted(int events, int queued, int duplicates, int dropped);
}
