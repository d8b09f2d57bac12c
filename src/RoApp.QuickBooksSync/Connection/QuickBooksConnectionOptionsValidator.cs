using Microsoft.Extensions.Options;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>Checks the connection settings at start-up and names the wrong setting and a right value.</summary>
/// <param name="usesDefaultProtector">Whether the default AES-GCM protector is the one registered (then it needs the key).</param>
internal sealed class QuickBooksConnectionOptionsValidator(Func<bool> usesDefaultProtector) : IValidateOptions<QuickBooksSyncOptions>
{
    private const string Prefix = QuickBooksSyncOptions.SectionName + ":" + nameof(QuickBooksSyncOptions.Connection) + ":";

    public ValidateOptionsResult Validate(string? name, QuickBooksSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = options.Connection;
        if (connection is null)
        {
            return ValidateOptionsResult.Fail($"{QuickBooksSyncOptions.SectionName}:{nameof(QuickBooksSyncOptions.Connection)} must not be null; remove the assignment to use the defaults.");
        }

        var failures = new List<string>();
        if (connection.RefreshMargin < TimeSpan.Zero || connection.RefreshMargin > TimeSpan.FromMinutes(30))
        {
            failures.Add($"{Prefix}{nameof(connection.RefreshMargin)} is {connection.RefreshMargin}; use a value between 00:00:00 and 00:30:00 (access tokens live one hour), e.g. 00:05:00.");
        }

        if (connection.AuthorizationStateLifetime <= TimeSpan.Zero || connection.AuthorizationStateLifetime > TimeSpan.FromHours(24))
        {
            failures.Add($"{Prefix}{nameof(connection.AuthorizationStateLifetime)} is {connection.AuthorizationStateLifetime}; use a positive value up to 1.00:00:00, e.g. 00:15:00.");
        }

        if (connection.HardExpiryWarningLead < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(connection.HardExpiryWarningLead)} is {connection.HardExpiryWarningLead}; use zero or a positive value, e.g. 30.00:00:00.");
        }

        if (connection.RefreshClaimTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(connection.RefreshClaimTimeout)} is {connection.RefreshClaimTimeout}; use a positive value, e.g. 00:00:30.");
        }

        if (connection.KeepAliveInterval < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(connection.KeepAliveInterval)} is {connection.KeepAliveInterval}; use zero (off) or a positive value, e.g. 1.00:00:00.");
        }

        if (connection.KeepAliveLead <= TimeSpan.Zero || connection.KeepAliveLead >= TimeSpan.FromDays(100))
        {
            failures.Add($"{Prefix}{nameof(connection.KeepAliveLead)} is {connection.KeepAliveLead}; use a value between 1.00:00:00 and 90.00:00:00 (refresh tokens live about 100 days), e.g. 30.00:00:00.");
        }

        if (connection.TaxCodeCacheLifetime < TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{nameof(connection.TaxCodeCacheLifetime)} is {connection.TaxCodeCacheLifetime}; use zero (no cache) or a positive value, e.g. 01:00:00.");
        }

        // A key that is set must be well-formed whoever uses it. A missing one matters only to the default
        // protector, and only once the host configures the OAuth app (a host that supplies its own access
        // tokens never stores any); the protector itself still refuses to run without one.
        if (!string.IsNullOrEmpty(connection.TokenEncryptionKey))
        {
            if (!AesGcmTokenProtector.TryDecodeKey(connection.TokenEncryptionKey, out _))
            {
                failures.Add(AesGcmTokenProtector.BadKeyMessage);
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.ClientId) && usesDefaultProtector())
        {
            failures.Add(AesGcmTokenProtector.MissingKeyMessage);
        }

        var previous = connection.PreviousTokenEncryptionKeys ?? [];
        for (var i = 0; i < previous.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(previous[i]) || !AesGcmTokenProtector.TryDecodeKey(previous[i], out _))
            {
                failures.Add($"{Prefix}{nameof(connection.PreviousTokenEncryptionKeys)}:{i} is not 32 Base64-encoded bytes; list the earlier TokenEncryptionKey values exactly as they were (each the output of `openssl rand -base64 32`).");
            }
        }

        // The OAuth app is configured as a whole or not at all: a client id alone fails the first connect,
        // far from the setting that caused it.
        if (!string.IsNullOrWhiteSpace(options.ClientId))
        {
            if (string.IsNullOrWhiteSpace(options.ClientSecret))
            {
                failures.Add($"{QuickBooksSyncOptions.SectionName}:{nameof(QuickBooksSyncOptions.ClientSecret)} is empty while ClientId is set; copy the client secret of the same app from the Intuit developer portal (Keys & credentials).");
            }

            if (options.RedirectUri is null)
            {
                failures.Add($"{QuickBooksSyncOptions.SectionName}:{nameof(QuickBooksSyncOptions.RedirectUri)} is empty while ClientId is set; use the redirect URI registered for the app, e.g. https://crm.example.com/quickbooks/callback.");
            }
            else if (!options.RedirectUri.IsAbsoluteUri)
            {
                failures.Add($"{QuickBooksSyncOptions.SectionName}:{nameof(QuickBooksSyncOptions.RedirectUri)} is '{options.RedirectUri}', a relative URI; use the absolute redirect URI registered for the app, e.g. https://crm.example.com/quickbooks/callback.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
