using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Sample.DemoRoApp;

/// <summary>
/// The host port members the sync reads and writes through, over the demo RO App's own model: what a real
/// host writes once, mapping its invoices and payments to the library's snapshots and back.
/// </summary>
internal sealed partial class DemoRoApp
{
    /// <summary>The shop's main branch, where most demo invoices are made.</summary>
    public const string MainLocation = "San Jose";

    /// <summary>The second branch: #1004 is made there.</summary>
    public const string SecondLocation = "Santa Clara";

    public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken) =>
        new(FindInvoice(companyId, invoiceId) is { } invoice ? Snapshot(invoice) : null);

    public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken)
    {
        var found = Invoices(companyId).SelectMany(i => i.Payments.Select(p => (Invoice: i, Payment: p))).FirstOrDefault(x => x.Payment.Id == paymentId);
        return new(found.Payment is null ? null : Snapshot(found.Payment, found.Invoice.Location));
    }

    /// <summary>RO App's side of the books check: the invoices, payments and refunds dated in the period.</summary>
    public ValueTask<RoAppDocuments> ListDocumentsAsync(string companyId, Books.BooksPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var invoices = Invoices(companyId);
        return new(new RoAppDocuments
        {
            Invoices = [.. invoices.Where(i => period.Contains(i.Date)).Select(Snapshot)],
            Payments = [.. invoices.SelectMany(i => i.Payments.Where(p => period.Contains(p.Date)).Select(p => Snapshot(p, i.Location)))],
            Refunds = [.. Refunds.Where(r => period.Contains(r.Date)).Select(Snapshot)],
        });
    }

    private static RoAppPaymentSnapshot Snapshot(DemoPayment payment, string location) => new()
    {
        LocationName = location,
        Id = payment.Id,
        InvoiceId = payment.InvoiceId,
        Amount = payment.Amount,
        Date = payment.Date,
        CashboxId = payment.CashboxId,
        Reference = payment.ExternalReference,
        ExternalReference = payment.ExternalReference,
    };

    public ValueTask<RoAppStatusChangeResult> ChangeInvoiceStatusAsync(string companyId, RoAppInvoiceStatusChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);

        // A payment that leaves something owed does not make the invoice "Paid": RO App keeps its status.
        if (change.InvoiceBalance > 0m && Company(companyId).Statuses.FirstOrDefault(st => st.Id == change.ToStatusId)?.Group == RoAppStatusGroup.Paid)
        {
            return new(RoAppStatusChangeResult.Unchanged());
        }

        // The invoice's history says who moved it: here, QuickBooks through the sync, and why.
        var result = ChangeStatus(companyId, change.InvoiceId, change.ToStatusId, $"QuickBooks: {change.Reason}");
        return new(result.Outcome switch
        {
            DemoStatusChangeOutcome.Changed => RoAppStatusChangeResult.Changed(result.FromStatusId),
            DemoStatusChangeOutcome.Unchanged => RoAppStatusChangeResult.Unchanged(),
            _ => RoAppStatusChangeResult.Refused(result.FromStatusId ?? "", result.Message),
        });
    }

    public ValueTask<RoAppPaymentRecordResult> RecordPaymentAsync(string companyId, RoAppPaymentRecord payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var date = payment.Date ?? DateOnly.FromDateTime(_time.GetLocalNow().Date);
        var recorded = RecordPayment(companyId, payment.InvoiceId, payment.CashboxId, payment.Amount, date, payment.ExternalReference);
        return new(new RoAppPaymentRecordResult(recorded.Payment.Id, recorded.AlreadyRecorded));
    }

    public ValueTask ReportPaymentChangeAsync(string companyId, RoAppPaymentChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Company(companyId);
        lock (_gate)
        {
            var payment = _invoices.Values.SelectMany(i => i.Payments).FirstOrDefault(p => p.ExternalReference == change.ExternalReference);

            // RO App does not rewrite money on its own: it keeps the notice for a person to adjust or reverse,
            // once per change (the library may report the same change again after a retry).
            var notice = new DemoPaymentNotice(payment?.Id ?? change.ExternalReference, change.InvoiceId, change.Kind, change.PreviousAmount, change.NewAmount, _time.GetUtcNow());
            if (!_notices.Exists(n => n.PaymentId == notice.PaymentId && n.Kind == notice.Kind && n.NewAmount == notice.NewAmount))
            {
                _notices.Add(notice);
            }
        }

        return ValueTask.CompletedTask;
    }

    private RoAppInvoiceSnapshot Snapshot(DemoInvoice invoice)
    {
        var tax = TaxOf(invoice);
        return new RoAppInvoiceSnapshot
        {
            Id = invoice.Id,
            Number = invoice.Number,
            StatusId = invoice.StatusId,
            Date = invoice.Date,
            DueDate = invoice.DueDate,
            Client = new RoAppContact
            {
                Id = invoice.Client.Id,
                FirstName = invoice.Client.FirstName,
                LastName = invoice.Client.LastName,
                Email = invoice.Client.Email,
                Phone = invoice.Client.Phone,
                Address = Address(invoice.Client.Address),
            },
            Payer = invoice.Payer is { } payer
                ? new RoAppContact { Id = payer.Id, CompanyName = payer.Name, Email = payer.Email, Address = Address(payer.Address) }
                : null,
            Lines = [.. invoice.Lines.Select(l => new RoAppInvoiceLine(l.Name, l.Quantity, l.Rate, l.Amount, l.TaxId)
            {
                Discount = l.DiscountPercent is { } percent ? RoAppDiscount.Percentage(percent) : null,
            })],
            LocationName = invoice.Location,
            Currency = "USD",
            TaxTotal = tax,
            Total = invoice.Subtotal + tax,
        };
    }

    private static RoAppAddress Address(DemoAddress address) =>
        new(address.Line1, City: address.City, Region: address.Region, PostalCode: address.PostalCode, Country: address.Country);
}
