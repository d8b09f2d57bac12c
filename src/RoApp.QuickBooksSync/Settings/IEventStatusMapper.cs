using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Settings;

/// <summary>The QuickBooks events on a synced invoice that can move it to a configured RO App status.</summary>
internal enum QuickBooksEventKind
{
    InvoiceUpdated,
    PaymentCreated,
    InvoiceVoided,
}

/// <summary>The RO App status an invoice should move to when a QuickBooks event happens to it.</summary>
internal interface IEventStatusMapper
{
    /// <summary>The configured status id, or <see langword="null"/> when the event moves nothing.</summary>
    ValueTask<string?> GetStatusIdAsync(string companyId, QuickBooksEventKind kind, CancellationToken cancellationToken);
}

internal sealed class EventStatusMapper(ISettingsStore settings) : IEventStatusMapper
{
    public async ValueTask<string?> GetStatusIdAsync(string companyId, QuickBooksEventKind kind, CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(companyId, cancellationToken).ConfigureAwait(false);
        return current is null ? null : Map(current, kind);
    }

    internal static string? Map(CompanySettings settings, QuickBooksEventKind kind)
    {
        var id = kind switch
        {
            QuickBooksEventKind.InvoiceUpdated => settings.InvoiceUpdatedStatusId,
            QuickBooksEventKind.PaymentCreated => settings.PaymentCreatedStatusId,
            QuickBooksEventKind.InvoiceVoided => settings.InvoiceVoidedStatusId,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown QuickBooks event kind."),
        };
        return string.IsNullOrWhiteSpace(id) ? null : id;
    }
}
