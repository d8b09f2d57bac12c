using System.Globalization;
using Microsoft.Extensions.Options;

namespace RoApp.QuickBooksSync.Api;

/// <summary>
/// Checks, at start-up, the settings the API client uses: base URLs, minor version, limits, retries and
/// timeouts. Each failure names the setting (as its configuration key) and a right value. Client id,
/// secret and redirect URI are not checked here: only the connection needs them, and it checks them.
/// </summary>
internal sealed class QuickBooksApiOptionsValidator : IValidateOptions<QuickBooksSyncOptions>
{
    private const string Section = QuickBooksSyncOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, QuickBooksSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!Enum.IsDefined(options.Environment))
        {
            failures.Add($"{Section}:Environment is '{options.Environment}'; use Sandbox or Production.");
        }

        CheckUrl(failures, "ApiBaseUrl", options.ApiBaseUrl, optional: true, "https://quickbooks.api.intuit.com (or http://localhost:5099 for the simulator)");
        CheckUrl(failures, "AuthorizeEndpoint", options.AuthorizeEndpoint, optional: false, "https://appcenter.intuit.com/connect/oauth2");
        CheckUrl(failures, "TokenEndpoint", options.TokenEndpoint, optional: false, "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");
        CheckUrl(failures, "RevokeEndpoint", options.RevokeEndpoint, optional: false, "https://developer.api.intuit.com/v2/oauth2/tokens/revoke");

        if (options.MinorVersion < 75)
        {
            failures.Add($"{Section}:MinorVersion is {options.MinorVersion}; use 75 or higher (Intuit ignores lower versions), e.g. 75.");
        }

        var limits = options.RateLimits;
        if (limits is null)
        {
            failures.Add($"{Section}:RateLimits must not be null; remove the assignment to use Intuit's limits.");
        }
        else
        {
            CheckRange(failures, "RateLimits:RequestsPerMinute", limits.RequestsPerMinute, 1, 500, 500);
            CheckRange(failures, "RateLimits:RequestsPerSecond", limits.RequestsPerSecond, 1, 10, 10);
            CheckRange(failures, "RateLimits:MaxConcurrentRequests", limits.MaxConcurrentRequests, 1, 10, 10);
            CheckRange(failures, "RateLimits:BatchRequestsPerMinute", limits.BatchRequestsPerMinute, 1, 120, 40);
        }

        var retry = options.Retry;
        if (retry is null)
        {
            failures.Add($"{Section}:Retry must not be null; remove the assignment to use the defaults.");
        }
        else
        {
            CheckRange(failures, "Retry:MaxRetryAttempts", retry.MaxRetryAttempts, 0, 20, 4);
            CheckPositive(failures, "Retry:BaseDelay", retry.BaseDelay, "00:00:01");
            CheckPositive(failures, "Retry:MaxDelay", retry.MaxDelay, "00:01:00");
            CheckPositive(failures, "Retry:ThrottledDelay", retry.ThrottledDelay, "00:01:00");
            CheckPositive(failures, "Retry:AttemptTimeout", retry.AttemptTimeout, "00:01:40");
            CheckPositive(failures, "Retry:OverallTimeout", retry.OverallTimeout, "00:05:00");
            if (retry.MaxDelay < retry.BaseDelay)
            {
                failures.Add($"{Section}:Retry:MaxDelay ({retry.MaxDelay}) is shorter than {Section}:Retry:BaseDelay ({retry.BaseDelay}); use a MaxDelay at least as long, e.g. 00:01:00.");
            }

            if (retry.OverallTimeout < retry.AttemptTimeout)
            {
                failures.Add($"{Section}:Retry:OverallTimeout ({retry.OverallTimeout}) is shorter than {Section}:Retry:AttemptTimeout ({retry.AttemptTimeout}); use an OverallTimeout of several attempts, e.g. 00:05:00.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrl(List<string> failures, string key, Uri? value, bool optional, string example)
    {
        if (value is null)
        {
            if (!optional)
            {
                failures.Add($"{Section}:{key} is empty; use an absolute URL, e.g. {example}.");
            }

            return;
        }

        if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Section}:{key} is '{value}'; use an absolute http(s) URL, e.g. {example}.");
        }
    }

    private static void CheckRange(List<string> failures, string key, int value, int min, int max, int example)
    {
        if (value < min || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{key} is {value}; use a value from {min} to {max}, e.g. {example}."));
        }
    }

    private static void CheckPositive(List<string> failures, string key, TimeSpan value, string example)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{Section}:{key} is {value}; use a positive duration, e.g. {example}.");
        }
    }
}
