using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>A token pair from Intuit with absolute expiry times.</summary>
internal sealed record OAuthTokens(
    string AccessToken,
    string RefreshToken,
    DateTimeOffset AccessTokenExpiresAt,
    DateTimeOffset RefreshTokenExpiresAt,
    DateTimeOffset? RefreshTokenHardExpiresAt);

/// <summary>The secret part of a stored connection; only ever stored through <see cref="ITokenProtector"/>.</summary>
internal sealed record TokenSecrets(
    [property: JsonPropertyName("a")] string AccessToken,
    [property: JsonPropertyName("r")] string RefreshToken);

/// <summary>Intuit's token endpoint answer.</summary>
internal sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; set; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; set; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; set; }

    [JsonPropertyName("x_refresh_token_expires_in")]
    public long? RefreshTokenExpiresIn { get; set; }

    [JsonPropertyName("x_refresh_token_hard_expires_in")]
    public long? RefreshTokenHardExpiresIn { get; set; }
}

/// <summary>An OAuth error answer (RFC 6749 section 5.2).</summary>
internal sealed class OAuthErrorResponse
{
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }
}

internal sealed class RevokeRequest
{
    [JsonPropertyName("token")]
    public required string Token { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
[JsonSerializable(typeof(RevokeRequest))]
[JsonSerializable(typeof(TokenSecrets))]
internal sealed partial class ConnectionJsonContext : JsonSerializerContext;
