namespace RoApp.QuickBooksSync.Gateway;

/// <summary>
/// The host port: how the library reads (and, in later versions, changes) RO App data of one company.
/// The host implements it and registers it with <c>UseRoAppGateway&lt;T&gt;()</c>. Every call names the
/// RO App company it is about; implementations must be thread-safe.
/// </summary>
/// <remarks>
/// The inbound members (<see cref="ChangeInvoiceStatusAsync"/>, <see cref="RecordPaymentAsync"/>,
/// <see cref="ReportPaymentChangeAsync"/>) have defaults that throw <see cref="NotSupportedException"/>, so that a host
/// syncing RO App → QuickBooks only need not write them. A host that starts with the inbound sync on (webhooks or
/// reconciliation) and a gateway that leaves any of them to the defaults gets one start-up warning naming them
/// (event 9101), not a failure at the first webhook.
/// </remarks>
public interface IRoAppGateway
{
    /// <summary>The company's invoice statuses, each with its group.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>The company's taxes.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>The company's cashboxes.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken);

    /// <summary>
    /// The invoice status moves the company's rules allow, or <see langword="null"/> when the host does not
    /// expose its rules (then every move is assumed possible and only a refused move at run time reports it).
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<RoAppStatusTransition>?> ListAllowedStatusTransitionsAsync(string companyId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RoAppStatusTransition>?>(null);

    /// <summary>Whether the old one-way QuickBooks integration is on for the company (it must be off to enable this one).</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken);

    // ---- Outbound: what the library reads to send invoices and payments to QuickBooks ----

    /// <summary>
    /// The invoice as it is now, for sending to QuickBooks, or <see langword="null"/> when the invoice does not
    /// exist (deleted in RO App): then nothing is sent and the journal says so.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="invoiceId">The RO App invoice id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken);

    /// <summary>A payment recorded in RO App, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="paymentId">The RO App payment id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken);

    /// <summary>
    /// A refund made in RO App, or <see langword="null"/> when it does not exist. Needed for
    /// <c>IQuickBooksSync.RefundRecordedAsync</c>; the default throws <see cref="NotSupportedException"/>, which the
    /// refund's journal entry reports with the fix.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="refundId">The RO App refund id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<RoAppRefundSnapshot?> GetRefundAsync(string companyId, string refundId, CancellationToken cancellationToken) =>
        throw new NotSupportedException(
            $"The RO App host does not implement IRoAppGateway.{nameof(GetRefundAsync)}, which sending refunds to QuickBooks needs. Implement it in the host's gateway.");

    /// <summary>
    /// Every invoice, payment and refund of the company dated in a period, for the books check
    /// (<c>IQuickBooksSync.CheckBooksAsync</c>). The default throws <see cref="NotSupportedException"/>: a host that
    /// wants the check implements it (one query per kind, usually).
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="period">The days, both ends included.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<RoAppDocuments> ListDocumentsAsync(string companyId, Books.BooksPeriod period, CancellationToken cancellationToken) =>
        throw new NotSupportedException(
            $"The RO App host does not implement IRoAppGateway.{nameof(ListDocumentsAsync)}, which the books check needs to read RO App's side. Implement it in the host's gateway.");

    // ---- End of outbound ----

    // Inbound (QuickBooks → RO App): the changes the library asks the host to make.

    /// <summary>
    /// Moves an invoice to a status, following the company's status transition rules (needed by the inbound
    /// sync; the default throws <see cref="NotSupportedException"/>). A move the rules
    /// forbid is not an error: answer <see cref="RoAppStatusChangeResult.Refused"/> naming the rule. An
    /// invoice already in the status answers <see cref="RoAppStatusChangeResult.Unchanged"/>. Throw only
    /// for failures that may pass (the library retries them).
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="change">Which invoice, the status and why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<RoAppStatusChangeResult> ChangeInvoiceStatusAsync(string companyId, RoAppInvoiceStatusChange change, CancellationToken cancellationToken) =>
        throw new NotSupportedException(NotImplementedMessage(nameof(ChangeInvoiceStatusAsync)));

    /// <summary>
    /// Records a payment on an invoice in a cashbox, once per <see cref="RoAppPaymentRecord.ExternalReference"/>:
    /// a second call with the same reference records nothing and answers the payment recorded the first time.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="payment">The invoice, cashbox, amount, date, method and external reference.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<RoAppPaymentRecordResult> RecordPaymentAsync(string companyId, RoAppPaymentRecord payment, CancellationToken cancellationToken) =>
        throw new NotSupportedException(NotImplementedMessage(nameof(RecordPaymentAsync)));

    /// <summary>
    /// Tells the host that a payment it recorded (see <see cref="RecordPaymentAsync"/>) changed in QuickBooks:
    /// its amount on the invoice changed, or it was voided or deleted there. The host decides what to do
    /// (adjust, reverse, flag); calls are repeated safely for one change.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="change">Which recorded payment and what happened.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask ReportPaymentChangeAsync(string companyId, RoAppPaymentChange change, CancellationToken cancellationToken) =>
        throw new NotSupportedException(NotImplementedMessage(nameof(ReportPaymentChangeAsync)));

    /// <summary>
    /// Records a refund made in QuickBooks for a client synced from RO App (a refund receipt or a credit memo), once
    /// per <see cref="RoAppRefundRecord.ExternalReference"/>. The library's own refunds are never passed back. The
    /// default throws <see cref="NotSupportedException"/>: each such refund is then a failed journal entry naming
    /// this member, retried once the host implements it.
    /// </summary>
    /// <param name="companyId">The RO App company id.</param>
    /// <param name="refund">The client, kind, amount, date, cashbox, method and external reference.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<RoAppRefundRecordResult> RecordRefundAsync(string companyId, RoAppRefundRecord refund, CancellationToken cancellationToken) =>
        throw new NotSupportedException(NotImplementedMessage(nameof(RecordRefundAsync)));

    // Defaults keep hosts written before the inbound sync compiling; the inbound sync reports the gap clearly.
    private static string NotImplementedMessage(string method) =>
        $"The RO App host does not implement IRoAppGateway.{method}, which the QuickBooks → RO App sync needs. Implement it in the host's gateway.";
}

/// <summary>An RO App invoice status.</summary>
/// <param name="Id">The status id.</param>
/// <param name="Name">The name users see.</param>
/// <param name="Group">The group the status belongs to.</param>
public sealed record RoAppInvoiceStatus(string Id, string Name, RoAppStatusGroup Group);

/// <summary>The four groups RO App sorts user-defined invoice statuses into.</summary>
public enum RoAppStatusGroup
{
    /// <summary>New invoices.</summary>
    New,

    /// <summary>Invoices being worked on.</summary>
    InProgress,

    /// <summary>Paid invoices.</summary>
    Paid,

    /// <summary>Canceled invoices.</summary>
    Canceled,
}

/// <summary>An RO App tax.</summary>
/// <param name="Id">The tax id.</param>
/// <param name="Name">The name users see.</param>
/// <param name="RatePercent">The rate in percent, when the host knows it.</param>
public sealed record RoAppTax(string Id, string Name, decimal? RatePercent = null);

/// <summary>An RO App cashbox (where payments are recorded).</summary>
/// <param name="Id">The cashbox id.</param>
/// <param name="Name">The name users see.</param>
public sealed record RoAppCashbox(string Id, string Name);

/// <summary>A status move the host's rules allow.</summary>
/// <param name="FromStatusId">The status an invoice is in.</param>
/// <param name="ToStatusId">The status it may move to.</param>
public sealed record RoAppStatusTransition(string FromStatusId, string ToStatusId);
