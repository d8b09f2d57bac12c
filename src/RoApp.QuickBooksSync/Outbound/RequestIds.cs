using System.Security.Cryptography;
using System.Text;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Deterministic QuickBooks <c>requestid</c>s: the same logical write (company, realm, RO App object,
/// operation, generation) always gets the same id, in this process or any other, so a repeat after a crash
/// is answered by QuickBooks with the first result.
/// </summary>
internal static class RequestIds
{
    /// <summary>35 characters: fits the 50-character limit of writes and the 36-character limit of batches.</summary>
    public static string For(params string[] parts)
    {
        var text = string.Join('\u001f', parts);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return "ro-" + Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>A short content hash (hex) for links.</summary>
    public static string Hash(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(content, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
