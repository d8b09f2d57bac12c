using Microsoft.Extensions.Logging;

namespace RoApp.QuickBooksSync.Api.Http;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug,
        Message = "QuickBooks {Operation} for realm {RealmId} answered {StatusCode} in {ElapsedMilliseconds} ms (attempt {Attempt}, intuit_tid {IntuitTid})")]
    public static partial void Answered(ILogger logger, string operation, string realmId, int statusCode, long elapsedMilliseconds, int attempt, string? intuitTid);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "QuickBooks {Operation} for realm {RealmId} failed ({Reason}, intuit_tid {IntuitTid}); retry {Retry} of {MaxRetries} in {DelayMilliseconds} ms")]
    public static partial void Retrying(ILogger logger, string operation, string realmId, string reason, string? intuitTid, int retry, int maxRetries, long delayMilliseconds);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "QuickBooks refused the access token for realm {RealmId} on {Operation} (intuit_tid {IntuitTid}); refreshing it once and retrying")]
    public static partial void RefreshingToken(ILogger logger, string realmId, string operation, string? intuitTid);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "QuickBooks {Operation} for realm {RealmId} failed with code {Code} (HTTP {StatusCode}, intuit_tid {IntuitTid}): {FaultMessage}")]
    public static partial void Faulted(ILogger logger, string operation, string realmId, string? code, int? statusCode, string? intuitTid, string? faultMessage);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information,
        Message = "QuickBooks change data capture for realm {RealmId} hit the {Cap}-object cap for {Entities} since {ChangedSince}; splitting the request")]
    public static partial void ChangeCapHit(ILogger logger, string realmId, int cap, string entities, DateTimeOffset changedSince);
}
