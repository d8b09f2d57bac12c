namespace RoApp.QuickBooksSync.Storage;

/// <summary>What an enqueue did.</summary>
/// <param name="ItemId">The new item, or the existing one with the same de-duplication key.</param>
/// <param name="IsDuplicate"><see langword="true"/> when nothing was added because the key was already known.</param>
public readonly record struct EnqueueResult(long ItemId, bool IsDuplicate);

/// <summary>What a <see cref="IWorkQueueStore.FailAsync"/> did.</summary>
public enum FailResult
{
    /// <summary>The lease was no longer held (expired and claimed by someone else, or the item finished): nothing changed.</summary>
    LeaseLost,

    /// <summary>The item is pending again and runs at the retry time.</summary>
    WillRetry,

    /// <summary>The item reached its maximum attempts and is dead-lettered.</summary>
    DeadLettered,
}
