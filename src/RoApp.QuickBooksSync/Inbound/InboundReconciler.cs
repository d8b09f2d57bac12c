using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// Catches what webhooks missed: per enabled company, every invoice and payment changed since the stored
/// watermark (less an overlap) is queued like a webhook event, and only then does the watermark move.
/// Change data capture serves windows up to 30 days (the client splits them at the 1,000-object cap);
/// an older watermark falls back to a query by <c>MetaData.LastUpdatedTime</c>, which sees no deletions.
/// Versions the library already knows (its own writes, events already applied) are not queued: they would cost
/// a read each to find nothing to do.
/// </summary>
internal sealed partial class InboundReconciler(
    IConnectionStore connections,
    ISettingsStore settings,
    IEntityLinkStore links,
    IQuickBooksClient client,
    WorkQueue queue,
    InboundStateAccess state,
    TimeProvider time,
    IOptions<QuickBooksSyncOptions> options,
    ILogger<InboundReconciler> logger)
{
    /// <summary>Change data capture looks back at most 30 days; a margin keeps a slow request inside it.</summary>
    internal static readonly TimeSpan ChangeDataCaptureLimit = TimeSpan.FromDays(30) - TimeSpan.FromHours(1);

    private static readonly string[] Entities = ["Invoice", "Payment", RefundEventProcessor.ReceiptEntity, RefundEventProcessor.MemoEntity];

    /// <summary>
    /// Reconciles every enabled company, up to <see cref="QuickBooksInboundOptions.ReconciliationConcurrency"/> at
    /// once (each company's calls stay inside its own realm's limits); one company's failure does not stop the others.
    /// </summary>
    /// <returns>How many events were queued (duplicates not counted).</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.Value.Inbound.ReconciliationConcurrency),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(connections.ListAsync(cancellationToken), parallel, async (connection, ct) =>
        {
            if (connection.Health != ConnectionHealth.Connected)
            {
                return;
            }

            try
            {
                var current = await settings.GetAsync(connection.CompanyId, ct).ConfigureAwait(false);
                if (current is not { Enabled: true })
                {
                    return;
                }

                Interlocked.Add(ref total, await ReconcileAsync(connection, ct).ConfigureAwait(false));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogCompanyFailed(exception, connection.CompanyId, connection.RealmId);
            }
        }).ConfigureAwait(false);

        return total;
    }

    /// <summary>Reconciles one company.</summary>
    public async Task<int> ReconcileAsync(StoredConnection connection, CancellationToken cancellationToken)
    {
        var companyId = connection.CompanyId;
        var realmId = connection.RealmId;
        var now = time.GetUtcNow();
        var watermark = await state.GetWatermarkAsync(companyId, realmId, cancellationToken).ConfigureAwait(false) ?? connection.ConnectedAt;
        var since = watermark - options.Value.Inbound.ReconciliationOverlap;

        var events = new List<InboundEvent>();
        if (now - since <= ChangeDataCaptureLimit)
        {
            var changes = await client.GetChangesAsync(realmId, Entities, since, cancellationToken).ConfigureAwait(false);
            foreach (var entity in changes.Changed)
            {
                if (ToEvent(realmId, entity) is { } inbound && !await IsKnownVersionAsync(companyId, realmId, entity, cancellationToken).ConfigureAwait(false))
                {
                    events.Add(inbound);
                }
            }

            foreach (var deletion in changes.Deleted)
            {
                events.Add(new InboundEvent
                {
                    RealmId = realmId,
                    Entity = deletion.EntityName,
                    EntityId = deletion.Id,
                    Operation = InboundOperation.Delete,
                    OccurredAt = deletion.DeletedAt,
                    Source = InboundSource.Reconciliation,
                });
            }
        }
        else
        {
            LogQueryFallback(companyId, realmId, since);
            await QueryChangedAsync<Invoice>(companyId, realmId, since, events, cancellationToken).ConfigureAwait(false);
            await QueryChangedAsync<Payment>(companyId, realmId, since, events, cancellationToken).ConfigureAwait(false);
        }

        var queued = 0;
        foreach (var inbound in events.Where(e => InboundWork.IsFollowed(e.Entity)).OrderBy(e => e.OccurredAt))
        {
            if (!(await queue.EnqueueAsync(companyId, inbound, cancellationToken).ConfigureAwait(false)).IsDuplicate)
            {
                queued++;
            }
        }

        // Only now: a crash before this line repeats the window, and de-duplication absorbs the repeat.
        await state.AdvanceWatermarkAsync(companyId, realmId, now, cancellationToken).ConfigureAwait(false);
        LogReconciled(companyId, realmId, events.Count, queued);
        return queued;
    }

    private async Task QueryChangedAsync<T>(string companyId, string realmId, DateTimeOffset since, List<InboundEvent> events, CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        var query = QuickBooksQuery.From<T>().Where("MetaData.LastUpdatedTime", QueryOperator.GreaterThanOrEqual, since);
        await foreach (var entity in client.QueryAllAsync<T>(realmId, query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (ToEvent(realmId, entity) is { } inbound && !await IsKnownVersionAsync(companyId, realmId, entity, cancellationToken).ConfigureAwait(false))
            {
                events.Add(inbound);
            }
        }
    }

    /// <summary>
    /// Whether the changed object is a version this library already knows, so queuing it would only cost a read
    /// to find nothing to do: the library's own write (the SyncToken it got back is on the invoice's link, or its
    /// memo names the RO App payment it was sent from), or a version the inbound sync applied already. Change data
    /// capture answers with whole objects, so this needs no call to QuickBooks; anything newer is queued as before.
    /// </summary>
    private async ValueTask<bool> IsKnownVersionAsync(string companyId, string realmId, QuickBooksEntity entity, CancellationToken cancellationToken)
    {
        switch (entity)
        {
            case Invoice invoice:
            {
                var (seen, _) = await state.GetInvoiceAsync(companyId, realmId, invoice.Id!, cancellationToken).ConfigureAwait(false);
                if (seen is not null && QuickBooksVersion.IsNotNewer(seen.LastUpdatedAt, seen.SyncToken, invoice.MetaData?.LastUpdatedTime, invoice.SyncToken))
                {
                    return true;
                }

                var found = await links.FindByQuickBooksIdAsync(companyId, realmId, SyncedEntityType.Invoice, invoice.Id!, cancellationToken).ConfigureAwait(false);
                if (found.FirstOrDefault(l => l.State == LinkState.Active) is { SyncToken: { } written } && string.Equals(written, invoice.SyncToken, StringComparison.Ordinal))
                {
                    // Ours, and the echo was never applied: remember it as the inbound sync would have, so a later
                    // change is compared with this version.
                    await state.RememberOwnInvoiceWriteAsync(companyId, realmId, invoice, cancellationToken).ConfigureAwait(false);
                    return true;
                }

                return false;
            }

            case Payment payment:
            {
                if (Outbound.PaymentReference.RoAppPaymentIdOf(payment.PrivateNote) is not null)
                {
                    return true;
                }

                var (seen, _) = await state.GetPaymentAsync(companyId, realmId, payment.Id!, cancellationToken).ConfigureAwait(false);
                return seen is { Deleted: false } && QuickBooksVersion.IsNotNewer(seen.LastUpdatedAt, seen.SyncToken, payment.MetaData?.LastUpdatedTime, payment.SyncToken);
            }

            default:
                return false;
        }
    }

    private static InboundEvent? ToEvent(string realmId, QuickBooksEntity entity) => entity.Id is null ? null : new InboundEvent
    {
        RealmId = realmId,
        Entity = entity is Payment ? "Payment" : entity is Invoice ? "Invoice" : entity.GetType().Name,
        EntityId = entity.Id,
        Operation = InboundOperation.Update,
        OccurredAt = entity.MetaData?.LastUpdatedTime,
        Source = InboundSource.Reconciliation,
    };

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Reconciliation of company {CompanyId} (realm {RealmId}) failed; it runs again on the next schedule.")]
    private partial void LogCompanyFailed(Exception exception, string companyId, string realmId);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Reconciliation of company {CompanyId} (realm {RealmId}) starts at {Since:u}, more than 30 days ago: querying by last update time (deletions in that window are not seen).")]
    private partial void LogQueryFallback(string companyId, string realmId, DateTimeOffset since);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Debug, Message = "Reconciliation of company {CompanyId} (realm {RealmId}): {Changes} changes, {Queued} newly queued.")]
    private partial void LogReconciled(string companyId, string realmId, int changes, int queued);
}
