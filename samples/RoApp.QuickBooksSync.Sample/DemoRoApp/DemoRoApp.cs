using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Sample.DemoRoApp;

/// <summary>
/// A small RO App held in memory, behind the library's host port. It enforces what the real one does:
/// status moves follow the company's transition rules (a forbidden move is refused with a message naming
/// both statuses), payments are recorded once per external reference, and every status change is kept
/// in the invoice's history. Thread-safe: the library calls it from its worker.
/// </summary>
internal sealed partial class DemoRoApp : IRoAppGateway
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly DemoCompany _company;
    private readonly Dictionary<string, DemoInvoice> _invoices;
    private readonly List<DemoPaymentNotice> _notices = [];
    private int _nextPayment = 5001;

    public DemoRoApp(TimeProvider time)
    {
        _time = time;
        _company = DemoSeed.Create(DateOnly.FromDateTime(time.GetLocalNow().Date));
        _invoices = _company.Invoices.ToDictionary(i => i.Id, StringComparer.Ordinal);
    }

    /// <summary>Raised after an invoice moved to another status (the host tells the library from here).</summary>
    public event EventHandler<DemoInvoiceEventArgs>? StatusChanged;

    /// <summary>Raised after a payment was recorded (the host tells the library from here); the payment is the last one of the invoice.</summary>
    public event EventHandler<DemoInvoiceEventArgs>? PaymentRecorded;

    /// <summary>Raised after an invoice's content (lines, dates, client) was edited (the host tells the library from here).</summary>
    public event EventHandler<DemoInvoiceEventArgs>? InvoiceEdited;

    public string CompanyId => _company.Id;

    public string CompanyName => _company.Name;

    public ValueTask<IReadOnlyList<RoAppInvoiceStatus>> ListInvoiceStatusesAsync(string companyId, CancellationToken cancellationToken) =>
        new(Company(companyId).Statuses);

    public ValueTask<IReadOnlyList<RoAppTax>> ListTaxesAsync(string companyId, CancellationToken cancellationToken) =>
        new(Company(companyId).Taxes);

    public ValueTask<IReadOnlyList<RoAppCashbox>> ListCashboxesAsync(string companyId, CancellationToken cancellationToken) =>
        new(Company(companyId).Cashboxes);

    public ValueTask<IReadOnlyList<RoAppStatusTransition>?> ListAllowedStatusTransitionsAsync(string companyId, CancellationToken cancellationToken) =>
        new(Company(companyId).Transitions);

    public ValueTask<bool> IsLegacyIntegrationEnabledAsync(string companyId, CancellationToken cancellationToken) =>
        new(Company(companyId).LegacyIntegrationEnabled);

    /// <summary>Every invoice of the company, in number order.</summary>
    public IReadOnlyList<DemoInvoice> Invoices(string companyId)
    {
        Company(companyId);
        lock (_gate)
        {
            return [.. _invoices.Values.OrderBy(i => i.Number, StringComparer.Ordinal)];
        }
    }

    /// <summary>One invoice as it is now, or <see langword="null"/>.</summary>
    public DemoInvoice? FindInvoice(string companyId, string invoiceId)
    {
        Company(companyId);
        lock (_gate)
        {
            return _invoices.GetValueOrDefault(invoiceId);
        }
    }

    public string StatusName(string statusId) =>
        _company.Statuses.FirstOrDefault(s => s.Id == statusId)?.Name ?? statusId;

    public string CashboxName(string cashboxId) =>
        _company.Cashboxes.FirstOrDefault(c => c.Id == cashboxId)?.Name ?? cashboxId;

    /// <summary>
    /// Moves an invoice to another status if the company's rules allow it; a forbidden move changes nothing and
    /// says which move is forbidden and what would allow it.
    /// </summary>
    public DemoStatusChangeResult ChangeStatus(string companyId, string invoiceId, string toStatusId, string by)
    {
        var company = Company(companyId);
        if (company.Statuses.All(s => s.Id != toStatusId))
        {
            return new(DemoStatusChangeOutcome.Refused, null, $"RO App has no invoice status '{toStatusId}'. Choose one of: {string.Join(", ", company.Statuses.Select(s => s.Name))}.");
        }

        DemoInvoice changed;
        lock (_gate)
        {
            var invoice = _invoices.GetValueOrDefault(invoiceId)
                ?? throw new KeyNotFoundException($"The demo RO App has no invoice '{invoiceId}' in company '{companyId}'.");
            if (invoice.StatusId == toStatusId)
            {
                return new(DemoStatusChangeOutcome.Unchanged, invoice.StatusId);
            }

            if (!company.Transitions.Any(t => t.FromStatusId == invoice.StatusId && t.ToStatusId == toStatusId))
            {
                return new(DemoStatusChangeOutcome.Refused, invoice.StatusId,
                    $"RO App's status rules do not allow moving invoice {invoice.Number} from '{StatusName(invoice.StatusId)}' to '{StatusName(toStatusId)}'. " +
                    $"Allow that move in the status settings, or choose a status reachable from '{StatusName(invoice.StatusId)}'.");
            }

            changed = invoice with
            {
                StatusId = toStatusId,
                History = [.. invoice.History, new DemoStatusChange(invoice.StatusId, toStatusId, _time.GetUtcNow(), by)],
            };
            _invoices[invoiceId] = changed;
        }

        StatusChanged?.Invoke(this, new DemoInvoiceEventArgs(companyId, changed));
        return new(DemoStatusChangeOutcome.Changed, changed.History[^1].FromStatusId);
    }

    /// <summary>
    /// Records a payment in a cashbox. With an external reference it happens once: recording the same reference
    /// again returns the payment recorded the first time (and raises no event).
    /// </summary>
    public DemoPaymentRecorded RecordPayment(string companyId, string invoiceId, string cashboxId, decimal amount, DateOnly date, string? externalReference)
    {
        var company = Company(companyId);
        if (company.Cashboxes.All(c => c.Id != cashboxId))
        {
            throw new ArgumentException($"The demo RO App has no cashbox '{cashboxId}'. Choose one of: {string.Join(", ", company.Cashboxes.Select(c => c.Name))}.", nameof(cashboxId));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        DemoInvoice changed;
        DemoPayment payment;
        lock (_gate)
        {
            var invoice = _invoices.GetValueOrDefault(invoiceId)
                ?? throw new KeyNotFoundException($"The demo RO App has no invoice '{invoiceId}' in company '{companyId}'.");
            if (externalReference is not null && _invoices.Values.SelectMany(i => i.Payments).FirstOrDefault(p => p.ExternalReference == externalReference) is { } known)
            {
                return new(known, AlreadyRecorded: true);
            }

            payment = new DemoPayment($"pay-{_nextPayment++}", invoiceId, cashboxId, amount, date, externalReference);
            changed = invoice with { Payments = [.. invoice.Payments, payment] };
            _invoices[invoiceId] = changed;
        }

        PaymentRecorded?.Invoke(this, new DemoInvoiceEventArgs(companyId, changed));
        return new(payment, AlreadyRecorded: false);
    }

    /// <summary>Edits an invoice's content the way a user does on the invoice page (the status stays as it is).</summary>
    public DemoInvoice EditInvoice(string companyId, string invoiceId, Func<DemoInvoice, DemoInvoice> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        Company(companyId);
        DemoInvoice changed;
        lock (_gate)
        {
            var invoice = _invoices.GetValueOrDefault(invoiceId)
                ?? throw new KeyNotFoundException($"The demo RO App has no invoice '{invoiceId}' in company '{companyId}'.");

            // Identity, status and payments are not the editor's to change.
            changed = edit(invoice) with { Id = invoice.Id, StatusId = invoice.StatusId, Payments = invoice.Payments, History = invoice.History };
            _invoices[invoiceId] = changed;
        }

        InvoiceEdited?.Invoke(this, new DemoInvoiceEventArgs(companyId, changed));
        return changed;
    }

    /// <summary>What QuickBooks reported about payments recorded from it, oldest first.</summary>
    public IReadOnlyList<DemoPaymentNotice> PaymentNotices
    {
        get
        {
            lock (_gate)
            {
                return [.. _notices];
            }
        }
    }

    /// <summary>
    /// What RO App computes as the invoice's tax: per unit (after its discount), rounded to the cent, times the quantity
    /// (QuickBooks computes per line or per document, so cents may differ: the sync reports that).
    /// </summary>
    public decimal TaxOf(DemoInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var rates = _company.Taxes.ToDictionary(t => t.Id, t => t.RatePercent ?? 0m, StringComparer.Ordinal);
        return invoice.Lines
            .Where(l => l.TaxId is not null)
            .Sum(l => Math.Round(l.Rate * (100m - (l.DiscountPercent ?? 0m)) / 100m * rates.GetValueOrDefault(l.TaxId!) / 100m, 2, MidpointRounding.AwayFromZero) * l.Quantity);
    }

    private DemoCompany Company(string companyId) =>
        companyId == _company.Id
            ? _company
            : throw new ArgumentException($"The demo RO App holds one company, '{_company.Id}'; it knows nothing of '{companyId}'.", nameof(companyId));
}

/// <summary>An invoice of a company changed (status or payments); the invoice as it is after the change.</summary>
internal sealed class DemoInvoiceEventArgs(string companyId, DemoInvoice invoice) : EventArgs
{
    public string CompanyId { get; } = companyId;

    public DemoInvoice Invoice { get; } = invoice;
}
