using Microsoft.Extensions.Logging;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>Log messages of the connection layer. None of them takes a token or secret.</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(1001, LogLevel.Debug, "Intuit OAuth endpoint answered {Operation} with HTTP {StatusCode} (intuit_tid {IntuitTid})")]
    public static partial void TokenEndpointAnswered(ILogger logger, string operation, int statusCode, string? intuitTid);

    [LoggerMessage(1002, LogLevel.Information, "Company {CompanyId} connected QuickBooks realm {RealmId}")]
    public static partial void Connected(ILogger logger, string companyId, string realmId);

    [LoggerMessage(1003, LogLevel.Warning, "Company {CompanyId} switched from QuickBooks realm {OldRealmId} to {NewRealmId}; the old realm's links and pending work are detached")]
    public static partial void RealmSwitched(ILogger logger, string companyId, string oldRealmId, string newRealmId);

    [LoggerMessage(1004, LogLevel.Information, "Refreshed the QuickBooks access token of company {CompanyId}")]
    public static partial void Refreshed(ILogger logger, string companyId);

    [LoggerMessage(1005, LogLevel.Information, "Another process refreshed the QuickBooks tokens of company {CompanyId} first; using its tokens")]
    public static partial void LostRefreshRace(ILogger logger, string companyId);

    [LoggerMessage(1006, LogLevel.Warning, "Company {CompanyId} must reconnect QuickBooks: {Reason}")]
    public static partial void NeedsReconnect(ILogger logger, string companyId, string reason);

    [LoggerMessage(1007, LogLevel.Warning, "Could not revoke the QuickBooks tokens of company {CompanyId}; disconnected locally anyway: {Reason}")]
    public static partial void RevokeFailed(ILogger logger, string companyId, string reason);

    [LoggerMessage(1008, LogLevel.Information, "Company {CompanyId} disconnected QuickBooks realm {RealmId}")]
    public static partial void Disconnected(ILogger logger, string companyId, string realmId);

    [LoggerMessage(1009, LogLevel.Warning, "Could not read the QuickBooks company profile of realm {RealmId}; the connection is kept without the company name and country (the settings check reads the profile again)")]
    public static partial void ProfileReadFailed(ILogger logger, string realmId, Exception exception);

    [LoggerMessage(1010, LogLevel.Error, "A ReconnectRequired subscriber failed for company {CompanyId}")]
    public static partial void SubscriberFailed(ILogger logger, string companyId, Exception exception);

    [LoggerMessage(1011, LogLevel.Warning, "QuickBooks work of company {CompanyId} paused: {Reason}")]
    public static partial void WorkPaused(ILogger logger, string companyId, string reason);

    [LoggerMessage(1012, LogLevel.Information, "QuickBooks work of company {CompanyId} resumed")]
    public static partial void WorkResumed(ILogger logger, string companyId);

    [LoggerMessage(1013, LogLevel.Information, "Integration of company {CompanyId} {Switch}")]
    public static partial void EnabledChanged(ILogger logger, string companyId, string @switch);

    [LoggerMessage(1014, LogLevel.Debug, "Waiting for another process to finish refreshing the QuickBooks tokens of company {CompanyId}")]
    public static partial void WaitingForOtherRefresh(ILogger logger, string companyId);

    [LoggerMessage(1015, LogLevel.Information, "Refreshed the idle QuickBooks connection of company {CompanyId} before its refresh token expired")]
    public static partial void KeptAlive(ILogger logger, string companyId);

    [LoggerMessage(1016, LogLevel.Warning, "Could not keep the QuickBooks connection of company {CompanyId} alive; trying again on the next pass")]
    public static partial void KeepAliveFailed(ILogger logger, string companyId, Exception exception);

    [LoggerMessage(1017, LogLevel.Debug, "No connection store is registered, so idle QuickBooks connections are not kept alive; choose a store on the QuickBooks sync builder")]
    public static partial void KeepAliveWithoutStore(ILogger logger);

    [LoggerMessage(1018, LogLevel.Error, "A keep-alive pass over the QuickBooks connections failed; the next pass tries again")]
    public static partial void KeepAlivePassFailed(ILogger logger, Exception exception);

    [LoggerMessage(1019, LogLevel.Warning, "Refused the QuickBooks connect of company {CompanyId} to realm {RealmId}; nothing was stored: {Reason}")]
    public static partial void ConnectRefused(ILogger logger, string companyId, string realmId, string reason);

    [LoggerMessage(1020, LogLevel.Information, "Re-encrypted stored QuickBooks tokens under the current key: {Reencrypted} rewritten, {Current} already current, {Unreadable} unreadable")]
    public static partial void Reencrypted(ILogger logger, int reencrypted, int current, int unreadable);

    [LoggerMessage(1021, LogLevel.Warning, "The stored QuickBooks tokens of company {CompanyId} cannot be decrypted with the current or any previous key; left as they are (restore the key, or reconnect the company)")]
    public static partial void ReencryptUnreadable(ILogger logger, string companyId);
}
