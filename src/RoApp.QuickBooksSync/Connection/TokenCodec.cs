using System.Security.Cryptography;
using System.Text.Json;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>Turns token pairs into the protected bytes a store keeps, and back.</summary>
internal sealed class TokenCodec(ITokenProtector protector)
{
    public byte[] Protect(string accessToken, string refreshToken)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(new TokenSecrets(accessToken, refreshToken), ConnectionJsonContext.Default.TokenSecrets);
        try
        {
            return protector.Protect(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public TokenSecrets Unprotect(byte[] protectedTokens)
    {
        var plain = protector.Unprotect(protectedTokens);
        try
        {
            return JsonSerializer.Deserialize(plain, ConnectionJsonContext.Default.TokenSecrets)
                   ?? throw new QuickBooksConnectionException(ConnectionFailure.TokensUnreadable, "The stored QuickBooks tokens are empty; reconnect the company.");
        }
        catch (JsonException ex)
        {
            throw new QuickBooksConnectionException(ConnectionFailure.TokensUnreadable, "The stored QuickBooks tokens are not in the expected form; reconnect the company.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
