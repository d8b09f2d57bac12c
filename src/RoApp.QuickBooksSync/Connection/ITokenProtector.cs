namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// Encrypts OAuth tokens before they reach a store and decrypts them after. Replaceable: register your
/// own (a key vault, ASP.NET Core Data Protection) with <c>UseTokenProtector&lt;T&gt;()</c>; the default
/// uses AES-256-GCM with <see cref="QuickBooksConnectionOptions.TokenEncryptionKey"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe and must authenticate what they decrypt.</remarks>
public interface ITokenProtector
{
    /// <summary>Encrypts token bytes for storage.</summary>
    /// <param name="plaintext">The serialised tokens.</param>
    /// <returns>Bytes that reveal nothing about the tokens.</returns>
    byte[] Protect(ReadOnlySpan<byte> plaintext);

    /// <summary>Decrypts bytes made by <see cref="Protect"/>.</summary>
    /// <param name="protectedData">The stored bytes.</param>
    /// <returns>The serialised tokens.</returns>
    /// <exception cref="QuickBooksConnectionException">The bytes were altered or protected with another key.</exception>
    byte[] Unprotect(ReadOnlySpan<byte> protectedData);
}
