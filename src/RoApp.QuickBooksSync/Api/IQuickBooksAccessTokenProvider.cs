namespace RoApp.QuickBooksSync.Api;

/// <summary>
/// Gives the API client a valid OAuth access token for a realm. The connection layer implements it
/// (refresh ahead of expiry, one refresh in flight); tests may supply a fixed token.
/// </summary>
public interface IQuickBooksAccessTokenProvider
{
    /// <summary>A currently valid access token for the realm.</summary>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The bearer token to send.</returns>
    ValueTask<string> GetAccessTokenAsync(string realmId, CancellationToken cancellationToken);

    /// <summary>
    /// Called after QuickBooks answered 401 to <paramref name="rejectedAccessToken"/>: refresh unless
    /// someone already did, and return the token to retry with.
    /// </summary>
    /// <param name="realmId">The QuickBooks company id.</param>
    /// <param name="rejectedAccessToken">The token QuickBooks refused.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A newer bearer token.</returns>
    ValueTask<string> RefreshAccessTokenAsync(string realmId, string rejectedAccessToken, CancellationToken cancellationToken);
}
