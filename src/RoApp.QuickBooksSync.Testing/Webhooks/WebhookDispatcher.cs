using System.Net.Http.Headers;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Webhooks;

/// <summary>
/// Sends change notifications like Intuit: one event per delivery, signed, retried on failure with
/// Intuit's schedule on the simulator clock, later events waiting behind a failed one; with optional
/// drop, duplicate and reorder injection. Every outcome is logged.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The simulator owns the dispatcher and releases its resources in StopAsync when it is disposed.")]
public sealed class WebhookDispatcher
{
    private readonly object _gate = new();
    private readonly LinkedList<PendingEvent> _queue = new();
    private readonly List<WebhookLogEntry> _log = [];
    private readonly List<TaskCompletionSource> _idleWaiters = [];
    private readonly SemaphoreSlim _signal = new(0);
    private readonly WebhookOptions _options;
    private readonly string _verifierToken;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly Random _random;
    private readonly CancellationTokenSource _stop = new();
    private Task? _pump;
    private bool _delivering;
    private bool _waitingForTimer;
    private ITimer? _retryTimer;
    private PendingEvent? _held;
    private ITimer? _holdTimer;

    internal WebhookDispatcher(WebhookOptions options, string verifierToken, TimeProvider time, int seed, HttpClient http)
    {
        _options = options;
        _verifierToken = verifierToken;
        _time = time;
        _http = http;
        _random = new Random(seed);
        Format = options.Format;
    }

    /// <summary>Payload format of the next deliveries.</summary>
    public WebhookFormat Format { get; set; }

