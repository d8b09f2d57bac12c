namespace RoApp.QuickBooksSync.Storage.InMemory;

/// <summary>An <see cref="IWriteClaimStore"/> in memory, for tests and single-process hosts without persistence.</summary>
public sealed class InMemoryWriteClaimStore : IWriteClaimStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WriteClaimKey, WriteClaimState> _claims = [];

    /// <inheritdoc />
    public ValueTask<WriteClaim?> TryClaimAsync(WriteClaimKey key, string owner, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        StoreArguments.ValidateLease(leaseDuration);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _claims.TryGetValue(key, out var current);
            if (current is not null && current.IsHeldAt(now))
            {
                return ValueTask.FromResult<WriteClaim?>(null);
            }

            var next = new WriteClaimState(owner, (current?.FencingToken ?? 0) + 1, now + leaseDuration, current?.PendingWrites ?? []);
            _claims[key] = next;
            return ValueTask.FromResult<WriteClaim?>(new WriteClaim(key, owner, next.FencingToken, next.ExpiresAt, next.PendingWrites));
        }
    }

    /// <inheritdoc />
    public ValueTask<WriteClaim?> RenewAsync(WriteClaim claim, TimeSpan leaseDuration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(claim);
        StoreArguments.ValidateLease(leaseDuration);
        return ValueTask.FromResult(Change(claim, s => s with { ExpiresAt = now + leaseDuration }, cancellationToken) is { } s ? claim with { ExpiresAt = s.ExpiresAt } : null);
    }

    /// <inheritdoc />
    public ValueTask<WriteClaim?> SetPendingWritesAsync(WriteClaim claim, IReadOnlyList<string> pendingWrites, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(claim);
        StoreArguments.Validate(pendingWrites);
        IReadOnlyList<string> copy = [.. pendingWrites];
        return ValueTask.FromResult(Change(claim, s => s with { PendingWrites = copy }, cancellationToken) is not null ? claim with { PendingWrites = copy } : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> ReleaseAsync(WriteClaim claim, bool settled, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(claim);
        return ValueTask.FromResult(Change(claim, s => s with { Owner = null, PendingWrites = settled ? [] : s.PendingWrites }, cancellationToken) is not null);
    }

    /// <inheritdoc />
    public ValueTask<WriteClaimState?> GetAsync(WriteClaimKey key, CancellationToken cancellationToken)
    {
        StoreArguments.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_claims.GetValueOrDefault(key));
        }
    }

    private WriteClaimState? Change(WriteClaim claim, Func<WriteClaimState, WriteClaimState> change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_claims.TryGetValue(claim.Key, out var current) || current.Owner is null || current.FencingToken != claim.FencingToken)
            {
                return null;
            }

            var next = change(current);
            _claims[claim.Key] = next;
            return next;
        }
    }
}
