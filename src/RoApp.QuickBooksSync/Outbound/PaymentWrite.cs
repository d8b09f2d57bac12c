using System.Globalization;
using System.Text;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// What an RO App payment should look like in QuickBooks, and its content hash: the link keeps the hash of what
/// was last written, so a payment reported again unchanged costs no API call.
/// </summary>
internal sealed record PaymentPlan(RoAppPaymentSnapshot Payment, string? InvoiceQuickBooksId, string? DepositAccountId, string? MethodName)
{
    /// <summary>The link's content hash of a payment the library voided.</summary>
    public const string VoidedHash = "voided";

    /// <summary>The QuickBooks location (<c>Department</c>) the payment carries, when locations are tracked.</summary>
    public string? DepartmentId { get; init; }

    public string ContentHash => RequestIds.Hash(Encoding.UTF8.GetBytes(string.Join(
        '\u001f',
        new[]
        {
            "payment-v1",
            Payment.Amount.ToString("0.00", CultureInfo.InvariantCulture),
            Payment.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DepositAccountId ?? string.Empty,
            MethodName ?? string.Empty,
            Payment.Reference ?? string.Empty,
            InvoiceQuickBooksId ?? string.Empty,
        }.Concat(DepartmentId is null ? [] : ["department:" + DepartmentId]))));

    /// <summary>QuickBooks keeps a voided payment with amount 0 and "Voided" at the start of its memo.</summary>
    public static bool IsVoided(Payment payment) =>
        payment.TotalAmt is 0m && payment.PrivateNote?.StartsWith("Voided", StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>
/// Creates or updates one QuickBooks payment from a plan: deterministic request ids, a look-up by the memo
/// reference before creating again after a run that may have written, sparse updates on the current SyncToken
/// (5010 re-read, bounded), and never more applied to an invoice than it still owes (the rest stays unapplied).
/// </summary>
internal sealed class PaymentWrite(IQuickBooksClient client, OutboundCompany company, PaymentPlan plan, string? methodId)
{
    private RoAppPaymentSnapshot Payment => plan.Payment;

    /// <summary>Creates the payment; <c>FoundEarlier</c> says an earlier run's write was found instead, with what it wrote then.</summary>
    public async ValueTask<(Payment Written, string RequestId, bool FoundEarlier)> CreateAsync(string customerId, PaymentTarget target, bool mayHaveWritten, CancellationToken cancellationToken)
    {
        var marker = PaymentReference.Marker(Payment.Id);
        var requestId = RequestIds.For(company.CompanyId, company.RealmId, "payment", Payment.Id, "create", plan.ContentHash);
        if (mayHaveWritten && await FindAsync(customerId, marker, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return (earlier, requestId, true);
        }

        var draft = Draft(customerId, Applied(target, alreadyApplied: 0m));
        try
        {
            return (await client.CreateAsync(company.RealmId, draft, requestId, cancellationToken).ConfigureAwait(false), requestId, false);
        }
        catch (QuickBooksApiException ex) when (ex.MayHaveBeenApplied)
        {
            var found = await FindAsync(customerId, marker, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                throw;
            }

            return (found, requestId, false);
        }
    }

    public async ValueTask<(Payment Written, string RequestId)> UpdateAsync(string quickBooksId, PaymentTarget target, string run, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await client.ReadAsync<Payment>(company.RealmId, quickBooksId, cancellationToken).ConfigureAwait(false);
            if (PaymentPlan.IsVoided(current))
            {
                throw new QuickBooksValidationException(
                    $"RO App payment {Payment.Id} changed, but its QuickBooks payment {quickBooksId} was voided in QuickBooks, and a voided payment cannot be changed. " +
                    "Record the payment again in RO App as a new payment if the money was received.");
            }

            var alreadyApplied = target.InvoiceLink is null ? 0m : AppliedTo(current, target.InvoiceLink.QuickBooksId);
            var changes = Draft(target.CustomerId!, Applied(target, alreadyApplied));
            changes.Id = quickBooksId;
            changes.SyncToken = current.SyncToken;
            var requestId = RequestIds.For(company.CompanyId, company.RealmId, "payment", Payment.Id, "update", quickBooksId, current.SyncToken ?? "0", plan.ContentHash, run);
            try
            {
                return (await client.SparseUpdateAsync(company.RealmId, changes, requestId, cancellationToken).ConfigureAwait(false), requestId);
            }
            catch (QuickBooksStaleObjectException) when (attempt < PaymentSendHandler.MaxStaleRetries)
            {
                // Changed in QuickBooks since the read (an invoice it pays was edited, say): read it again.
            }
        }
    }

    /// <summary>What to apply to the invoice: the payment, but never more than the invoice still owes.</summary>
    private decimal Applied(PaymentTarget target, decimal alreadyApplied) =>
        target.InvoiceLink is null ? 0m : Math.Max(0m, Math.Min(Payment.Amount, target.InvoiceBalance + alreadyApplied));

    private static decimal AppliedTo(Payment payment, string invoiceId) =>
        (payment.Lines ?? []).Where(l => l.LinkedTxns?.Any(t => t.TxnId == invoiceId && string.Equals(t.TxnType, "Invoice", StringComparison.OrdinalIgnoreCase)) == true)
            .Sum(l => l.Amount ?? 0m);

    private Payment Draft(string customerId, decimal applied) => new()
    {
        CustomerRef = new QuickBooksRef(customerId),
        TotalAmt = Payment.Amount,
        TxnDate = Payment.Date,
        PaymentRefNum = Payment.Reference is { Length: > 21 } r ? r[..21] : Payment.Reference,
        PrivateNote = PaymentReference.Note(Payment.Id),
        DepositToAccountRef = plan.DepositAccountId is null ? null : new QuickBooksRef(plan.DepositAccountId),
        PaymentMethodRef = methodId is null ? null : new QuickBooksRef(methodId),
        // Without location tracking the payment's location is left as it is in QuickBooks.
        DepartmentRef = plan.DepartmentId is null ? null : new QuickBooksRef(plan.DepartmentId),
        Lines = applied > 0m && plan.InvoiceQuickBooksId is { } invoiceId
            ? [new PaymentLine { Amount = applied, LinkedTxns = [new LinkedTxn { TxnId = invoiceId, TxnType = "Invoice" }] }]
            : [],
    };

    private async ValueTask<Payment?> FindAsync(string customerId, string marker, CancellationToken cancellationToken)
    {
        var query = QuickBooksQuery.From<Payment>().Where("CustomerRef", QueryOperator.Equal, customerId).Where("TxnDate", QueryOperator.Equal, Payment.Date);
        await foreach (var candidate in client.QueryAllAsync<Payment>(company.RealmId, query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (candidate.PrivateNote?.Contains(marker, StringComparison.Ordinal) == true)
            {
                return candidate;
            }
        }

        return null;
    }
}