    /// <summary>A snapshot of the log, oldest first.</summary>
    public IReadOnlyList<WebhookLogEntry> Log
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Events waiting to be delivered (including one waiting for a retry).</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count + (_held is null ? 0 : 1);
            }
        }
    }

    /// <summary>Deliver to this URL (replaces any delegate).</summary>
    public void SetTarget(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        lock (_gate)
        {
            _options.TargetUrl = url;
            _options.Target = null;
        }
    }

    /// <summary>Deliver to this in-process handler, which answers an HTTP status (replaces any URL).</summary>
    public void SetTarget(Func<WebhookDelivery, CancellationToken, Task<int>> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_gate)
        {
            _options.Target = target;
            _options.TargetUrl = null;
        }
    }

    /// <summary>Completes when nothing is being delivered and every pending event waits for the clock (a retry or a held-back event), or nothing is pending.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (IsIdle)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _idleWaiters.Add(waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    private bool IsIdle => !_delivering && (_queue.Count == 0 || _waitingForTimer);

    internal void Start() => _pump = Task.Run(() => PumpAsync(_stop.Token));

    internal async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_pump is not null)
        {
            try
            {
                await _pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping is the expected way out of the pump.
            }
        }

        lock (_gate)
        {
            _retryTimer?.Dispose();
            _holdTimer?.Dispose();
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    internal void Publish(EntityChange change)
    {
        lock (_gate)
        {
            var pending = new PendingEvent(change, WebhookPayloads.EventId(_random));
            if (Roll(_options.DropProbability))
            {
                AddLog(pending, WebhookOutcome.Dropped, 0, null);
                return;
            }

            if (Roll(_options.DuplicateProbability))
            {
                AddLog(pending, WebhookOutcome.Duplicated, 0, null);
                _queue.AddLast(pending with { });
            }

            if (_held is null && Roll(_options.ReorderProbability))
            {
                AddLog(pending, WebhookOutcome.Reordered, 0, null);
                _held = pending;
                _holdTimer = _time.CreateTimer(_ => ReleaseHeld(pending), null, _options.ReorderHoldTime, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _queue.AddLast(pending);
                if (_held is not null)
                {
                    _queue.AddLast(_held);
                    _held = null;
                    _holdTimer?.Dispose();
                    _holdTimer = null;
                }
            }
        }

        _signal.Release();
    }

    private void ReleaseHeld(PendingEvent pending)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_held, pending))
            {
                return;
            }

            _queue.AddLast(pending);
            _held = null;
            _holdTimer?.Dispose();
            _holdTimer = null;
        }

        _signal.Release();
    }

    private async Task PumpAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await _signal.WaitAsync(stop).ConfigureAwait(false);
            while (true)
            {
                List<PendingEvent> batch;
                Func<WebhookDelivery, CancellationToken, Task<int>>? target;
                Uri? url;
                lock (_gate)
                {
                    if (_waitingForTimer || _queue.Count == 0)
                    {
                        _delivering = false;
                        CheckIdle();
                        break;
                    }

                    batch = _queue.Take(Math.Max(1, _options.MaxEventsPerDelivery)).ToList();
                    target = _options.Target;
                    url = _options.TargetUrl;
                    _delivering = true;
                }

                if (target is null && url is null)
                {
                    lock (_gate)
                    {
                        foreach (var pending in batch)
                        {
                            _queue.RemoveFirst();
                            AddLog(pending, WebhookOutcome.NoTarget, 0, null);
                        }
                    }

                    continue;
                }

                var attempt = batch[0].Attempts + 1;
                foreach (var pending in batch)
                {
                    pending.Attempts = attempt;
                }

                var body = WebhookPayloads.Build(Format, batch.Select(p => (p.Change, p.EventId)).ToList());
                var delivery = new WebhookDelivery(body, WebhookPayloads.Sign(body, _verifierToken), Format, attempt, batch.Select(p => p.EventId).ToList());
                var status = await SendAsync(delivery, target, url, stop).ConfigureAwait(false);
                lock (_gate)
                {
                    foreach (var pending in batch)
                    {
                        AddLog(pending, status == 200 ? WebhookOutcome.Delivered : WebhookOutcome.Failed, attempt, status);
                    }

                    if (status == 200)
                    {
                        foreach (var _ in batch)
                        {
                            _queue.RemoveFirst();
                        }
                    }
                    else
                    {
                        var delays = _options.RetryDelays;
                        var delay = delays.Count == 0 ? TimeSpan.FromSeconds(10) : delays[Math.Min(attempt - 1, delays.Count - 1)];
                        _waitingForTimer = true;
                        _retryTimer?.Dispose();
                        _retryTimer = _time.CreateTimer(_ => RetryDue(), null, delay, Timeout.InfiniteTimeSpan);
                    }
                }
            }
        }
    }

    private void RetryDue()
    {
        lock (_gate)
        {
            _waitingForTimer = false;
        }

        _signal.Release();
    }

    private async Task<int?> SendAsync(WebhookDelivery delivery, Func<WebhookDelivery, CancellationToken, Task<int>>? target, Uri? url, CancellationToken stop)
    {
        try
        {
            if (target is not null)
            {
                return await target(delivery, stop).ConfigureAwait(false);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(_options.HttpTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Content = new ReadOnlyMemoryContent(delivery.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(
                delivery.Format == WebhookFormat.CloudEvents ? "application/cloudevents-batch+json" : "application/json");
            request.Headers.TryAddWithoutValidation("intuit-signature", delivery.Signature);
            request.Headers.TryAddWithoutValidation("intuit-t-id", delivery.EventId);
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException && !stop.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // A failing in-process target must count as a failed delivery, whatever it throws.
        catch (Exception) when (!stop.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private bool Roll(double probability) => probability > 0 && _random.NextDouble() < probability;

    private void AddLog(PendingEvent pending, WebhookOutcome outcome, int attempt, int? status) =>
        _log.Add(new WebhookLogEntry(_time.GetUtcNow(), pending.EventId, pending.Change.RealmId, pending.Change.Entity,
            pending.Change.Id, pending.Change.Operation, outcome, attempt, status));

    private void CheckIdle()
    {
        if (!IsIdle || _idleWaiters.Count == 0)
        {
            return;
        }

        foreach (var waiter in _idleWaiters)
        {
            waiter.TrySetResult();
        }

        _idleWaiters.Clear();
    }

    private sealed record PendingEvent(EntityChange Change, string EventId)
    {
        public int Attempts { get; set; }
    }
}
