using System.Security.Cryptography;
using System.Text;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>Checks <c>intuit-signature</c>: Base64(HMAC-SHA256(key = verifier token, message = the raw body)).</summary>
internal sealed class WebhookSignature(string verifierToken)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(verifierToken);

    /// <summary>Whether the signature matches the body, compared in constant time.</summary>
    public bool IsValid(ReadOnlySpan<byte> body, string signature)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, body, expected);

        // A longer buffer than the hash: a decoded value of another length must fail the comparison, not the decode.
        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature.Trim(), given, out var written))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given[..written]);
    }
}
