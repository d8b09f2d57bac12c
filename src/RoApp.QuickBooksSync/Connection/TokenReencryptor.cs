using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>Rewrites stored tokens under the protector's current key, one compare-and-swap a row.</summary>
internal sealed class TokenReencryptor(
    IConnectionStore connections,
    ITokenProtector protector,
    TokenCodec codec,
    TimeProvider timeProvider,
    ILogger<TokenReencryptor> logger) : IQuickBooksTokenReencryptor
{
    public async ValueTask<QuickBooksTokenReencryptionResult> ReencryptStoredTokensAsync(CancellationToken cancellationToken)
    {
        var companies = new List<string>();
        await foreach (var row in connections.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            companies.Add(row.CompanyId);
        }

        int reencrypted = 0, current = 0;
        var unreadable = new List<string>();
        foreach (var companyId in companies)
        {
            switch (await ReencryptAsync(companyId, cancellationToken).ConfigureAwait(false))
            {
                case Outcome.Reencrypted:
                    reencrypted++;
                    break;
                case Outcome.Current:
                    current++;
                    break;
                case Outcome.Unreadable:
                    unreadable.Add(companyId);
                    break;
            }
        }

        ConnectionLog.Reencrypted(logger, reencrypted, current, unreadable.Count);
        return new QuickBooksTokenReencryptionResult(reencrypted, current, unreadable);
    }

    private async ValueTask<Outcome> ReencryptAsync(string companyId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var row = await connections.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return Outcome.Gone;
            }

            TokenSecrets secrets;
            try
            {
                // A protector that cannot tell keys apart (a host's own, Data Protection) is rewritten every time: harmless.
                if (protector is IKeyAwareTokenProtector aware && aware.IsProtectedWithCurrentKey(row.ProtectedTokens))
                {
                    return Outcome.Current;
                }

                secrets = codec.Unprotect(row.ProtectedTokens);
            }
            catch (QuickBooksConnectionException ex) when (ex.Failure == ConnectionFailure.TokensUnreadable)
            {
                ConnectionLog.ReencryptUnreadable(logger, companyId);
                return Outcome.Unreadable;
            }

            var next = row with { ProtectedTokens = codec.Protect(secrets.AccessToken, secrets.RefreshToken), UpdatedAt = timeProvider.GetUtcNow() };
            if (await connections.SaveAsync(next, row.Version, cancellationToken).ConfigureAwait(false))
            {
                return Outcome.Reencrypted;
            }

            // A refresh or a reconnect wrote the row meanwhile: read it again.
        }
    }

    private enum Outcome
    {
        Reencrypted,
        Current,
        Unreadable,
        Gone,
    }
}
