using System.Globalization;

namespace RoApp.QuickBooksSync.Storage;

/// <summary>Argument checks and encodings every store implementation shares, so they fail the same way.</summary>
internal static class StoreArguments
{
    public static void Validate(NewWorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentException.ThrowIfNullOrWhiteSpace(item.CompanyId, "item.CompanyId");
        ArgumentException.ThrowIfNullOrWhiteSpace(item.Kind, "item.Kind");
        ArgumentException.ThrowIfNullOrWhiteSpace(item.OrderingKey, "item.OrderingKey");
        ArgumentNullException.ThrowIfNull(item.Payload, "item.Payload");
    }

    public static int Validate(ClaimRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Owner, "request.Owner");
        if (request.LeaseDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.LeaseDuration,
                "ClaimRequest.LeaseDuration must be positive, e.g. TimeSpan.FromMinutes(2).");
        }

        if (request.MaxItems < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MaxItems,
                "ClaimRequest.MaxItems must be at least 1.");
        }

        if (request.MaxItemsPerCompany is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MaxItemsPerCompany,
                "ClaimRequest.MaxItemsPerCompany must be at least 1, or null for no cap.");
        }

        if (request.ExcludedCompanyIds is null)
        {
            throw new ArgumentException("ClaimRequest.ExcludedCompanyIds must not be null; leave it unset (empty) to exclude no company.", nameof(request));
        }

        return Math.Min(request.MaxItems, request.MaxItemsPerCompany ?? request.MaxItems);
    }

    public static void Validate(WorkLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentException.ThrowIfNullOrWhiteSpace(lease.Owner, "lease.Owner");
    }

    public static void ValidateFail(WorkLease lease, string errorMessage, int maxAttempts)
    {
        Validate(lease);
        ArgumentNullException.ThrowIfNull(errorMessage);
        if (maxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "maxAttempts must be at least 1.");
        }
    }

    public static void Validate(EntityLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentException.ThrowIfNullOrWhiteSpace(link.CompanyId, "link.CompanyId");
        ArgumentException.ThrowIfNullOrWhiteSpace(link.RealmId, "link.RealmId");
        ArgumentException.ThrowIfNullOrWhiteSpace(link.RoAppId, "link.RoAppId");
        ArgumentException.ThrowIfNullOrWhiteSpace(link.QuickBooksId, "link.QuickBooksId");
    }

    public static void Validate(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.CompanyId, "entry.CompanyId");
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Operation, "entry.Operation");
        ArgumentNullException.ThrowIfNull(entry.Message, "entry.Message");
    }

    public static void Validate(JournalQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.CompanyId, "query.CompanyId");
        if (query.Limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "JournalQuery.Limit must be at least 1.");
        }
    }

    public static void Validate(StoredConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.CompanyId, "connection.CompanyId");
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.RealmId, "connection.RealmId");
        ArgumentNullException.ThrowIfNull(connection.ProtectedTokens, "connection.ProtectedTokens");
    }

    public static InvalidOperationException RealmTaken(string realmId, string companyId) =>
        new($"QuickBooks company (realm) {realmId} is already connected to another RO App company, so company " +
            $"{companyId} cannot connect it. Disconnect it from the other company first, or connect a different QuickBooks company.");

    /// <summary>Encodes the keyset position (time, id) of the last entry on a journal page.</summary>
    public static string EncodeJournalToken(DateTimeOffset at, long id) =>
        string.Create(CultureInfo.InvariantCulture, $"j1.{at.UtcTicks}.{id}");

    public static (long UtcTicks, long Id) DecodeJournalToken(string continuationToken)
    {
        var parts = continuationToken.Split('.');
        if (parts.Length == 3 && parts[0] == "j1"
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return (ticks, id);
        }

        throw new ArgumentException(
            "JournalQuery.ContinuationToken is not a token this journal produced; pass the ContinuationToken of the previous page, or null for the first page.",
            nameof(continuationToken));
    }

    // Write claims.

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
