using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Takes the store's write claim on an RO App object for every path that writes it to QuickBooks (a queued
/// send, a bulk chunk, a manual sync), so that across every process on the store one writer at a time writes
/// it. A held claim is kept alive while its holder works and cancels the holder when it is lost.
/// </summary>
internal sealed partial class WriteClaims(IWriteClaimStore store, TimeProvider time, IOptions<QuickBooksSyncOptions> options, ILogger<WriteClaims> logger)
{
    /// <summary>How often a caller that waits for another writer looks again.</summary>
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>This process's claim owner name (machine, process, instance).</summary>
    public string Owner { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");

    private TimeSpan Lease => options.Value.Engine.LeaseDuration;

    /// <summary>The object's claim state (who writes it now, what may have been written).</summary>
    public ValueTask<WriteClaimState?> GetAsync(WriteClaimKey key, CancellationToken cancellationToken) => store.GetAsync(key, cancellationToken);

    /// <summary>Claims the object, or returns <see langword="null"/> when another writer holds it.</summary>
    /// <param name="key">The object.</param>
    /// <param name="cancellationToken">Cancels the call; the held claim's <see cref="HeldWriteClaim.Token"/> follows it.</param>
    public async ValueTask<HeldWriteClaim?> TryAcquireAsync(WriteClaimKey key, CancellationToken cancellationToken)
    {
        var claim = await store.TryClaimAsync(key, Owner, Lease, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            LogHeldElsewhere(key.CompanyId, key.EntityType, key.RoAppId);
            return null;
        }

        return new HeldWriteClaim(this, store, time, Lease, claim, cancellationToken);
    }

    /// <summary>Claims the object, waiting up to <paramref name="wait"/> for another writer to finish.</summary>
    public async ValueTask<HeldWriteClaim?> AcquireAsync(WriteClaimKey key, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            if (await TryAcquireAsync(key, cancellationToken).ConfigureAwait(false) is { } held)
            {
                return held;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return null;
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    internal void ReleaseFailed(Exception exception, WriteClaimKey key) => LogReleaseFailed(exception, key.CompanyId, key.EntityType, key.RoAppId);

    [LoggerMessage(EventId = 5045, Level = LogLevel.Debug, Message = "Company {CompanyId}: RO App {EntityType} {RoAppId} is being written by another writer; this one leaves it.")]
    private partial void LogHeldElsewhere(string companyId, SyncedEntityType entityType, string roAppId);

    [LoggerMessage(EventId = 5046, Level = LogLevel.Warning, Message = "Company {CompanyId}: the write claim on RO App {EntityType} {RoAppId} could not be released; it expires by itself.")]
    private partial void LogReleaseFailed(Exception exception, string companyId, SyncedEntityType entityType, string roAppId);
}

/// <summary>The claim is no longer held: another writer owns the object now, so this one must not record anything.</summary>
internal sealed class WriteClaimLostException(WriteClaimKey key)
    : InvalidOperationException($"The write claim on RO App {key.EntityType.ToString().ToLowerInvariant()} {key.RoAppId} of company {key.CompanyId} was lost to another writer; its result is not recorded here.");

/// <summary>A held write claim: renewed while held, released (settled or not) when disposed.</summary>
internal sealed class HeldWriteClaim : IAsyncDisposable
{
    private readonly WriteClaims _owner;
    private readonly IWriteClaimStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lease;
    private readonly CancellationTokenSource _lost;
    private readonly LeaseKeeper _keeper;
    private WriteClaim _claim;
    private bool _released;

    internal HeldWriteClaim(WriteClaims owner, IWriteClaimStore store, TimeProvider time, TimeSpan lease, WriteClaim claim, CancellationToken cancellationToken)
    {
        _owner = owner;
        _store = store;
        _time = time;
        _lease = lease;
        _claim = claim;
        _lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _keeper = new LeaseKeeper(RenewAsync, time, claim.ExpiresAt, lease, _lost);
    }

    public WriteClaimKey Key => _claim.Key;

    /// <summary>Cancelled when the caller cancels or the claim is lost (or may be, when the store stops answering).</summary>
    public CancellationToken Token => _lost.Token;

    /// <summary>What this or earlier holders sent without a proven outcome.</summary>
    public IReadOnlyList<string> PendingWrites => _claim.PendingWrites;

    /// <summary>Adds a write to the pending ones, durably, before it is sent.</summary>
    public async ValueTask AddPendingWriteAsync(string write)
    {
        if (_claim.PendingWrites.Contains(write, StringComparer.Ordinal))
        {
            return;
        }

        _claim = await _store.SetPendingWritesAsync(_claim, [.. _claim.PendingWrites, write], _lost.Token).ConfigureAwait(false)
            ?? throw new WriteClaimLostException(_claim.Key);
    }

    /// <summary>Proves the claim is still held, with a fresh lease, right before a result is recorded.</summary>
    public async ValueTask EnsureHeldAsync()
    {
        _lost.Token.ThrowIfCancellationRequested();
        _claim = await _store.RenewAsync(_claim, _lease, _time.GetUtcNow(), _lost.Token).ConfigureAwait(false)
            ?? throw new WriteClaimLostException(_claim.Key);
    }

    /// <summary>Releases the claim with the object's state known and recorded: its pending writes are cleared.</summary>
    public ValueTask SettleAsync() => ReleaseAsync(settled: true);

    /// <summary>Releases the claim keeping its pending writes (unless settled already).</summary>
    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync(settled: false).ConfigureAwait(false);
        _keeper.Dispose();
        _lost.Dispose();
    }

    private async ValueTask ReleaseAsync(bool settled)
    {
        if (_released)
        {
            return;
        }

        _released = true;
        await _keeper.StopAsync().ConfigureAwait(false);
        try
        {
            await _store.ReleaseAsync(_claim, settled, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Released or not, the lease runs out by itself; the pending writes stay either way.
            _owner.ReleaseFailed(exception, _claim.Key);
        }
    }

    private async ValueTask<DateTimeOffset?> RenewAsync(CancellationToken cancellationToken)
    {
        var renewed = await _store.RenewAsync(_claim, _lease, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (renewed is not null)
        {
            _claim = renewed with { PendingWrites = _claim.PendingWrites };
        }

        return renewed?.ExpiresAt;
    }
}
