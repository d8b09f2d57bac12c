namespace RoApp.QuickBooksSync.Storage;

/// <summary>
/// Claims on the right to write one RO App object to QuickBooks: at most one writer per object at a time in
/// the whole deployment (every process on the store), whichever path writes (a queued send, a bulk chunk, a
/// manual sync). A claim also carries the object's <em>pending writes</em>: what its holders sent to QuickBooks
/// without a proven outcome, so the next writer looks those up instead of writing a twin.
/// </summary>
/// <remarks>
/// <para>Contract, for every implementation (the conformance suite checks each point):</para>
/// <list type="bullet">
/// <item><b>Exclusive.</b> <see cref="TryClaimAsync"/> succeeds only when the object is not claimed or its
/// lease expired at or before <c>now</c>. Two concurrent claims of one free object, in one process or several,
/// give it to exactly one caller.</item>
/// <item><b>Fenced.</b> Every successful claim gives a fencing token larger than any before it for that object.
/// <see cref="RenewAsync"/>, <see cref="SetPendingWritesAsync"/> and <see cref="ReleaseAsync"/> act only while
/// the caller's token is the object's current one and the claim was not released; otherwise they change
/// nothing and say so. A lease that expired stays usable until someone else claims the object.</item>
/// <item><b>Pending writes survive.</b> They outlive the claim that recorded them (a crash, an expiry, an
/// unsettled release) and are handed to the next holder with its claim; only a settled release clears them.</item>
/// <item><b>Atomic and durable.</b> Each call is one atomic step; when it returns its effect survives a crash
/// of the calling process (durable stores).</item>
/// <item><b>Time.</b> The store never reads a clock: every time comes from the caller.</item>
/// </list>
/// </remarks>
public interface IWriteClaimStore
{
    /// <summary>Claims an object for writing unless someone else holds an unexpired claim on it.</summary>
    /// <param name="key">The object.</param>
    /// <param name="owner">Who claims (a process-unique name; for logs and diagnostics).</param>
    /// <param name="leaseDuration">How long the claim lasts unless renewed.</param>
    /// <param name="now">The claim time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claim, with the pending writes of earlier holders; <see langword="null"/> when held by someone else.</returns>
    ValueTask<WriteClaim?> TryClaimAsync(WriteClaimKey key, string owner, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Extends a claim to <c>now + leaseDuration</c>.</summary>
    /// <param name="claim">The claim held.</param>
    /// <param name="leaseDuration">The new lease length from <paramref name="now"/>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The renewed claim, or <see langword="null"/> when it was lost (someone else holds the object now).</returns>
    ValueTask<WriteClaim?> RenewAsync(WriteClaim claim, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Replaces the object's pending writes (before a write whose outcome may stay unknown).</summary>
    /// <param name="claim">The claim held.</param>
    /// <param name="pendingWrites">The complete list (opaque texts, one per write; no line breaks).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claim with the new list, or <see langword="null"/> when it was lost.</returns>
    ValueTask<WriteClaim?> SetPendingWritesAsync(WriteClaim claim, IReadOnlyList<string> pendingWrites, CancellationToken cancellationToken);

    /// <summary>Gives a claim up.</summary>
    /// <param name="claim">The claim held.</param>
    /// <param name="settled"><see langword="true"/> when the object's state in QuickBooks is known and recorded (its
    /// pending writes are cleared); <see langword="false"/> to keep them for the next holder.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the claim was lost already.</returns>
    ValueTask<bool> ReleaseAsync(WriteClaim claim, bool settled, CancellationToken cancellationToken);

    /// <summary>The object's claim state, or <see langword="null"/> when it was never claimed.</summary>
    /// <param name="key">The object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<WriteClaimState?> GetAsync(WriteClaimKey key, CancellationToken cancellationToken);
}

/// <summary>An RO App object as written to one QuickBooks company.</summary>
/// <param name="CompanyId">The RO App company id.</param>
/// <param name="RealmId">The QuickBooks company (realm) written to.</param>
/// <param name="EntityType">The kind of object.</param>
/// <param name="RoAppId">The RO App id of the object.</param>
public sealed record WriteClaimKey(string CompanyId, string RealmId, SyncedEntityType EntityType, string RoAppId);

/// <summary>A held claim on an object.</summary>
/// <param name="Key">The object.</param>
/// <param name="Owner">Who holds it.</param>
/// <param name="FencingToken">This claim's token; larger than every earlier claim's on the object.</param>
/// <param name="ExpiresAt">When the lease runs out unless renewed.</param>
/// <param name="PendingWrites">Writes of this or earlier holders whose outcome is not proven.</param>
public sealed record WriteClaim(WriteClaimKey Key, string Owner, long FencingToken, DateTimeOffset ExpiresAt, IReadOnlyList<string> PendingWrites);

/// <summary>What the store knows of an object's claim.</summary>
/// <param name="Owner">The holder, or <see langword="null"/> when released.</param>
/// <param name="FencingToken">The latest claim's token.</param>
/// <param name="ExpiresAt">When the latest claim's lease runs out (meaningless when released).</param>
/// <param name="PendingWrites">Writes whose outcome is not proven.</param>
public sealed record WriteClaimState(string? Owner, long FencingToken, DateTimeOffset ExpiresAt, IReadOnlyList<string> PendingWrites)
{
    /// <summary>Whether someone holds an unexpired claim at <paramref name="now"/>.</summary>
    /// <param name="now">The time to judge by.</param>
    public bool IsHeldAt(DateTimeOffset now) => Owner is not null && ExpiresAt > now;
}
