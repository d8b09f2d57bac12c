using System.Globalization;
using RoApp.QuickBooksSync.Books;
using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Benchmarks.Soak;

/// <summary>
/// The RO App side of the soak: invoices, payments and statuses in memory, shared by every host that the
/// run starts (RO App outlives the sync's process restarts, as the real one does). It records every status
/// move and payment the library asks for, so the checks can count them afterwards.
/// </summary>
internal sealed class SoakRoApp : IRoAppGateway
{
    public const string CompanyId = "soak-shop";
    public const string New = "new";
    public const string Ready = "ready";
    public const string UpdatedInQuickBooks = "qb-updated";
    public const string Paid = "paid";
    public const string Voided = "voided";
    public const string Cashbox = "cash";
    public const string QuickBooksCashbox = "qb-cash";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SoakInvoice> _invoices = new(StringComparer.Ordinal);
    private readonly List<SoakPayment> _payments = [];
    private readonly List<SoakStatusMove> _moves = [];
    private int _nextPayment;

    public IReadOnlyList<SoakInvoice> Invoices
    {
        get
        {
            lock (_gate)
            {
                return [.. _invoices.Values];
            }
        }
    }

    public IReadOnlyList<SoakPayment> Payments
    {
        get
        {
            lock (_gate)
            {
                return [.. _payments];
            }
        }
    }

    /// <summary>Status moves the library asked for (QuickBooks → RO App), in order.</summary>
    public IReadOnlyList<SoakStatusMove> StatusMoves
    {
        get
        {
            lock (_gate)
            {
                return [.. _moves];
            }
        }
    }

    public string AddInvoice(int number, int client, int product)
    {
        var id = "inv-" + number.ToString(CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _invoices[id] = new SoakInvoice(id, "S-" + number.ToString(CultureInfo.InvariantCulture), client, product, 20m + (number % 37), New);
        }

        return id;
    }

    public void SetStatus(string invoiceId, string statusId)
    {
        lock (_gate)
        {
            _invoices[invoiceId] = _invoices[invoiceId] with { StatusId = statusId };
        }
    }

    /// <summary>An edit in RO App: a different rate on the first line.</summary>
    public void Reprice(string invoiceId, decimal rate)
    {
        lock (_gate)
        {
            _invoices[invoiceId] = _invoices[invoiceId] with { Rate = rate };
        }
    }

    public SoakPayment AddRoAppPayment(string invoiceId, decimal amount)
    {
        lock (_gate)
        {
            var payment = new SoakPayment("pay-" + (++_nextPayment).ToString(CultureInfo.InvariantCulture), invoiceId, Cashbox, amount, null);
            _payments.Add(payment);
            return payment;
        }
    }

