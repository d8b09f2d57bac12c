namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// Moves the stored OAuth tokens of every company to the current token protector key, so that an old key
/// can be retired without anyone reconnecting QuickBooks. See <see cref="QuickBooksConnectionOptions.PreviousTokenEncryptionKeys"/>.
/// </summary>
/// <remarks>
/// Safe to run while the sync runs, in one process or several: each row is rewritten with a compare-and-swap,
/// and a row a refresh rewrote meanwhile is read again. Running it twice does nothing the second time.
/// </remarks>
public interface IQuickBooksTokenReencryptor
{
    /// <summary>
    /// Decrypts every stored connection's tokens (with the current key or a previous one) and stores those that
    /// were not under the current key again, encrypted with it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the pass; rows already rewritten stay rewritten.</param>
    /// <returns>What the pass did.</returns>
    ValueTask<QuickBooksTokenReencryptionResult> ReencryptStoredTokensAsync(CancellationToken cancellationToken);
}

/// <summary>What a re-encryption pass did.</summary>
/// <param name="Reencrypted">Connections whose tokens were rewritten under the current key.</param>
/// <param name="AlreadyCurrent">Connections whose tokens were under the current key already.</param>
/// <param name="Unreadable">Companies whose tokens no configured key can decrypt (left as they are: restore the key or reconnect them).</param>
public sealed record QuickBooksTokenReencryptionResult(int Reencrypted, int AlreadyCurrent, IReadOnlyList<string> Unreadable);

/// <summary>A protector that can tell whether bytes were protected with its current key.</summary>
internal interface IKeyAwareTokenProtector
{
    /// <summary>Whether the bytes decrypt with the current key (throws like <see cref="ITokenProtector.Unprotect"/> when no key can).</summary>
    bool IsProtectedWithCurrentKey(ReadOnlySpan<byte> protectedData);
}
