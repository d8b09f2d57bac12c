using System.Globalization;
using System.Net;
using System.Text;

namespace RoApp.QuickBooksSync.Api.Errors;

/// <summary>Turns a QuickBooks fault (or a failed HTTP status) into the typed exception callers catch.</summary>
internal static class FaultTranslator
{
    public static QuickBooksApiException Translate(
        QuickBooksFault? fault,
        HttpStatusCode? status,
        string realmId,
        string operation,
        string? intuitTid,
        TimeSpan? retryAfter = null)
    {
        var errors = (fault?.Errors ?? [])
            .Select(e => new QuickBooksError(e.Code, e.Message, e.Detail, e.Element))
            .ToArray();
        var first = errors.FirstOrDefault();
        var code = first?.Code;
        var statusCode = (int?)status;
        var kind = Classify(statusCode, code, first);
        var message = BuildMessage(kind, operation, realmId, statusCode, fault?.Type, errors, intuitTid, retryAfter);

        QuickBooksApiException exception = kind switch
        {
            FaultKind.Authentication => new QuickBooksAuthenticationException(message) { RealmId = realmId },
            FaultKind.Authorization => new QuickBooksAuthorizationException(message) { RealmId = realmId },
            FaultKind.Throttled => new QuickBooksThrottledException(message) { RealmId = realmId, RetryAfter = retryAfter },
            FaultKind.StaleObject => new QuickBooksStaleObjectException(message) { RealmId = realmId },
            FaultKind.DuplicateName => new QuickBooksDuplicateNameException(message) { RealmId = realmId },
            FaultKind.NotFound => new QuickBooksObjectNotFoundException(message) { RealmId = realmId },
            FaultKind.DuplicateDocumentNumber => new QuickBooksDuplicateDocumentNumberException(message) { RealmId = realmId },
            FaultKind.SubscriptionEnded => new QuickBooksSubscriptionEndedException(message) { RealmId = realmId },
            FaultKind.Transient => new QuickBooksTransientException(message) { RealmId = realmId },
            FaultKind.Validation => new QuickBooksValidationException(message) { RealmId = realmId },
            _ => new QuickBooksApiException(message) { RealmId = realmId },
        };

        exception.Code = code;
        exception.FaultType = fault?.Type;
        exception.FaultMessage = first?.Message;
        exception.Detail = first?.Detail;
        exception.Element = first?.Element;
        exception.IntuitTid = intuitTid;
        exception.HttpStatusCode = statusCode;
        exception.Errors = errors;
        return exception;
    }

    /// <summary>A transport error or timeout that outlasted the retries.</summary>
    public static QuickBooksTransientException Transport(string realmId, string operation, Exception cause, bool timedOut) =>
        new(timedOut
                ? $"QuickBooks {operation} for realm {realmId} timed out on every attempt (QuickBooksSync:Retry:AttemptTimeout). Try again later; if it persists, check Intuit's status page or raise the timeout."
                : $"QuickBooks {operation} for realm {realmId} failed on the network on every attempt: {cause.Message}. Try again later; check connectivity to QuickBooksSync:ApiBaseUrl.",
            cause)
        {
            RealmId = realmId,
        };

    /// <summary>True when the failure may pass on a later attempt (throttling, 5xx, system fault).</summary>
    public static bool IsRetryable(QuickBooksApiException exception) =>
        exception is QuickBooksThrottledException or QuickBooksTransientException;

    private enum FaultKind
    {
        Other,
        Authentication,
        Authorization,
        Throttled,
        StaleObject,
        DuplicateName,
        NotFound,
        DuplicateDocumentNumber,
        SubscriptionEnded,
        Transient,
        Validation,
    }

