using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// Protects tokens with the host's ASP.NET Core Data Protection (key ring, rotation and key storage are the
/// host's). Chosen with <c>UseDataProtectionTokenProtector()</c>.
/// </summary>
internal sealed class DataProtectionTokenProtector(IDataProtectionProvider provider) : ITokenProtector
{
    // A purpose of our own: tokens protected here cannot be unprotected by other users of the key ring, nor theirs by us.
    internal const string Purpose = "RoApp.QuickBooksSync.OAuthTokens.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public byte[] Protect(ReadOnlySpan<byte> plaintext) => _protector.Protect(plaintext.ToArray());

    public byte[] Unprotect(ReadOnlySpan<byte> protectedData)
    {
        try
        {
            return _protector.Unprotect(protectedData.ToArray());
        }
        catch (CryptographicException ex)
        {
            throw new QuickBooksConnectionException(ConnectionFailure.TokensUnreadable,
                "The stored QuickBooks tokens cannot be unprotected with the host's Data Protection key ring (a key was lost or the tokens were written by another protector). Restore the key ring, or reconnect the company.", ex);
        }
    }
}
