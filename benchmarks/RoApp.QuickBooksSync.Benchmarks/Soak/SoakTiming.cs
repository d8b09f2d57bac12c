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
}
