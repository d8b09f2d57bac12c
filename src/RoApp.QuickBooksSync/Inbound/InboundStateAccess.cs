using System.Globalization;
using System.Text.Json;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>Typed reads and compare-and-swap writes of inbound state.</summary>
internal sealed class InboundStateAccess(IInboundStateStore store, TimeProvider time)
{
    public const string WatermarkKey = "reconciliation.watermark";

    public static string InvoiceKey(string id) => "invoice:" + id;

    public static string PaymentKey(string id) => "payment:" + id;

    public async ValueTask<(InvoiceInboundState? Value, long Version)> GetInvoiceAsync(string companyId, string realmId, string id, CancellationToken cancellationToken)
    {
        var row = await store.GetAsync(companyId, realmId, InvoiceKey(id), cancellationToken).ConfigureAwait(false);
        return row is null ? (null, 0) : (JsonSerializer.Deserialize(row.Value, InboundJsonContext.Default.InvoiceInboundState), row.Version);
    }

    public async ValueTask<(PaymentInboundState? Value, long Version)> GetPaymentAsync(string companyId, string realmId, string id, CancellationToken cancellationToken)
    {
        var row = await store.GetAsync(companyId, realmId, PaymentKey(id), cancellationToken).ConfigureAwait(false);
        return row is null ? (null, 0) : (JsonSerializer.Deserialize(row.Value, InboundJsonContext.Default.PaymentInboundState), row.Version);
    }

    public ValueTask SaveInvoiceAsync(string companyId, string realmId, string id, InvoiceInboundState value, long expectedVersion, CancellationToken cancellationToken) =>
        SaveAsync(companyId, realmId, InvoiceKey(id), JsonSerializer.Serialize(value, InboundJsonContext.Default.InvoiceInboundState), expectedVersion, cancellationToken);

    public ValueTask SavePaymentAsync(string companyId, string realmId, string id, PaymentInboundState value, long expectedVersion, CancellationToken cancellationToken) =>
        SaveAsync(companyId, realmId, PaymentKey(id), JsonSerializer.Serialize(value, InboundJsonContext.Default.PaymentInboundState), expectedVersion, cancellationToken);

    /// <summary>
    /// For the outbound sync, after each write of an invoice: remembers what QuickBooks now holds as the
    /// library's own version, so that neither its webhook echo nor a later payment is taken for an edit, even
    /// when the echo never arrives.
    /// </summary>
    public async ValueTask RememberOwnInvoiceWriteAsync(string companyId, string realmId, Api.Models.Invoice written, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(written);
        var id = written.Id ?? throw new ArgumentException("The written invoice has no Id.", nameof(written));
        for (var attempt = 0; ; attempt++)
        {
            var (seen, version) = await GetInvoiceAsync(companyId, realmId, id, cancellationToken).ConfigureAwait(false);
            if (seen is not null && QuickBooksVersion.IsNotNewer(seen.LastUpdatedAt, seen.SyncToken, written.MetaData?.LastUpdatedTime, written.SyncToken)
                && !string.Equals(seen.SyncToken, written.SyncToken, StringComparison.Ordinal))
            {
                // A later version was applied already (a bookkeeper change after our write): keep it.
                return;
            }

            var next = new InvoiceInboundState
            {
                LastUpdatedAt = written.MetaData?.LastUpdatedTime,
                SyncToken = written.SyncToken,
                ContentHash = InvoiceContent.Hash(written),
                TotalAmt = written.TotalAmt,
                Voided = (seen?.Voided ?? false) || InvoiceContent.LooksVoided(written),
                LineIds = Outbound.InvoiceMapper.SalesLineIds(written),
            };
            try
            {
                await SaveInvoiceAsync(companyId, realmId, id, next, version, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InboundStateConflictException) when (attempt < 3)
            {
                // Someone applied an event meanwhile: read again and decide again.
            }
        }
    }

    public async ValueTask<DateTimeOffset?> GetWatermarkAsync(string companyId, string realmId, CancellationToken cancellationToken)
    {
        var row = await store.GetAsync(companyId, realmId, WatermarkKey, cancellationToken).ConfigureAwait(false);
        return row is null ? null : DateTimeOffset.Parse(row.Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Moves the watermark forward (never back: two processes reconciling at once keep the later one).</summary>
    public async ValueTask AdvanceWatermarkAsync(string companyId, string realmId, DateTimeOffset watermark, CancellationToken cancellationToken)
    {
        while (true)
        {
            var row = await store.GetAsync(companyId, realmId, WatermarkKey, cancellationToken).ConfigureAwait(false);
            if (row is not null && DateTimeOffset.Parse(row.Value, CultureInfo.InvariantCulture) >= watermark)
            {
                return;
            }

            var next = new InboundState
            {
                CompanyId = companyId,
                RealmId = realmId,
                Key = WatermarkKey,
                Value = watermark.ToString("O", CultureInfo.InvariantCulture),
                UpdatedAt = time.GetUtcNow(),
            };
            if (await store.SaveAsync(next, row?.Version ?? 0, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async ValueTask SaveAsync(string companyId, string realmId, string key, string json, long expectedVersion, CancellationToken cancellationToken)
    {
        var saved = await store.SaveAsync(
            new InboundState { CompanyId = companyId, RealmId = realmId, Key = key, Value = json, UpdatedAt = time.GetUtcNow() },
            expectedVersion,
            cancellationToken).ConfigureAwait(false);
        if (!saved)
        {
            // Events of one object run one at a time; a lost race means another process handled it meanwhile.
            throw new InboundStateConflictException($"The inbound state '{key}' of company {companyId} changed while this event was applied; it is applied again.");
        }
    }
}

/// <summary>The inbound state changed under us: the item is retried and re-reads.</summary>
internal sealed class InboundStateConflictException(string message) : Exception(message);
