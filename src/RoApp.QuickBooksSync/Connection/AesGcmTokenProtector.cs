using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// The default token protector: AES-256-GCM with a key from options. Protects with
/// <see cref="QuickBooksConnectionOptions.TokenEncryptionKey"/>; unprotects with it or, during a key rotation,
/// with one of <see cref="QuickBooksConnectionOptions.PreviousTokenEncryptionKeys"/> (the tag tells which).
/// </summary>
/// <remarks>Layout: format byte, 12-byte nonce, 16-byte tag, ciphertext. The format byte leaves room for key rotation.</remarks>
internal sealed class AesGcmTokenProtector : ITokenProtector, IKeyAwareTokenProtector
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
    private readonly byte[][] _previousKeys;

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
        _previousKeys = [.. (options.Value.Connection.PreviousTokenEncryptionKeys ?? [])
            .Select(previous => TryDecodeKey(previous ?? string.Empty, out var decoded)
                ? decoded
                : throw new QuickBooksConnectionException(ConnectionFailure.Configuration, "QuickBooksSync:Connection:PreviousTokenEncryptionKeys holds a value that is not 32 Base64-encoded bytes; list the earlier keys exactly as they were."))];
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

    public byte[] Unprotect(ReadOnlySpan<byte> protectedData) => UnprotectCore(protectedData, out _);

    public bool IsProtectedWithCurrentKey(ReadOnlySpan<byte> protectedData)
    {
        var plaintext = UnprotectCore(protectedData, out var current);
        CryptographicOperations.ZeroMemory(plaintext);
        return current;
    }

    private byte[] UnprotectCore(ReadOnlySpan<byte> protectedData, out bool current)
    {
        if (protectedData.Length < HeaderSize || protectedData[0] != FormatV1)
        {
            throw new QuickBooksConnectionException(ConnectionFailure.TokensUnreadable,
                "The stored QuickBooks tokens are not in the default protector's format; they were written by another ITokenProtector. Register that protector again, or reconnect the company.");
        }

        var plaintext = new byte[protectedData.Length - HeaderSize];
        if (TryDecrypt(_key, protectedData, plaintext))
        {
            current = true;
            return plaintext;
        }

        foreach (var previous in _previousKeys)
        {
            if (TryDecrypt(previous, protectedData, plaintext))
            {
                current = false;
                return plaintext;
            }
        }

        throw new QuickBooksConnectionException(ConnectionFailure.TokensUnreadable,
            "The stored QuickBooks tokens cannot be decrypted: QuickBooksSync:Connection:TokenEncryptionKey differs from the key they were encrypted with (and so does every key in Connection:PreviousTokenEncryptionKeys), or the row was altered. Restore the previous key, or reconnect the company.");
    }

    private static bool TryDecrypt(byte[] key, ReadOnlySpan<byte> protectedData, byte[] plaintext)
    {
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(protectedData.Slice(1, NonceSize), protectedData[HeaderSize..], protectedData.Slice(1 + NonceSize, TagSize), plaintext, associatedData: [FormatV1]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
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
