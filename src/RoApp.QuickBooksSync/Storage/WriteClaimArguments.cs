namespace RoApp.QuickBooksSync.Storage;

/// <summary>Argument checks every <see cref="IWriteClaimStore"/> shares, so they fail the same way.</summary>
internal static class WriteClaimArguments
{
    public static void Validate(WriteClaimKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(key.CompanyId, "key.CompanyId");
        ArgumentException.ThrowIfNullOrWhiteSpace(key.RealmId, "key.RealmId");
        ArgumentException.ThrowIfNullOrWhiteSpace(key.RoAppId, "key.RoAppId");
    }

    public static void Validate(WriteClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        Validate(claim.Key);
    }

    public static void ValidateLease(TimeSpan leaseDuration)
    {
        if (leaseDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(leaseDuration), leaseDuration, "The lease duration must be positive, e.g. TimeSpan.FromMinutes(2).");
        }
    }

    public static void Validate(IReadOnlyList<string> pendingWrites)
    {
        ArgumentNullException.ThrowIfNull(pendingWrites);
        foreach (var write in pendingWrites)
        {
            if (string.IsNullOrEmpty(write) || write.Contains('\n', StringComparison.Ordinal) || write.Contains('\r', StringComparison.Ordinal))
            {
                throw new ArgumentException("A pending write must be a non-empty text without line breaks.", nameof(pendingWrites));
            }
        }
    }
}