    public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) =>
        new([
            new(New, "New", RoAppStatusGroup.New),
            new(Ready, "Ready", RoAppStatusGroup.InProgress),
            new(UpdatedInQuickBooks, "Changed in QuickBooks", RoAppStatusGroup.InProgress),
            new(Paid, "Paid", RoAppStatusGroup.Paid),
            new(Voided, "Voided", RoAppStatusGroup.Canceled),
        ]);

    public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) =>
        new([new RoAppTax("sales-tax", "Sales tax", 8.25m)]);

    public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) =>
        new([new RoAppCashbox(Cashbox, "Front desk"), new RoAppCashbox(QuickBooksCashbox, "QuickBooks payments")]);

    public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) => new(false);

    public ValueTask<RoAppInvoiceSnapshot?> GetInvoiceAsync(string companyId, string invoiceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(_invoices.TryGetValue(invoiceId, out var invoice) ? Snapshot(invoice) : null);
        }
    }

    public ValueTask<RoAppPaymentSnapshot?> GetPaymentAsync(string companyId, string paymentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var payment = _payments.Find(p => p.Id == paymentId);
            return new(payment is null ? null : Snapshot(payment));
        }
    }

    /// <summary>The books check's read of RO App: every invoice and payment dated in the period.</summary>
    public ValueTask<RoAppDocuments> ListDocumentsAsync(string companyId, BooksPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        lock (_gate)
        {
            return new(new RoAppDocuments
            {
                Invoices = [.. _invoices.Values.Select(Snapshot).Where(i => period.Contains(i.Date))],
                Payments = [.. _payments.Select(Snapshot).Where(p => period.Contains(p.Date))],
            });
        }
    }

    private static RoAppPaymentSnapshot Snapshot(SoakPayment payment) => new()
    {
        Id = payment.Id,
        InvoiceId = payment.InvoiceId,
        Amount = payment.Amount,
        Date = new DateOnly(2026, 3, 5),
        CashboxId = payment.CashboxId,
        ExternalReference = payment.ExternalReference,
    };

    public ValueTask<RoAppStatusChangeResult> ChangeInvoiceStatusAsync(string companyId, RoAppInvoiceStatusChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var invoice = _invoices[change.InvoiceId];
            _moves.Add(new SoakStatusMove(change.InvoiceId, invoice.StatusId, change.ToStatusId, change.Reason));
            if (invoice.StatusId == change.ToStatusId)
            {
                return new(RoAppStatusChangeResult.Unchanged());
            }

            _invoices[change.InvoiceId] = invoice with { StatusId = change.ToStatusId };
            return new(RoAppStatusChangeResult.Changed(invoice.StatusId));
        }
    }

    public ValueTask<RoAppPaymentRecordResult> RecordPaymentAsync(string companyId, RoAppPaymentRecord payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        lock (_gate)
        {
            // Idempotent by the external reference, as the port's contract asks of a host.
            if (_payments.Find(p => p.ExternalReference == payment.ExternalReference) is { } existing)
            {
                return new(new RoAppPaymentRecordResult(existing.Id, AlreadyRecorded: true));
            }

            var recorded = new SoakPayment("pay-" + (++_nextPayment).ToString(CultureInfo.InvariantCulture), payment.InvoiceId, payment.CashboxId, payment.Amount, payment.ExternalReference);
            _payments.Add(recorded);
            return new(new RoAppPaymentRecordResult(recorded.Id, AlreadyRecorded: false));
        }
    }

    public ValueTask ReportPaymentChangeAsync(string companyId, RoAppPaymentChange change, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    // A refund made in QuickBooks: the id is derived from its reference, so a repeat answers the same refund.
    public ValueTask<RoAppRefundRecordResult> RecordRefundAsync(string companyId, RoAppRefundRecord refund, CancellationToken cancellationToken) =>
        new(new RoAppRefundRecordResult("qbo-refund:" + refund?.ExternalReference, AlreadyRecorded: false));

    private static RoAppInvoiceSnapshot Snapshot(SoakInvoice invoice)
    {
        var tax = Math.Round(invoice.Rate * 0.0825m, 2, MidpointRounding.AwayFromZero);
        var client = invoice.Client.ToString(CultureInfo.InvariantCulture);
        return new RoAppInvoiceSnapshot
        {
            Id = invoice.Id,
            Number = invoice.Number,
            StatusId = invoice.StatusId,
            Date = new DateOnly(2026, 3, 2),
            Client = new RoAppContact { Id = "c" + client, FirstName = "Client", LastName = client, Email = $"c{client}@example.com" },
            Lines =
            [
                new RoAppInvoiceLine("Part " + invoice.Product.ToString(CultureInfo.InvariantCulture), 1, invoice.Rate, invoice.Rate, "sales-tax"),
                new RoAppInvoiceLine("Labour", 1, 30m, 30m),
            ],
            Currency = "USD",
            TaxTotal = tax,
            Total = invoice.Rate + 30m + tax,
        };
    }
}

internal sealed record SoakInvoice(string Id, string Number, int Client, int Product, decimal Rate, string StatusId);

internal sealed record SoakPayment(string Id, string InvoiceId, string CashboxId, decimal Amount, string? ExternalReference);

internal sealed record SoakStatusMove(string InvoiceId, string FromStatusId, string ToStatusId, string Reason);
