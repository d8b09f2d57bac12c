namespace RoApp.QuickBooksSync.Testing.Webhooks;

/// <summary>Webhook format, target, retries and injected misbehaviour.</summary>
public sealed class WebhookOptions
{
    /// <summary>Payload format.</summary>
    public WebhookFormat Format { get; set; } = WebhookFormat.Legacy;

    /// <summary>URL deliveries are POSTed to; null (and no delegate) disables delivery (events are still logged).</summary>
    public Uri? TargetUrl { get; set; }

    /// <summary>In-process target: gets each delivery and answers an HTTP status code (200 = accepted).</summary>
    public Func<WebhookDelivery, CancellationToken, Task<int>>? Target { get; set; }

    /// <summary>Delays between attempts after a failure, on the simulator clock; the last one repeats (Intuit: 10 s, 20 s, 30 s, 5 min, 20 min, 2 h, 4 h, 6 h, then every 6 h).</summary>
    public IList<TimeSpan> RetryDelays { get; } =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(20), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(6),
    ];

    /// <summary>
    /// Most events in one delivery (Intuit bundles events, also of several realms). 1, the default,
    /// sends each event on its own; more takes up to this many waiting events together, so bundling
    /// shows when events queue up (behind a failure, or when the target is slower than the changes).
    /// </summary>
    public int MaxEventsPerDelivery { get; set; } = 1;

    /// <summary>Real-time limit for a URL target to answer (Intuit: 3 s); slower counts as a failure.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Chance that an event is never delivered (logged as dropped).</summary>
    public double DropProbability { get; set; }

    /// <summary>Chance that an event is delivered twice.</summary>
    public double DuplicateProbability { get; set; }

    /// <summary>Chance that an event is held back and delivered after the next one (or after <see cref="ReorderHoldTime"/>).</summary>
    public double ReorderProbability { get; set; }

    /// <summary>Longest time a held-back event waits for a later one, on the simulator clock.</summary>
    public TimeSpan ReorderHoldTime { get; set; } = TimeSpan.FromSeconds(10);
}
