namespace RoApp.QuickBooksSync.Testing;

/// <summary>A token pair the simulator issued, for tests that skip the OAuth dance.</summary>
/// <param name="RealmId">The company the tokens are for.</param>
/// <param name="AccessToken">Bearer token for API calls.</param>
/// <param name="RefreshToken">Refresh token (rotates on every refresh).</param>
/// <param name="AccessTokenExpiresAt">When the access token stops working, on the simulator clock.</param>
/// <param name="RefreshTokenExpiresAt">When the refresh token stops working, on the simulator clock.</param>
public sealed record SimulatorTokens(
    string RealmId,
    string AccessToken,
    string RefreshToken,
    DateTimeOffset AccessTokenExpiresAt,
    DateTimeOffset RefreshTokenExpiresAt);
