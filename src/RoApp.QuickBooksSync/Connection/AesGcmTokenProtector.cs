using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>The default token protector: AES-256-GCM with a key from options.</summary>
/// <remarks>Layout: format byte, 12-byte nonce, 16-byte tag, ciphertext. The format byte leaves room for key rotation.</remarks>
internal sealed class AesGcmTokenProtector : ITokenProtector
{
    internal const string BadKeyMessage =
        "QuickBooksSync:Connection:TokenEncryptionKey is not 32 Base64-encoded bytes; generate one with `openssl rand -base64 32` and keep it in a secret store.";

    internal const string MissingKeyMessage =
        "QuickBooksSync:Connection:TokenEncryptionKey is not set and no ITokenProtector is registered, so OAuth tokens cannot be encrypted at rest. " +
        "Set the key to 32 random Base64-encoded bytes (`openssl rand -base64 32`), or call UseTokenProtector<T>() on the QuickBooks sync builder.";

    private const byte FormatV1 = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    // AesGcm instances are not safe for concurrent use, so each call makes its own from the key.
    private readonly byte[] _key;

    public AesGcmTokenProtector(IOptions<QuickBooksSyncOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = options.Value.Connection.TokenEncryptionKey;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new QuickBooksConnectionException(ConnectionFailure.Configuration, MissingKeyMessage);
        }

        if (!TryDecodeKey(text, out var key))
        {
            throw new QuickBooksConnectionException(ConnectionFailure.Configuration, BadKeyMessage);
        }

        _key = key;
    }

    public byte[] Protect(ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = FormatV1;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(1 + NonceSize, TagSize), associatedData: [FormatV1]);
        return output;
    }

    public byte[] Unprotect(ReadOnlySpan<byte> protectedData)
    {
        if (protectedData.Length < HeaderSize || protectedData[0] != FormatV1)
        {
            throw new QuickBooksConnectionException(ConnectionFailure.TokensUnreadable,
                "The stored QuickBooks tokens are not in the default protector's format; they were written by another ITokenProtector. Register that protector again, or reconnect the company.");
        }

        var plaintext = new byte[protectedData.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(protectedData.Slice(1, NonceSize), protectedData[HeaderSize..], protectedData.Slice(1 + NonceSize, TagSize), plaintext, associatedData: [FormatV1]);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new QuickBooksConnectionException(ConnectionFailure.TokensUnreadable,
                "The stored QuickBooks tokens cannot be decrypted: QuickBooksSync:Connection:TokenEncryptionKey differs from the key they were encrypted with, or the row was altered. Restore the previous key, or reconnect the company.", ex);
        }

        return plaintext;
    }

    internal static bool TryDecodeKey(string text, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        var buffer = new byte[32];
        if (Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written == 32)
        {
            key = buffer;
            return true;
        }

        return false;
    }
}
