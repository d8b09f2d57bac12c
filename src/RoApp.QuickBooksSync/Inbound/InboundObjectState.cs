using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>What was last applied for one QuickBooks invoice (kept in <see cref="IInboundStateStore"/>).</summary>
internal sealed record InvoiceInboundState
{
    /// <summary>The <c>LastUpdatedTime</c> of the version last applied: older events are skipped.</summary>
    public DateTimeOffset? LastUpdatedAt { get; init; }

    public string? SyncToken { get; init; }

    /// <summary>The <see cref="InvoiceContent.Hash"/> last seen: only a different hash is an edit.</summary>
    public string? ContentHash { get; init; }

    public decimal? TotalAmt { get; init; }

    public bool Voided { get; init; }

    /// <summary>The sales line ids of that version, in order: the outbound sync keeps them on its next update.</summary>
    public IReadOnlyList<string?>? LineIds { get; init; }
}

/// <summary>What was last applied for one QuickBooks payment: what was recorded in RO App, per QuickBooks invoice.</summary>
internal sealed record PaymentInboundState
{
    public DateTimeOffset? LastUpdatedAt { get; init; }

    public string? SyncToken { get; init; }

    public bool Voided { get; init; }

    public bool Deleted { get; init; }

    /// <summary>Whether the payment was looked at once (recorded, or skipped with a journal note).</summary>
    public bool Handled { get; init; }

    public Dictionary<string, RecordedAllocation> Recorded { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>A payment amount recorded on one RO App invoice.</summary>
/// <param name="RoAppInvoiceId">The RO App invoice.</param>
/// <param name="ExternalReference">The reference it was recorded with.</param>
/// <param name="Amount">The amount recorded (or last reported).</param>
internal sealed record RecordedAllocation(string RoAppInvoiceId, string ExternalReference, decimal Amount);