    private static FaultKind Classify(int? status, string? code, QuickBooksError? first)
    {
        if (status == 401 || code == "3200")
        {
            return FaultKind.Authentication;
        }

        if (status == 403 || code is "3100" or "120")
        {
            return FaultKind.Authorization;
        }

        if (status == 429 || code == "3001")
        {
            return FaultKind.Throttled;
        }

        switch (code)
        {
            case "5010":
                return FaultKind.StaleObject;
            case "6240":
                return FaultKind.DuplicateName;
            case "610":
                return FaultKind.NotFound;
            case "6140":
                return FaultKind.DuplicateDocumentNumber;
            case "6190":
                return FaultKind.SubscriptionEnded;
        }

        // Sources disagree on the duplicate document number code (6140 or 6210), so the text decides too;
        // 6210 alone is not trusted because other documents give it another meaning.
        if (MentionsDuplicateDocumentNumber(first))
        {
            return FaultKind.DuplicateDocumentNumber;
        }

        if (status >= 500 || code == "10000")
        {
            return FaultKind.Transient;
        }

        return status is null or (>= 400 and < 500) || code is not null ? FaultKind.Validation : FaultKind.Other;
    }

    private static bool MentionsDuplicateDocumentNumber(QuickBooksError? error)
    {
        if (error is null)
        {
            return false;
        }

        var text = $"{error.Message} {error.Detail}";
        return text.Contains("Duplicate Document Number", StringComparison.OrdinalIgnoreCase)
               || (error.Code == "6210" && text.Contains("duplicate", StringComparison.OrdinalIgnoreCase));
    }

    private static string BuildMessage(
        FaultKind kind,
        string operation,
        string realmId,
        int? status,
        string? faultType,
        QuickBooksError[] errors,
        string? intuitTid,
        TimeSpan? retryAfter)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"QuickBooks {operation} for realm {realmId} failed");
        if (status is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" with HTTP {status}");
        }

        if (faultType is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({faultType})");
        }

        text.Append(':');
        if (errors.Length == 0)
        {
            text.Append(" no fault details were sent.");
        }

        foreach (var error in errors)
        {
            text.Append(CultureInfo.InvariantCulture, $" [{error.Code}] {error.Message}");
            if (!string.IsNullOrEmpty(error.Detail))
            {
                text.Append(CultureInfo.InvariantCulture, $" - {error.Detail}");
            }

            if (!string.IsNullOrEmpty(error.Element))
            {
                text.Append(CultureInfo.InvariantCulture, $" (element {error.Element})");
            }

            text.Append('.');
        }

        text.Append(' ').Append(Advice(kind, retryAfter));
        if (intuitTid is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" intuit_tid={intuitTid}.");
        }

        return text.ToString();
    }

    private static string Advice(FaultKind kind, TimeSpan? retryAfter) => kind switch
    {
        FaultKind.Authentication => "The access token was refused after one refresh: reconnect the company to QuickBooks.",
        FaultKind.Authorization => "The app is not allowed to do this: check the app's com.intuit.quickbooks.accounting scope and the connecting user's QuickBooks role, then reconnect.",
        FaultKind.Throttled => retryAfter is { } wait
            ? $"QuickBooks asked to wait {wait.TotalSeconds:0} s; lower QuickBooksSync:RateLimits or retry later."
            : "Retry later; if it repeats, lower QuickBooksSync:RateLimits.",
        FaultKind.StaleObject => "The object changed since it was read: re-read it and apply the change on the current SyncToken.",
        FaultKind.DuplicateName => "The name is already taken by a customer, vendor or employee: reuse that object or choose another name.",
        FaultKind.NotFound => "The object does not exist or is inactive in QuickBooks: re-link it or make it active again.",
        FaultKind.DuplicateDocumentNumber => "The invoice number is already used in QuickBooks: use another number or turn off the duplicate number check in QuickBooks.",
        FaultKind.SubscriptionEnded => "The QuickBooks subscription of this company has ended: renew it in QuickBooks.",
        FaultKind.Transient => "QuickBooks or the network failed on every attempt: try again later; if it persists, check Intuit's status page.",
        FaultKind.Validation => "The request was rejected as invalid and is not retried: fix the field named above.",
        _ => "See the fault above.",
    };
}
