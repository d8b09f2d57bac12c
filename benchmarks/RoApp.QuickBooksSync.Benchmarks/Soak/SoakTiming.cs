using RoApp.QuickBooksSync.Testing.Webhooks;

namespace RoApp.QuickBooksSync.Benchmarks.Soak;

/// <summary>
/// The short real-time pauses both soaks run with, so a run takes seconds or minutes instead of hours: leases,
/// polls, back-offs and the attempt timeout scaled down; the behaviour under test is the same at any scale.
/// Reconciliation is off: each soak runs it once, after the drain, so that dropped webhooks must be found by it.
/// </summary>
internal static class SoakTiming
{
    public static void Apply(QuickBooksSyncOptions o)
    {
        o.Engine.LeaseDuration = TimeSpan.FromSeconds(3);
        o.Engine.PollInterval = TimeSpan.FromMilliseconds(100);
        o.Engine.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
        o.Engine.RetryMaxDelay = TimeSpan.FromSeconds(2);
        o.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
        o.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        o.Retry.ThrottledDelay = TimeSpan.FromSeconds(1);
        o.Retry.AttemptTimeout = TimeSpan.FromSeconds(1.5);
        o.Inbound.RunReconciliation = false;
    }

    /// <summary>
    /// Intuit's delivery as the soaks see it: 5% of webhooks dropped (or the given share), 10% duplicated, 10%
    /// reordered, failed deliveries retried on a shortened version of Intuit's schedule.
    /// </summary>
    public static void WebhookChaos(WebhookOptions webhooks, string? dropShare)
    {
        webhooks.DropProbability = double.TryParse(dropShare, System.Globalization.CultureInfo.InvariantCulture, out var drop) ? drop : 0.05;
        webhooks.DuplicateProbability = 0.10;
        webhooks.ReorderProbability = 0.10;
        webhooks.ReorderHoldTime = TimeSpan.FromSeconds(2);
        webhooks.RetryDelays.Clear();
        foreach (var delay in new[] { 1, 2, 4, 8, 15 })
        {
            webhooks.RetryDelays.Add(TimeSpan.FromSeconds(delay));
        }
    }
}
