using RoApp.QuickBooksSync.Engine;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// Moves an RO App invoice to the status the company mapped to a QuickBooks event, through the host port,
/// and journals what happened. No mapping is not a failure; a move the host's rules refuse is a failure
/// that retrying cannot cure, reported with both statuses and the fix.
/// </summary>
internal sealed class InboundStatusMover(IEventStatusMapper mapper, RoAppGatewayAccessor host, InboundJournal journal)
{
    /// <summary>
    /// Applies the mapping; <see langword="null"/> when done (moved, already there, or nothing mapped), else the
    /// failure. The invoice balance (what it still owes in QuickBooks, when known) goes to the host, which may keep
    /// "Paid" for invoices paid in full.
    /// </summary>
    public async ValueTask<WorkResult?> ApplyAsync(
        string companyId, string realmId, EntityLink invoiceLink, QuickBooksEventKind kind, long workItemId, CancellationToken cancellationToken, decimal? invoiceBalance = null)
    {
        var eventName = Describe(kind);
        var statusId = await mapper.GetStatusIdAsync(companyId, kind, cancellationToken).ConfigureAwait(false);
        if (statusId is null)
        {
            await journal.WriteAsync(companyId, realmId, invoiceLink, Operation(kind), JournalOutcome.Skipped,
                $"{eventName} in QuickBooks; no RO App status is mapped to '{eventName}', so the invoice keeps its status.",
                null, workItemId, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var result = await host.Gateway.ChangeInvoiceStatusAsync(
            companyId, new RoAppInvoiceStatusChange(invoiceLink.RoAppId, statusId, eventName + " in QuickBooks") { InvoiceBalance = invoiceBalance }, cancellationToken).ConfigureAwait(false);
        var toName = await StatusNameAsync(companyId, statusId, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case RoAppStatusChangeOutcome.Refused:
            {
                var fromName = result.FromStatusId is null ? "its current status" : await StatusNameAsync(companyId, result.FromStatusId, cancellationToken).ConfigureAwait(false);
                var rule = string.IsNullOrWhiteSpace(result.Rule) ? string.Empty : $" ({result.Rule})";
                return WorkResult.Fail(
                    $"{eventName} in QuickBooks (QuickBooks invoice {invoiceLink.QuickBooksId}): RO App invoice {invoiceLink.RoAppId} could not move from '{fromName}' to '{toName}' because the invoice status rules do not allow it{rule}.",
                    $"Allow moving from '{fromName}' to '{toName}' in the invoice status rules, or map '{eventName}' to another status in the QuickBooks settings; then retry this entry.",
                    new WorkSubject(JournalDirection.Inbound, Operation(kind), SyncedEntityType.Invoice, invoiceLink.RoAppId, realmId));
            }

            case RoAppStatusChangeOutcome.Unchanged:
                await journal.WriteAsync(companyId, realmId, invoiceLink, Operation(kind), JournalOutcome.Synced,
                    invoiceBalance > 0m
                        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{eventName} in QuickBooks; {invoiceBalance:0.00} is still owed, and RO App kept the invoice's status rather than move it to '{toName}'.")
                        : $"{eventName} in QuickBooks; the invoice is already in '{toName}'.",
                    null, workItemId, cancellationToken).ConfigureAwait(false);
                return null;

            default:
                await journal.WriteAsync(companyId, realmId, invoiceLink, Operation(kind), JournalOutcome.Synced,
                    $"{eventName} in QuickBooks; the invoice moved to '{toName}'.", null, workItemId, cancellationToken).ConfigureAwait(false);
                return null;
        }
    }

    public static string Describe(QuickBooksEventKind kind) => kind switch
    {
        QuickBooksEventKind.InvoiceUpdated => "Invoice updated",
        QuickBooksEventKind.PaymentCreated => "Payment created",
        _ => "Invoice voided",
    };

    private static string Operation(QuickBooksEventKind kind) => kind switch
    {
        QuickBooksEventKind.InvoiceUpdated => "invoice.updated",
        QuickBooksEventKind.PaymentCreated => "payment.created",
        _ => "invoice.voided",
    };

    private async ValueTask<string> StatusNameAsync(string companyId, string statusId, CancellationToken cancellationToken)
    {
        var statuses = await host.Gateway.ListInvoiceStatusesAsync(companyId, cancellationToken).ConfigureAwait(false);
        return statuses.FirstOrDefault(s => string.Equals(s.Id, statusId, StringComparison.Ordinal))?.Name ?? statusId;
    }
}

/// <summary>Writes the inbound handler's own journal entries (successes and skips; the runner writes failures).</summary>
internal sealed class InboundJournal(IJournalStore journal, TimeProvider time, Sync.InvoiceStateRecorder states)
{
    public async ValueTask WriteAsync(
        string companyId, string realmId, EntityLink? link, string operation, JournalOutcome outcome, string message, string? fix, long workItemId,
        CancellationToken cancellationToken, SyncedEntityType? entityType = null, string? quickBooksId = null, string? roAppEntityId = null)
    {
        var entry = await journal.AppendAsync(
            new JournalEntry
            {
                CompanyId = companyId,
                RealmId = realmId,
                EntityType = link?.EntityType ?? entityType,
                RoAppEntityId = link?.RoAppId ?? roAppEntityId,
                Direction = JournalDirection.Inbound,
                Operation = operation,
                Outcome = outcome,
                QuickBooksId = quickBooksId ?? link?.QuickBooksId,
                Message = message,
                Fix = fix,
                At = time.GetUtcNow(),
                WorkItemId = workItemId,
            },
            cancellationToken).ConfigureAwait(false);
        await states.ApplyAsync(entry, cancellationToken).ConfigureAwait(false);
    }
}
