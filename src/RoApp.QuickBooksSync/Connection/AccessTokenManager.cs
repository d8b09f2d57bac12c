using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// Hands out valid access tokens and refreshes them ahead of expiry: one refresh in flight per company in
/// this process (a per-company gate), and one across processes (a claim on the connection row taken by
/// compare-and-swap; others wait for the claimant's tokens). The rotated refresh token is stored before the
/// new access token is handed out.
/// </summary>
internal sealed class AccessTokenManager(
    IConnectionStore store,
    TokenCodec codec,
    QuickBooksOAuthClient oauth,
    ICompanyWorkPauser pauser,
    ConnectionEvents events,
    IOptionsMonitor<QuickBooksSyncOptions> options,
    TimeProvider timeProvider,
    ILogger<AccessTokenManager> logger) : IQuickBooksAccessTokenProvider
{
    /// <summary>How often a process waiting for another's refresh looks at the row again.</summary>
    internal static readonly TimeSpan ClaimPollInterval = TimeSpan.FromMilliseconds(250);

    private const int MaxRounds = 200;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async ValueTask<string> GetAccessTokenAsync(string realmId, CancellationToken cancellationToken)
    {
        var companyId = await CompanyOfRealmAsync(realmId, cancellationToken).ConfigureAwait(false);
        return await GetAccessTokenForCompanyAsync(companyId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<string> RefreshAccessTokenAsync(string realmId, string rejectedAccessToken, CancellationToken cancellationToken)
    {
        var companyId = await CompanyOfRealmAsync(realmId, cancellationToken).ConfigureAwait(false);
        return await RefreshAsync(companyId, rejectedAccessToken, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<string> GetAccessTokenForCompanyAsync(string companyId, CancellationToken cancellationToken)
    {
        var row = await ReadUsableAsync(companyId, cancellationToken).ConfigureAwait(false);
        if (IsFresh(row))
        {
            return codec.Unprotect(row.ProtectedTokens).AccessToken;
        }

        return await RefreshAsync(companyId, rejectedAccessToken: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refreshes now whatever the access token's expiry (keeps an idle refresh token alive).</summary>
    public async ValueTask RenewAsync(string companyId, CancellationToken cancellationToken)
    {
        var row = await ReadUsableAsync(companyId, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(companyId, codec.Unprotect(row.ProtectedTokens).AccessToken, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> RefreshAsync(string companyId, string? rejectedAccessToken, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(companyId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lostRace = false;
            for (var round = 0; round < MaxRounds; round++)
            {
                var row = await ReadUsableAsync(companyId, cancellationToken).ConfigureAwait(false);
                var secrets = codec.Unprotect(row.ProtectedTokens);
                var now = timeProvider.GetUtcNow();

                // Someone (a caller before us in this process, or another process) may have refreshed already.
                var usable = rejectedAccessToken is null
                    ? IsFresh(row)
                    : !string.Equals(secrets.AccessToken, rejectedAccessToken, StringComparison.Ordinal) && row.AccessTokenExpiresAt > now;
                if (usable)
                {
                    if (lostRace)
                    {
                        ConnectionLog.LostRefreshRace(logger, companyId);
                    }

                    return secrets.AccessToken;
                }

                if (row.RefreshClaimExpiresAt is { } claimedUntil && claimedUntil > now)
                {
                    ConnectionLog.WaitingForOtherRefresh(logger, companyId);
                    lostRace = true;
                    await Task.Delay(ClaimPollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var claim = row with { RefreshClaimExpiresAt = now + options.CurrentValue.Connection.RefreshClaimTimeout, UpdatedAt = now };
                if (!await store.SaveAsync(claim, row.Version, cancellationToken).ConfigureAwait(false))
                {
                    lostRace = true;
                    continue;
                }

                var claimVersion = row.Version + 1;
                OAuthTokens tokens;
                try
                {
                    tokens = await oauth.RefreshAsync(secrets.RefreshToken, cancellationToken).ConfigureAwait(false);
                }
                catch (QuickBooksConnectionException ex) when (ex.Failure == ConnectionFailure.ReconnectRequired)
                {
                    // A refresh token that another process has just rotated away is no reason to give up the connection.
                    if (await WasRotatedMeanwhileAsync(companyId, secrets.RefreshToken, cancellationToken).ConfigureAwait(false))
                    {
                        lostRace = true;
                        continue;
                    }

                    await MarkNeedsReconnectAsync(companyId, "Intuit refused the refresh token (invalid_grant): the authorisation was revoked or expired.", cancellationToken).ConfigureAwait(false);
                    throw new QuickBooksConnectionException(ConnectionFailure.ReconnectRequired,
                        $"The QuickBooks connection of company '{companyId}' needs to be authorised again: Intuit refused the refresh token (invalid_grant). Reconnect in the QuickBooks settings.", ex)
                    { CompanyId = companyId, RealmId = row.RealmId };
                }
                catch
                {
                    await ReleaseClaimAsync(claim, claimVersion).ConfigureAwait(false);
                    throw;
                }

                // Stored before anyone uses the new access token: Intuit may already have retired the old refresh token.
                var stored = await StoreRefreshedAsync(companyId, row.RealmId, claim, claimVersion, tokens, cancellationToken).ConfigureAwait(false);
                if (stored is not null)
                {
                    return stored;
                }

                // The realm changed under us (a reconnect): our tokens belong to the old grant; start over.
                lostRace = true;
            }

            throw new QuickBooksConnectionException(ConnectionFailure.TokenEndpoint,
                $"Could not refresh the QuickBooks tokens of company '{companyId}': the connection row kept changing under concurrent writers. Retry later.")
            { CompanyId = companyId };
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Saves freshly refreshed tokens. When the row changed since our claim (the claim ran out and another
    /// process wrote), fresh tokens already there win and ours are dropped; stale ones are overwritten with
    /// ours, so that the processes converge instead of taking turns at claiming (also where a store does not
    /// persist the claim).
    /// </summary>
    /// <returns>The access token to use, or <see langword="null"/> when the row now holds another realm.</returns>
    private async ValueTask<string?> StoreRefreshedAsync(string companyId, string realmId, StoredConnection basis, long expectedVersion, OAuthTokens tokens, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var refreshed = basis with
            {
                ProtectedTokens = codec.Protect(tokens.AccessToken, tokens.RefreshToken),
                AccessTokenExpiresAt = tokens.AccessTokenExpiresAt,
                RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt,
                RefreshTokenHardExpiresAt = tokens.RefreshTokenHardExpiresAt ?? basis.RefreshTokenHardExpiresAt,
                RefreshClaimExpiresAt = null,
                UpdatedAt = timeProvider.GetUtcNow(),
            };
            if (await store.SaveAsync(refreshed, expectedVersion, cancellationToken).ConfigureAwait(false))
            {
                ConnectionLog.Refreshed(logger, companyId);
                return tokens.AccessToken;
            }

            var current = await ReadUsableAsync(companyId, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(current.RealmId, realmId, StringComparison.Ordinal))
            {
                return null;
            }

            if (IsFresh(current))
            {
                ConnectionLog.LostRefreshRace(logger, companyId);
                return codec.Unprotect(current.ProtectedTokens).AccessToken;
            }

            basis = current;
            expectedVersion = current.Version;
        }

        throw new QuickBooksConnectionException(ConnectionFailure.TokenEndpoint,
            $"Could not store the refreshed QuickBooks tokens of company '{companyId}': the connection row kept changing under concurrent writers. Retry later.")
        { CompanyId = companyId };
    }

    internal async ValueTask MarkNeedsReconnectAsync(string companyId, string reason, CancellationToken cancellationToken)
    {
        StoredConnection? row;
        while (true)
        {
            row = await store.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return;
            }

            var marked = row with
            {
                Health = ConnectionHealth.NeedsReconnect,
                NeedsReconnectReason = reason,
                RefreshClaimExpiresAt = null,
                UpdatedAt = timeProvider.GetUtcNow(),
            };
            if (await store.SaveAsync(marked, row.Version, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        ConnectionLog.NeedsReconnect(logger, companyId, reason);
        await pauser.PauseAsync(companyId, reason, "Reconnect QuickBooks in the QuickBooks settings; the paused work then resumes.", cancellationToken).ConfigureAwait(false);
        events.RaiseReconnectRequired(this, new QuickBooksReconnectRequiredEventArgs(companyId, row.RealmId, reason, timeProvider.GetUtcNow()));
    }

    private async ValueTask<bool> WasRotatedMeanwhileAsync(string companyId, string usedRefreshToken, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
        return current is not null
               && current.Health == ConnectionHealth.Connected
               && !string.Equals(codec.Unprotect(current.ProtectedTokens).RefreshToken, usedRefreshToken, StringComparison.Ordinal);
    }

    private async ValueTask ReleaseClaimAsync(StoredConnection claim, long claimVersion)
    {
        // Best effort: if it fails the claim simply times out.
        try
        {
            await store.SaveAsync(claim with { RefreshClaimExpiresAt = null }, claimVersion, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The original failure matters more than this clean-up.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private bool IsFresh(StoredConnection row) =>
        row.AccessTokenExpiresAt - options.CurrentValue.Connection.RefreshMargin > timeProvider.GetUtcNow();

    private async ValueTask<StoredConnection> ReadUsableAsync(string companyId, CancellationToken cancellationToken)
    {
        var row = await store.GetAsync(companyId, cancellationToken).ConfigureAwait(false)
                  ?? throw new QuickBooksConnectionException(ConnectionFailure.NotConnected,
                      $"Company '{companyId}' has no QuickBooks connection. Connect it in the QuickBooks settings first.")
                  { CompanyId = companyId };
        if (row.Health == ConnectionHealth.NeedsReconnect)
        {
            throw new QuickBooksConnectionException(ConnectionFailure.ReconnectRequired,
                $"The QuickBooks connection of company '{companyId}' needs to be authorised again ({row.NeedsReconnectReason}). Reconnect in the QuickBooks settings.")
            { CompanyId = companyId, RealmId = row.RealmId };
        }

        return row;
    }

    private async ValueTask<string> CompanyOfRealmAsync(string realmId, CancellationToken cancellationToken)
    {
        var row = await store.FindByRealmAsync(realmId, cancellationToken).ConfigureAwait(false)
                  ?? throw new QuickBooksConnectionException(ConnectionFailure.NotConnected,
                      $"No RO App company is connected to QuickBooks realm '{realmId}'. Connect it in the QuickBooks settings first.")
                  { RealmId = realmId };
        return row.CompanyId;
    }
}
