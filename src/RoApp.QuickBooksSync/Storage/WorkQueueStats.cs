namespace RoApp.QuickBooksSync.Storage;

/// <summary>Queue figures for metrics and health checks.</summary>
/// <param name="PendingCount">Items waiting (due or not).</param>
/// <param name="LeasedCount">Items held by workers.</param>
/// <param name="DeadLetteredCount">Items waiting to be revived.</param>
/// <param name="OldestPendingAge">How long the oldest pending item has been enqueued; <see langword="null"/> when none is pending.</param>
public sealed record WorkQueueStats(long PendingCount, long LeasedCount, long DeadLetteredCount, TimeSpan? OldestPendingAge);
