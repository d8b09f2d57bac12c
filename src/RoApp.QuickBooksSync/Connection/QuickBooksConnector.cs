using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Connection;

internal sealed class QuickBooksConnector(
    IConnectionStore connections,
    ISettingsStore settingsStore,
    RoAppGatewayAccessor gateways,
    UnitOfWorkScopes scopes,
    QuickBooksOAuthClient oauth,
    TokenCodec codec,
    AccessTokenManager tokens,
    IQuickBooksCompanyDirectory directory,
    IRealmSwitchHandler realmSwitchHandler,
    ICompanyWorkPauser pauser,
    ConnectionEvents events,
    IOptionsMonitor<QuickBooksSyncOptions> options,
    TimeProvider timeProvider,
    ILogger<QuickBooksConnector> logger,
    RealmVerifier realmVerifier,
    IJournalStore? journal = null) : IQuickBooksConnector
{
    public event EventHandler<QuickBooksReconnectRequiredEventArgs>? ReconnectRequired
    {
        add => events.ReconnectRequired += value;
        remove => events.ReconnectRequired -= value;
    }

    public async ValueTask<QuickBooksAuthorizationRequest> BeginConnectAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);

        // 256 random bits: unguessable, and URL-safe so it survives the round trip through Intuit. The suffix
        // binds the state to the company, so a state presented by another company is refused before it is consumed.
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var state = nonce + StateSeparator + CompanyTag(nonce, companyId);
        var url = oauth.BuildAuthorizationUrl(state);
        var expiresAt = timeProvider.GetUtcNow() + options.CurrentValue.Connection.AuthorizationStateLifetime;
        await connections.SaveAuthorizationStateAsync(state, companyId, expiresAt, cancellationToken).ConfigureAwait(false);
        return new QuickBooksAuthorizationRequest(url, state, expiresAt);
    }

    public async ValueTask<QuickBooksConnectionState> CompleteConnectAsync(string companyId, string code, string realmId, string state, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        if (string.IsNullOrWhiteSpace(state))
        {
            throw InvalidState(companyId, "The QuickBooks callback carries no state. Start connecting again from the QuickBooks settings.");
        }

        if (string.IsNullOrWhiteSpace(code) || string.IsNullOrWhiteSpace(realmId))
        {
            throw new QuickBooksConnectionException(ConnectionFailure.InvalidState,
                "The QuickBooks callback lacks the code or the realmId parameter (the user may have declined access). Start connecting again from the QuickBooks settings.")
            { CompanyId = companyId };
        }

        // A state carries its owner's tag: checked before taking it, so another company cannot use up the owner's state.
        if (!StateIsFor(state, companyId))
        {
            throw InvalidState(companyId, $"The QuickBooks callback's state was issued to another company, not to '{companyId}'. Start connecting again from this company's QuickBooks settings.");
        }

        // Taking the state consumes it, so a replayed or stolen callback fails even for the right company.
        var owner = await connections.TryTakeAuthorizationStateAsync(state, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (owner is null)
        {
            throw InvalidState(companyId, "The QuickBooks callback's state is unknown, expired or already used. Start connecting again from the QuickBooks settings.");
        }

        if (!string.Equals(owner, companyId, StringComparison.Ordinal))
        {
            throw InvalidState(companyId, $"The QuickBooks callback's state was issued to another company, not to '{companyId}'. Start connecting again from this company's QuickBooks settings.");
        }

        var holder = await connections.FindByRealmAsync(realmId, cancellationToken).ConfigureAwait(false);
        if (holder is not null && !string.Equals(holder.CompanyId, companyId, StringComparison.Ordinal))
        {
            throw RealmTaken(companyId, realmId);
        }

        var issued = await oauth.ExchangeCodeAsync(code, cancellationToken).ConfigureAwait(false);

        // The realmId is a query parameter anyone can change; the token is Intuit's word. Nothing is stored
        // until the token is shown to open the claimed realm.
        if (await realmVerifier.VerifyAsync(realmId, issued.AccessToken, cancellationToken).ConfigureAwait(false) is { } unproven)
        {
            await RefuseUnprovenRealmAsync(companyId, realmId, issued, unproven.Reason, unproven.Refused).ConfigureAwait(false);
        }

        var protectedTokens = codec.Protect(issued.AccessToken, issued.RefreshToken);

        StoredConnection saved;
        StoredConnection? previous;
        while (true)
        {
            previous = await connections.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
            var switching = previous is not null && !string.Equals(previous.RealmId, realmId, StringComparison.Ordinal);
            if (switching)
            {
                // Detach first: if the save below fails the old links are gone, which is the safe direction.
                await realmSwitchHandler.DetachRealmAsync(companyId, previous!.RealmId, realmId, cancellationToken).ConfigureAwait(false);
            }

            var now = timeProvider.GetUtcNow();
            saved = new StoredConnection
            {
                CompanyId = companyId,
                RealmId = realmId,
                Health = ConnectionHealth.Connected,
                ProtectedTokens = protectedTokens,
                AccessTokenExpiresAt = issued.AccessTokenExpiresAt,
                RefreshTokenExpiresAt = issued.RefreshTokenExpiresAt,
                RefreshTokenHardExpiresAt = issued.RefreshTokenHardExpiresAt,
                CompanyName = switching ? null : previous?.CompanyName,
                Country = switching ? null : previous?.Country,
                CompanyProfileJson = switching ? null : previous?.CompanyProfileJson,
                ConnectedAt = switching || previous is null ? now : previous.ConnectedAt,
                UpdatedAt = now,
            };
            try
            {
                if (await connections.SaveAsync(saved, previous?.Version ?? 0, cancellationToken).ConfigureAwait(false))
                {
                    saved = saved with { Version = (previous?.Version ?? 0) + 1 };
                    break;
                }
            }
            catch (InvalidOperationException ex)
            {
                throw RealmTaken(companyId, realmId, ex);
            }
        }

        ConnectionLog.Connected(logger, companyId, realmId);
        if (previous is not null && !string.Equals(previous.RealmId, realmId, StringComparison.Ordinal))
        {
            await ForgetRealmSpecificSettingsAsync(companyId, cancellationToken).ConfigureAwait(false);
            await TryRevokeAsync(companyId, previous).ConfigureAwait(false);
        }

        if (previous?.Health == ConnectionHealth.NeedsReconnect)
        {
            await pauser.ResumeAsync(companyId, cancellationToken).ConfigureAwait(false);
        }

        await ReadProfileAsync(saved, cancellationToken).ConfigureAwait(false);
        return await GetStateAsync(companyId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<QuickBooksConnectionState> GetStateAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var row = await connections.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
        var settings = await settingsStore.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
        var enabled = settings?.Enabled ?? false;
        if (row is null)
        {
            return new QuickBooksConnectionState { CompanyId = companyId, Status = QuickBooksConnectionStatus.NotConnected, Enabled = enabled };
        }

        // A refresh token left unused past its rolling expiry is dead even before anyone tries it.
        var reason = row.Health == ConnectionHealth.NeedsReconnect
            ? row.NeedsReconnectReason ?? "Intuit refused the stored authorisation."
            : row.RefreshTokenExpiresAt <= timeProvider.GetUtcNow()
                ? $"The QuickBooks authorisation went unused until it expired on {row.RefreshTokenExpiresAt:yyyy-MM-dd}."
                : null;
        var status = reason is not null
            ? QuickBooksConnectionStatus.NeedsReconnect
            : enabled ? QuickBooksConnectionStatus.Connected : QuickBooksConnectionStatus.Disabled;
        return new QuickBooksConnectionState
        {
            CompanyId = companyId,
            Status = status,
            Enabled = enabled,
            NeedsReconnectReason = reason,
            RealmId = row.RealmId,
            CompanyName = row.CompanyName,
            Country = row.Country,
            ConnectedAt = row.ConnectedAt,
            AccessTokenExpiresAt = row.AccessTokenExpiresAt,
            RefreshTokenExpiresAt = row.RefreshTokenExpiresAt,
            RefreshTokenHardExpiresAt = row.RefreshTokenHardExpiresAt,
            HardExpiryWarning = HardExpiryWarning(row),
        };
    }

    public async ValueTask<QuickBooksDisconnectResult> DisconnectAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var row = await connections.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return new QuickBooksDisconnectResult(WasConnected: false, Revoked: false, RevokeFailure: null);
        }

        var failure = await TryRevokeAsync(companyId, row).ConfigureAwait(false);
        await connections.DeleteAsync(companyId, cancellationToken).ConfigureAwait(false);
        await pauser.PauseAsync(companyId, "QuickBooks was disconnected.", fix: null, cancellationToken).ConfigureAwait(false);
        await SetEnabledAsync(companyId, enabled: false, cancellationToken).ConfigureAwait(false);
        ConnectionLog.Disconnected(logger, companyId, row.RealmId);
        return new QuickBooksDisconnectResult(WasConnected: true, Revoked: failure is null, RevokeFailure: failure);
    }

    public async ValueTask<QuickBooksConnectionState> EnableAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        var row = await connections.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            throw EnableRefused(companyId, "QuickBooks is not connected. Connect a QuickBooks company first, then enable the integration.");
        }

        if (row.Health == ConnectionHealth.NeedsReconnect)
        {
            throw EnableRefused(companyId, $"the QuickBooks connection needs to be authorised again ({row.NeedsReconnectReason}). Reconnect first, then enable the integration.");
        }

        try
        {
            // Proves the tokens still work (refreshing them when due) before syncing is switched on.
            await tokens.GetAccessTokenForCompanyAsync(companyId, cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksConnectionException ex)
        {
            throw EnableRefused(companyId, $"the QuickBooks connection does not work: {ex.Message}", ex);
        }

        if (await IsLegacyIntegrationEnabledAsync(companyId, cancellationToken).ConfigureAwait(false))
        {
            throw EnableRefused(companyId, "the old one-way QuickBooks integration is still on. Turn it off in RO App's integrations, then enable this one.");
        }

        await SetEnabledAsync(companyId, enabled: true, cancellationToken).ConfigureAwait(false);
        await pauser.ResumeAsync(companyId, cancellationToken).ConfigureAwait(false);
        return await GetStateAsync(companyId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<QuickBooksConnectionState> DisableAsync(string companyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        await SetEnabledAsync(companyId, enabled: false, cancellationToken).ConfigureAwait(false);
        return await GetStateAsync(companyId, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SetEnabledAsync(string companyId, bool enabled, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await settingsStore.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
            if (current is null && !enabled)
            {
                return;
            }

            if (current?.Enabled == enabled)
            {
                return;
            }

            var next = (current ?? new CompanySettings { CompanyId = companyId }) with { Enabled = enabled };
            if (await settingsStore.SaveAsync(next, current?.Version ?? 0, cancellationToken).ConfigureAwait(false))
            {
                ConnectionLog.EnabledChanged(logger, companyId, enabled ? "enabled" : "disabled");
                return;
            }
        }
    }

    // Account and item ids belong to the old QuickBooks company; typed tax texts are kept and resolved anew.
    private async ValueTask ForgetRealmSpecificSettingsAsync(string companyId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await settingsStore.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return;
            }

            var next = current with
            {
                DepositAccountIdsByCashboxId = new Dictionary<string, string>(),
                ItemPolicy = new ItemPolicy(),
            };
            if (await settingsStore.SaveAsync(next, current.Version, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async ValueTask RefuseUnprovenRealmAsync(string companyId, string realmId, OAuthTokens issued, string reason, bool refused)
    {
        // The grant is of no use to anyone now: end it at Intuit rather than leave it dangling.
        string revoke;
        try
        {
            await oauth.RevokeAsync(issued.RefreshToken, CancellationToken.None).ConfigureAwait(false);
            revoke = "The authorisation it received was revoked at Intuit.";
        }
        catch (Exception ex) when (ex is QuickBooksException or HttpRequestException or TaskCanceledException)
        {
            revoke = "Revoking the authorisation it received failed; remove the app under the QuickBooks company's connected apps.";
        }

        var fix = refused
            ? "Start connecting again from this company's QuickBooks settings and choose the QuickBooks company there; if it happens again, the callback is being tampered with."
            : "Try connecting again in a few minutes.";
        var message = $"The QuickBooks connect of company '{companyId}' was refused and nothing was stored: {reason} {revoke}";
        ConnectionLog.ConnectRefused(logger, companyId, realmId, reason);
        if (journal is not null)
        {
            await journal.AppendAsync(new JournalEntry
            {
                CompanyId = companyId,
                RealmId = realmId,
                Direction = JournalDirection.Connection,
                Operation = "ConnectRefused",
                Outcome = JournalOutcome.Failed,
                Message = message,
                Fix = fix,
                At = timeProvider.GetUtcNow(),
            }, CancellationToken.None).ConfigureAwait(false);
        }

        throw new QuickBooksConnectionException(ConnectionFailure.RealmNotVerified, $"{message} {fix}") { CompanyId = companyId, RealmId = realmId };
    }

    private const char StateSeparator = '.';

    // Not a secret: the nonce is; the tag only ties the nonce to one company id.
    private static string CompanyTag(string nonce, string companyId) =>
        Base64Url.EncodeToString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(nonce + "\n" + companyId)).AsSpan(0, 12));

    private static bool StateIsFor(string state, string companyId)
    {
        var separator = state.LastIndexOf(StateSeparator);
        if (separator < 0)
        {
            // A state issued before states carried a tag: the owner is checked after taking it.
            return true;
        }

        var expected = CompanyTag(state[..separator], companyId);
        return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(state[(separator + 1)..]));
    }

    private async ValueTask<string?> TryRevokeAsync(string companyId, StoredConnection row)
    {
        try
        {
            // Revoking the refresh token ends the whole grant, access token included.
            var secrets = codec.Unprotect(row.ProtectedTokens);
            await oauth.RevokeAsync(secrets.RefreshToken, CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is QuickBooksException or HttpRequestException or TaskCanceledException)
        {
            var reason = ex is QuickBooksException ? ex.Message : $"Intuit's revoke endpoint could not be reached ({ex.GetType().Name}).";
            ConnectionLog.RevokeFailed(logger, companyId, reason);
            return reason + " The tokens were deleted here; remove the app under the QuickBooks company's connected apps to revoke it at Intuit too.";
        }
    }

    private async ValueTask ReadProfileAsync(StoredConnection saved, CancellationToken cancellationToken)
    {
        QuickBooksCompanyProfile profile;
        try
        {
            profile = await directory.GetProfileAsync(saved.RealmId, cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksException ex)
        {
            ConnectionLog.ProfileReadFailed(logger, saved.RealmId, ex);
            return;
        }
        catch (HttpRequestException ex)
        {
            ConnectionLog.ProfileReadFailed(logger, saved.RealmId, ex);
            return;
        }

        var json = JsonSerializer.Serialize(profile, DirectoryJsonContext.Default.QuickBooksCompanyProfile);
        while (true)
        {
            var current = await connections.GetAsync(saved.CompanyId, cancellationToken).ConfigureAwait(false);
            if (current is null || !string.Equals(current.RealmId, saved.RealmId, StringComparison.Ordinal))
            {
                return;
            }

            var next = current with { CompanyName = profile.CompanyName, Country = profile.Country, CompanyProfileJson = json, UpdatedAt = timeProvider.GetUtcNow() };
            if (await connections.SaveAsync(next, current.Version, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private string? HardExpiryWarning(StoredConnection row)
    {
        if (row.RefreshTokenHardExpiresAt is not { } hard)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        if (hard <= now)
        {
            return $"The QuickBooks authorisation reached its hard expiry on {hard:yyyy-MM-dd}. Reconnect QuickBooks to keep syncing.";
        }

        var days = (int)Math.Ceiling((hard - now).TotalDays);
        return hard - now <= options.CurrentValue.Connection.HardExpiryWarningLead
            ? $"The QuickBooks authorisation ends on {hard:yyyy-MM-dd} ({days} days from now) and cannot be extended. Reconnect QuickBooks before then to keep syncing."
            : null;
    }

    private static QuickBooksConnectionException InvalidState(string companyId, string message) =>
        new(ConnectionFailure.InvalidState, message) { CompanyId = companyId };

    private static QuickBooksConnectionException RealmTaken(string companyId, string realmId, Exception? inner = null) =>
        new(ConnectionFailure.RealmTaken,
            $"QuickBooks company (realm) '{realmId}' is already connected to another RO App company; one QuickBooks company serves one RO App company. Disconnect it there first, or choose another QuickBooks company.",
            inner)
        { CompanyId = companyId, RealmId = realmId };

    private static QuickBooksConnectionException EnableRefused(string companyId, string reason, Exception? inner = null) =>
        new(ConnectionFailure.EnableRefused, $"The QuickBooks integration of company '{companyId}' cannot be enabled: {reason}", inner) { CompanyId = companyId };

    /// <summary>Asks the host, in a DI scope of its own, whether the old one-way integration is still on.</summary>
    private async ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken)
    {
        var unit = scopes.Begin();
        await using (unit.ConfigureAwait(false))
        {
            return await gateways.Gateway.IsLegacyIntegrationEnabledAsync(companyId, cancellationToken).ConfigureAwait(false);
        }
    }
}
