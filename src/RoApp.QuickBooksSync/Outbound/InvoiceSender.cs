using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Inbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>An invoice ready to write: the mapped QuickBooks invoice, its content hash, and the current link.</summary>
internal sealed record PreparedInvoice(RoAppInvoiceSnapshot Snapshot, Invoice Mapped, string ContentHash, EntityLink? Link, IReadOnlyList<string> TaxNotes)
{
    public bool Unchanged => Link is { State: LinkState.Active } link && link.ContentHash == ContentHash;

    public bool IsUpdate => Link is { State: LinkState.Active };

    /// <summary>Bumps when a link was lost to a deletion in QuickBooks, so a re-create gets a fresh request id.</summary>
    public string Generation => Link is { State: not LinkState.Active } link ? link.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0";
}

/// <summary>
/// Sends one RO App invoice to QuickBooks exactly once: create, or sparse update on the current SyncToken
/// (5010 re-read and re-applied, bounded), skip when nothing changed, look the invoice up by its reference
/// before creating again after a run that may have written, journal the result.
/// </summary>
internal sealed partial class InvoiceSender(
    IQuickBooksClient client,
    RoAppGatewayAccessor gateway,
    IEntityLinkStore links,
    IJournalStore journal,
    IWorkQueueStore queue,
    ITaxMapper taxMapper,
    OutboundCompanyLoader companies,
    CustomerResolver customers,
    ItemResolver items,
    LocationResolver locations,
    WriteClaims claims,
    TimeProvider time,
    IServiceProvider services,
    ILogger<InvoiceSender> logger)
{
    internal const int MaxStaleRetries = 3;
    internal const string Operation = "send invoice";

    /// <summary>How long a manual "Sync with QuickBooks" waits for another writer of the same invoice to finish.</summary>
    internal static readonly TimeSpan ManualWaitForWriter = TimeSpan.FromSeconds(30);

    /// <summary>The write claim key of an RO App invoice in the company's connected realm.</summary>
    public static WriteClaimKey ClaimKey(OutboundCompany company, string invoiceId) => new(company.CompanyId, company.RealmId, SyncedEntityType.Invoice, invoiceId);

    /// <summary>
    /// Sends one invoice holding its write claim, waiting up to <paramref name="waitForWriter"/> for another writer
    /// (any process) to finish; <see langword="null"/> when it still holds the invoice. With <c>quietWhenUnchanged</c>
    /// (an edit the host reported) a send that would change nothing is not journalled.
    /// </summary>
    public async ValueTask<InvoiceSyncOutcome?> TrySendAsync(string companyId, string invoiceId, bool mayHaveWrittenBefore, long? workItemId, TimeSpan waitForWriter, CancellationToken cancellationToken, bool quietWhenUnchanged = false)
    {
        var (company, notReady) = await companies.LoadAsync(companyId, requireEnabled: true, cancellationToken).ConfigureAwait(false);
        if (company is null)
        {
            var skipped = new InvoiceSyncOutcome(InvoiceSyncResult.Skipped, notReady!.Message, notReady.Fix);
            await JournalAsync(companyId, null, invoiceId, skipped, null, workItemId, cancellationToken).ConfigureAwait(false);
            return skipped;
        }

        var claim = await claims.AcquireAsync(ClaimKey(company, invoiceId), waitForWriter, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return null;
        }

        await using (claim.ConfigureAwait(false))
        {
            var (prepared, failure) = await PrepareAsync(company, invoiceId, claim.Token).ConfigureAwait(false);
            if (prepared is null)
            {
                // A queued send that failed is journalled by the runner when it dead-letters the item, with the
                // item id the journal's Retry needs; journalling here too would say it twice.
                if (failure!.Result != InvoiceSyncResult.Failed || workItemId is null)
                {
                    await JournalAsync(companyId, company.RealmId, invoiceId, failure, null, workItemId, cancellationToken).ConfigureAwait(false);
                }

                return failure;
            }

            return await WriteAsync(company, prepared, claim, mayHaveWrittenBefore, workItemId, quietWhenUnchanged).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the invoice and resolves everything the write needs; a failure is returned, not thrown, when it is the user's to fix.</summary>
    public async ValueTask<(PreparedInvoice? Prepared, InvoiceSyncOutcome? Failure)> PrepareAsync(OutboundCompany company, string invoiceId, CancellationToken cancellationToken)
    {
        var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Invoice, invoiceId, cancellationToken).ConfigureAwait(false);
        if (link is { State: LinkState.Active } && InvoiceRemover.IsVoidedByUs(link))
        {
            return (null, new InvoiceSyncOutcome(
                InvoiceSyncResult.Skipped,
                $"RO App invoice {invoiceId} was cancelled or deleted in RO App and its QuickBooks invoice {link.QuickBooksId} was voided; QuickBooks does not change a voided invoice, so nothing was sent.",
                "Nothing to do. To bill the client again, create a new invoice in RO App.",
                link.QuickBooksId));
        }

        var snapshot = await gateway.Gateway.GetInvoiceAsync(company.CompanyId, invoiceId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return (null, new InvoiceSyncOutcome(InvoiceSyncResult.Skipped, $"RO App invoice {invoiceId} no longer exists, so it was not sent.", "Nothing to do; dismiss the entry."));
        }

        if (snapshot.Lines.Count == 0)
        {
            return (null, new InvoiceSyncOutcome(InvoiceSyncResult.Failed, $"RO App invoice {snapshot.Number} has no lines; QuickBooks needs at least one.", "Add a line to the invoice in RO App, then sync again."));
        }

        if (InvoiceInputCheck.Check(snapshot) is { } refused)
        {
            return (null, refused);
        }

        InvoiceTaxPlan tax;
        try
        {
            tax = await taxMapper.PlanInvoiceAsync(company.RealmId, company.Profile, company.Settings.TaxMappings, snapshot.Lines.Select(l => l.TaxId).ToList(), cancellationToken, snapshot.PricesIncludeTax).ConfigureAwait(false);
        }
        catch (QuickBooksSettingsException ex)
        {
            var first = ex.Problems.Count > 0 ? ex.Problems[0] : null;
            return (null, new InvoiceSyncOutcome(
                InvoiceSyncResult.Failed,
                $"RO App invoice {snapshot.Number} was not sent: {first?.Message ?? ex.Message}",
                first?.Fix ?? "Correct the tax mapping in the QuickBooks settings, then sync again."));
        }

        var location = await locations.ResolveAsync(company, snapshot.LocationName, cancellationToken).ConfigureAwait(false);
        if (location.Problem is { } unknownLocation)
        {
            return (null, new InvoiceSyncOutcome(InvoiceSyncResult.Failed, $"RO App invoice {snapshot.Number} was not sent: {unknownLocation}", location.Fix));
        }

        var customerId = await customers.ResolveAsync(company, snapshot.Client, InvoiceMapper.BillTo(snapshot), cancellationToken).ConfigureAwait(false);
        var itemIds = new string[snapshot.Lines.Count];
        for (var i = 0; i < itemIds.Length; i++)
        {
            itemIds[i] = await items.ResolveAsync(company, snapshot.Lines[i], cancellationToken).ConfigureAwait(false);
        }

        var mapped = InvoiceMapper.Map(snapshot, customerId, itemIds, tax, company.Profile, location);
        var hash = InvoiceMapper.ContentHash(mapped);
        return (new PreparedInvoice(snapshot, mapped, hash, link, tax.Notes), null);
    }

    /// <summary>
    /// Writes a prepared invoice under its claim (one API call in the steady state), records the link while the
    /// claim is proven held, journals the outcome and settles the claim.
    /// </summary>
    public async ValueTask<InvoiceSyncOutcome> WriteAsync(OutboundCompany company, PreparedInvoice prepared, HeldWriteClaim claim, bool mayHaveWrittenBefore, long? workItemId, bool quietWhenUnchanged = false)
    {
        var snapshot = prepared.Snapshot;
        var cancellationToken = claim.Token;
        if (prepared.Unchanged)
        {
            var unchanged = new InvoiceSyncOutcome(InvoiceSyncResult.Unchanged, $"RO App invoice {snapshot.Number} has not changed since it was sent; nothing was sent.", QuickBooksId: prepared.Link!.QuickBooksId);
            if (!quietWhenUnchanged)
            {
                await JournalAsync(company.CompanyId, company.RealmId, snapshot.Id, unchanged, null, workItemId, cancellationToken).ConfigureAwait(false);
            }

            // Journalled as a skip or not at all, yet it proves the two sides agree: a failure before it is over.
            if (services.GetService(typeof(InvoiceStateRecorder)) is InvoiceStateRecorder states)
            {
                await states.UpToDateAsync(company.CompanyId, company.RealmId, snapshot.Id, prepared.Link.QuickBooksId, unchanged.Message, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            await claim.SettleAsync().ConfigureAwait(false);
            return unchanged;
        }

        Invoice written;
        string requestId;
        var link = prepared.Link;
        if (prepared.IsUpdate)
        {
            try
            {
                (written, requestId) = await UpdateAsync(company, prepared, link!, claim).ConfigureAwait(false);
            }
            catch (QuickBooksValidationException)
            {
                if (await RefusedUpdateAsync(company, prepared, claim, workItemId).ConfigureAwait(false) is { } voided)
                {
                    return voided;
                }

                throw;
            }
        }
        else
        {
            (written, requestId) = await CreateAsync(company, prepared, claim, mayHaveWrittenBefore).ConfigureAwait(false);
        }

        return await RecordAsync(company, prepared, claim, written, requestId, workItemId).ConfigureAwait(false);
    }

    /// <summary>
    /// QuickBooks refused an update outright (a validation fault: nothing was applied), on the single or the batch
    /// path. The claim is settled, so the inbound sync does not wait for an update that never happened. When the
    /// refusal is because the bookkeeper voided the invoice in QuickBooks, that is no failure of the sync: QuickBooks
    /// changes no voided invoice, the edit is journalled as not sent and the invoice keeps its link; the void itself
    /// reaches RO App through the inbound sync. Returns that outcome, or none for any other refusal (the caller
    /// fails as before).
    /// </summary>
    internal async ValueTask<InvoiceSyncOutcome?> RefusedUpdateAsync(OutboundCompany company, PreparedInvoice prepared, HeldWriteClaim claim, long? workItemId)
    {
        var cancellationToken = claim.Token;
        var quickBooksId = prepared.Link!.QuickBooksId;
        var current = await client.ReadAsync<Invoice>(company.RealmId, quickBooksId, cancellationToken).ConfigureAwait(false);
        if (!Inbound.InvoiceContent.LooksVoided(current))
        {
            await claim.SettleAsync().ConfigureAwait(false);
            return null;
        }

        var outcome = new InvoiceSyncOutcome(
            InvoiceSyncResult.Skipped,
            $"RO App invoice {prepared.Snapshot.Number} changed, but its QuickBooks invoice {quickBooksId} was voided in QuickBooks; QuickBooks does not change a voided invoice, so the change was not sent.",
            "Nothing to do if the invoice was meant to be voided. To bill the client, create a new invoice in RO App.",
            quickBooksId);
        await JournalAsync(company.CompanyId, company.RealmId, prepared.Snapshot.Id, outcome, null, workItemId, cancellationToken).ConfigureAwait(false);
        if (services.GetService(typeof(InvoiceStateRecorder)) is InvoiceStateRecorder states)
        {
            // Nothing more can be sent for it: an earlier failure or a queued send no longer stands.
            await states.UpToDateAsync(company.CompanyId, company.RealmId, prepared.Snapshot.Id, quickBooksId, outcome.Message, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        await claim.SettleAsync().ConfigureAwait(false);
        return outcome;
    }

    /// <summary>
    /// Saves the link and journals a successful write (also used for batch results), only while the claim is
    /// still held: a writer that lost it records nothing, and its successor finds the write by its reference.
    /// </summary>
    public async ValueTask<InvoiceSyncOutcome> RecordAsync(OutboundCompany company, PreparedInvoice prepared, HeldWriteClaim claim, Invoice written, string requestId, long? workItemId)
    {
        var snapshot = prepared.Snapshot;
        var cancellationToken = claim.Token;
        await claim.EnsureHeldAsync().ConfigureAwait(false);
        await SaveLinkAsync(company, snapshot.Id, written, prepared.ContentHash, cancellationToken).ConfigureAwait(false);
        await claim.SettleAsync().ConfigureAwait(false);

        var verb = prepared.IsUpdate ? "updated" : "created";
        var qbTotal = written.TotalAmt;
        var notes = prepared.TaxNotes.Count > 0 ? " " + string.Join(" ", prepared.TaxNotes) : string.Empty;
        InvoiceSyncOutcome outcome;
        if (qbTotal is { } total && total != snapshot.Total)
        {
            outcome = new InvoiceSyncOutcome(
                InvoiceSyncResult.SyncedWithWarnings,
                $"RO App invoice {snapshot.Number} was {verb} in QuickBooks, but QuickBooks' total {InvoiceMapper.Money(total)} differs from RO App's {InvoiceMapper.Money(snapshot.Total)} " +
                $"by {InvoiceMapper.Money(total - snapshot.Total)} (RO App rounds tax per unit, QuickBooks per invoice).{notes}",
                "Check the tax on the invoice; adjust it in QuickBooks if the difference matters.",
                written.Id,
                snapshot.Total,
                total);
        }
        else
        {
            outcome = new InvoiceSyncOutcome(InvoiceSyncResult.Synced, $"RO App invoice {snapshot.Number} was {verb} in QuickBooks.{notes}", null, written.Id, snapshot.Total, qbTotal);
        }

        await JournalAsync(company.CompanyId, company.RealmId, snapshot.Id, outcome, requestId, workItemId, cancellationToken).ConfigureAwait(false);
        LogSent(company.CompanyId, snapshot.Id, written.Id, verb);
        if (!prepared.IsUpdate)
        {
            await ReviveWaitingPaymentsAsync(company.CompanyId, snapshot.Id, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>Payments that gave up waiting for this invoice (dead-lettered) run again now that it is in QuickBooks.</summary>
    private async ValueTask ReviveWaitingPaymentsAsync(string companyId, string invoiceId, CancellationToken cancellationToken)
    {
        var dead = await queue.ListDeadLetteredAsync(companyId, 500, cancellationToken).ConfigureAwait(false);
        foreach (var item in dead)
        {
            if (item.Kind == OutboundWork.PaymentKind
                && OutboundWork.Deserialize(item.Payload, OutboundJsonContext.Default.PaymentWork).InvoiceId == invoiceId
                && await queue.ReviveAsync(companyId, item.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                LogPaymentRevived(companyId, invoiceId, item.Id);
            }
        }

        // Deposits sent unapplied while the invoice was not in QuickBooks are applied to it now.
        if (services.GetService(typeof(WaitingPayments)) is WaitingPayments waiting)
        {
            await waiting.InvoiceCreatedAsync(companyId, invoiceId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The create's request id: the same for the same content on every path and in every process (a repeat is
    /// answered with the first result), and a new one when the content changed (a replay never returns stale content).
    /// </summary>
    public static string CreateRequestId(OutboundCompany company, PreparedInvoice prepared) =>
        RequestIds.For(company.CompanyId, company.RealmId, "invoice", prepared.Snapshot.Id, "create", prepared.Generation, prepared.ContentHash);

    public static string UpdateRequestId(OutboundCompany company, PreparedInvoice prepared, string quickBooksId, string syncToken) =>
        RequestIds.For(company.CompanyId, company.RealmId, "invoice", prepared.Snapshot.Id, "update", quickBooksId, syncToken, prepared.ContentHash);

    /// <summary>
    /// The QuickBooks invoice this library created for an RO App invoice, found by the reference in its memo.
    /// It is looked for under the customer and date of every create still pending on the claim (an earlier
    /// attempt may have sent another date or client than the invoice has now) and under the current ones.
    /// </summary>
    public ValueTask<Invoice?> FindByReferenceAsync(OutboundCompany company, PreparedInvoice prepared, IReadOnlyList<string> pendingWrites, CancellationToken cancellationToken) =>
        FindByReferenceAsync(company, prepared.Snapshot.Id, pendingWrites, (prepared.Mapped.CustomerRef!.Value!, prepared.Snapshot.Date), cancellationToken);

    /// <summary>
    /// The QuickBooks invoice this library created for an RO App invoice, looked for under the customer and date of
    /// every create pending on its claim, and under <paramref name="current"/> when given.
    /// </summary>
    public async ValueTask<Invoice?> FindByReferenceAsync(OutboundCompany company, string roAppInvoiceId, IReadOnlyList<string> pendingWrites, (string CustomerId, DateOnly TxnDate)? current, CancellationToken cancellationToken)
    {
        var marker = InvoiceMapper.ReferenceMarker(roAppInvoiceId);
        var pending = pendingWrites.Select(PendingInvoiceCreate.Parse).OfType<PendingInvoiceCreate>().Select(p => (p.CustomerId, p.TxnDate));
        var places = (current is { } now ? pending.Prepend(now) : pending).Distinct();
        foreach (var (customerId, date) in places)
        {
            var query = QuickBooksQuery.From<Invoice>()
                .Where("CustomerRef", QueryOperator.Equal, customerId)
                .Where("TxnDate", QueryOperator.Equal, date);
            await foreach (var invoice in client.QueryAllAsync<Invoice>(company.RealmId, query, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (invoice.PrivateNote?.Contains(marker, StringComparison.Ordinal) == true)
                {
                    return invoice;
                }
            }
        }

        return null;
    }

    /// <summary>The pending-write record of a create about to be sent, for <see cref="HeldWriteClaim.AddPendingWriteAsync"/>.</summary>
    public static string PendingCreate(PreparedInvoice prepared, string requestId) =>
        new PendingInvoiceCreate(requestId, prepared.Mapped.CustomerRef!.Value!, prepared.Snapshot.Date).ToString();

    private async ValueTask<(Invoice Written, string RequestId)> CreateAsync(OutboundCompany company, PreparedInvoice prepared, HeldWriteClaim claim, bool mayHaveWrittenBefore)
    {
        var cancellationToken = claim.Token;

        // Any write still pending on the claim (this path or another, this process or another) may have reached
        // QuickBooks: look before creating.
        if ((mayHaveWrittenBefore || claim.PendingWrites.Count > 0)
            && await FindByReferenceAsync(company, prepared, claim.PendingWrites, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            LogFoundEarlierWrite(company.CompanyId, prepared.Snapshot.Id, earlier.Id);
            return await AdoptAsync(company, prepared, earlier, cancellationToken).ConfigureAwait(false);
        }

        var requestId = CreateRequestId(company, prepared);
        await claim.AddPendingWriteAsync(PendingCreate(prepared, requestId)).ConfigureAwait(false);
        try
        {
            return (await client.CreateAsync(company.RealmId, prepared.Mapped, requestId, cancellationToken).ConfigureAwait(false), requestId);
        }
        catch (QuickBooksApiException ex) when (ex.MayHaveBeenApplied || ex is QuickBooksDuplicateDocumentNumberException)
        {
            // QuickBooks may have created it before the answer was lost, or (custom numbers on) it refuses the
            // number because the invoice is there already: find ours rather than create a twin or fail.
            if (await FindByReferenceAsync(company, prepared, claim.PendingWrites, cancellationToken).ConfigureAwait(false) is { } created)
            {
                LogFoundEarlierWrite(company.CompanyId, prepared.Snapshot.Id, created.Id);
                return await AdoptAsync(company, prepared, created, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>An invoice created by an earlier run: bring it up to date with the current content (one update).</summary>
    private async ValueTask<(Invoice Written, string RequestId)> AdoptAsync(OutboundCompany company, PreparedInvoice prepared, Invoice existing, CancellationToken cancellationToken)
    {
        var requestId = UpdateRequestId(company, prepared, existing.Id!, existing.SyncToken!);
        var update = InvoiceMapper.SparseUpdate(prepared.Mapped, existing.Id!, existing.SyncToken!, InvoiceMapper.SalesLineIds(existing));
        return (await client.SparseUpdateAsync(company.RealmId, update, requestId, cancellationToken).ConfigureAwait(false), requestId);
    }

    private async ValueTask<(Invoice Written, string RequestId)> UpdateAsync(OutboundCompany company, PreparedInvoice prepared, EntityLink link, HeldWriteClaim claim)
    {
        var cancellationToken = claim.Token;
        var syncToken = link.SyncToken ?? "0";
        var lineIds = await KnownLineIdsAsync(company, link.QuickBooksId, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var requestId = UpdateRequestId(company, prepared, link.QuickBooksId, syncToken);
            // Kept on the claim until the send is recorded: if this process dies or the answer is lost after
            // QuickBooks applied it, the inbound sync waits for the retry instead of echoing our own edit.
            await claim.AddPendingWriteAsync(PendingInvoiceUpdate.For(requestId)).ConfigureAwait(false);
            try
            {
                var update = InvoiceMapper.SparseUpdate(prepared.Mapped, link.QuickBooksId, syncToken, lineIds);
                return (await client.SparseUpdateAsync(company.RealmId, update, requestId, cancellationToken).ConfigureAwait(false), requestId);
            }
            catch (QuickBooksStaleObjectException) when (attempt < MaxStaleRetries)
            {
                // Someone changed the invoice in QuickBooks since our last write: re-read and re-apply our content.
                var current = await client.ReadAsync<Invoice>(company.RealmId, link.QuickBooksId, cancellationToken).ConfigureAwait(false);
                syncToken = current.SyncToken ?? syncToken;
                lineIds = InvoiceMapper.SalesLineIds(current);
                LogStale(company.CompanyId, prepared.Snapshot.Id, attempt + 1);
            }
        }
    }

    private async ValueTask SaveLinkAsync(OutboundCompany company, string invoiceId, Invoice written, string contentHash, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Invoice, invoiceId, cancellationToken).ConfigureAwait(false);
            var link = new EntityLink
            {
                CompanyId = company.CompanyId,
                RealmId = company.RealmId,
                EntityType = SyncedEntityType.Invoice,
                RoAppId = invoiceId,
                QuickBooksId = written.Id!,
                SyncToken = written.SyncToken,
                ContentHash = contentHash,
                Origin = existing?.Origin ?? LinkOrigin.RoApp,
                LastSyncedAt = time.GetUtcNow(),
                QuickBooksLastUpdatedAt = written.MetaData?.LastUpdatedTime,
            };
            if (await links.SaveAsync(link, existing?.Version ?? 0, cancellationToken).ConfigureAwait(false))
            {
                await RememberOwnWriteAsync(company, written, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        // Never end a send without its link: the next send would not know the invoice and create it again.
        // Failing makes the runner retry; the retry's requestid replays the write instead of repeating it.
        throw new InvalidOperationException(
            $"The link of RO App invoice {invoiceId} to QuickBooks invoice {written.Id} could not be saved: it kept changing under us. The send will be retried.");
    }

    /// <summary>
    /// The inbound sync's record of what QuickBooks holds, or none. Resolved on use, not injected: a host with
    /// stores of its own may run outbound without the inbound state store.
    /// </summary>
    private InboundStateAccess? InboundState =>
        services.GetService(typeof(IInboundStateStore)) is null ? null : services.GetService(typeof(InboundStateAccess)) as InboundStateAccess;

    /// <summary>
    /// The line ids of the invoice as last known in QuickBooks (our last write, or the bookkeeper's last edit
    /// the inbound sync saw), so an update keeps them without reading the invoice first; none when unknown.
    /// </summary>
    internal async ValueTask<IReadOnlyList<string?>?> KnownLineIdsAsync(OutboundCompany company, string quickBooksInvoiceId, CancellationToken cancellationToken)
    {
        if (InboundState is not { } inbound)
        {
            return null;
        }

        var (known, _) = await inbound.GetInvoiceAsync(company.CompanyId, company.RealmId, quickBooksInvoiceId, cancellationToken).ConfigureAwait(false);
        return known?.LineIds;
    }

    /// <summary>
    /// Tells the inbound side which version of the invoice we wrote, so neither its webhook echo nor a later
    /// payment's invoice update is taken for a bookkeeper's edit, even when the echo never arrives.
    /// </summary>
    internal async ValueTask RememberOwnWriteAsync(OutboundCompany company, Invoice written, CancellationToken cancellationToken)
    {
        if (InboundState is { } inbound)
        {
            await inbound.RememberOwnInvoiceWriteAsync(company.CompanyId, company.RealmId, written, cancellationToken).ConfigureAwait(false);
        }
    }

    internal async ValueTask JournalAsync(string companyId, string? realmId, string invoiceId, InvoiceSyncOutcome outcome, string? requestId, long? workItemId, CancellationToken cancellationToken)
    {
        var entry = await journal.AppendAsync(
            new JournalEntry
            {
                CompanyId = companyId,
                RealmId = realmId,
                EntityType = SyncedEntityType.Invoice,
                RoAppEntityId = invoiceId,
                Direction = JournalDirection.Outbound,
                Operation = Operation,
                Outcome = outcome.Result switch
                {
                    InvoiceSyncResult.Synced => JournalOutcome.Synced,
                    InvoiceSyncResult.SyncedWithWarnings => JournalOutcome.SyncedWithWarnings,
                    InvoiceSyncResult.Failed => JournalOutcome.Failed,
                    _ => JournalOutcome.Skipped,
                },
                QuickBooksId = outcome.QuickBooksId,
                RequestId = requestId,
                Message = outcome.Message,
                Fix = outcome.Fix,
                Details = outcome.RoAppTotal is { } ro && outcome.QuickBooksTotal is { } qb ? $"roAppTotal={InvoiceMapper.Money(ro)}; quickBooksTotal={InvoiceMapper.Money(qb)}" : null,
                At = time.GetUtcNow(),
                WorkItemId = workItemId,
            },
            cancellationToken).ConfigureAwait(false);
        if (services.GetService(typeof(InvoiceStateRecorder)) is InvoiceStateRecorder states)
        {
            await states.ApplyAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Company {CompanyId}: RO App invoice {InvoiceId} {Verb} as QuickBooks invoice {QuickBooksId}.")]
    private partial void LogSent(string companyId, string invoiceId, string? quickBooksId, string verb);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Company {CompanyId}: RO App invoice {InvoiceId} was already created in QuickBooks by an earlier attempt (QuickBooks id {QuickBooksId}); it is updated, not created again.")]
    private partial void LogFoundEarlierWrite(string companyId, string invoiceId, string? quickBooksId);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Company {CompanyId}: invoice {InvoiceId} is now in QuickBooks; the payment that waited for it (work item {ItemId}) runs again.")]
    private partial void LogPaymentRevived(string companyId, string invoiceId, long itemId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Company {CompanyId}: QuickBooks invoice of RO App invoice {InvoiceId} changed meanwhile (5010); re-read and re-applied, attempt {Attempt}.")]
    private partial void LogStale(string companyId, string invoiceId, int attempt);
}
