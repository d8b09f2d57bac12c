using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Sample.DemoRoApp;

/// <summary>A postal address as RO App keeps it for a client or a payer.</summary>
internal sealed record DemoAddress(string Line1, string City, string Region, string PostalCode, string Country = "US");

/// <summary>A repair-shop client (the person whose device is repaired).</summary>
internal sealed record DemoClient(string Id, string FirstName, string LastName, string Email, string Phone, DemoAddress Address)
{
    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>Someone other than the client who pays the invoice (an employer, an insurer).</summary>
internal sealed record DemoPayer(string Id, string Name, string Email, DemoAddress Address);

/// <summary>One invoice line: a product or service, quantity, rate, and the RO App tax when it is taxed.</summary>
internal sealed record DemoInvoiceLine(string Name, decimal Quantity, decimal Rate, string? TaxId)
{
    /// <summary>Before any discount.</summary>
    public decimal Amount => Math.Round(Quantity * Rate, 2, MidpointRounding.AwayFromZero);

    /// <summary>A percentage off this line, when the shop gave one.</summary>
    public decimal? DiscountPercent { get; init; }

    /// <summary>What the line comes to after its discount.</summary>
    public decimal Net => DiscountPercent is { } percent ? Amount - Math.Round(Amount * percent / 100m, 2, MidpointRounding.AwayFromZero) : Amount;
}

/// <summary>A payment recorded against an invoice in a cashbox, with the reference of its origin.</summary>
/// <param name="Id">The RO App payment id.</param>
/// <param name="InvoiceId">The invoice it pays.</param>
/// <param name="CashboxId">The cashbox that received it.</param>
/// <param name="Amount">The amount.</param>
/// <param name="Date">The payment date.</param>
/// <param name="ExternalReference">Where it came from when not typed in RO App (e.g. <c>qbo:payment:123</c>); recording is idempotent by it.</param>
internal sealed record DemoPayment(string Id, string InvoiceId, string CashboxId, decimal Amount, DateOnly Date, string? ExternalReference);

/// <summary>Money paid back to the client on an invoice, out of a cashbox.</summary>
internal sealed record DemoRefund(string Id, string InvoiceId, string CashboxId, decimal Amount, DateOnly Date, string Description)
{
    /// <summary>Where it came from when not made in RO App (a QuickBooks refund receipt or credit memo); recording is idempotent by it.</summary>
    public string? ExternalReference { get; init; }

    /// <summary>Paid back (the default) or credited to the client's balance.</summary>
    public RoAppRefundKind Kind { get; init; } = RoAppRefundKind.CashBack;
}

/// <summary>One move of an invoice between statuses, kept as the invoice's history.</summary>
internal sealed record DemoStatusChange(string FromStatusId, string ToStatusId, DateTimeOffset At, string By);

/// <summary>An invoice as the demo RO App holds it. Read through <see cref="DemoRoApp"/>, which hands out copies.</summary>
internal sealed record DemoInvoice
{
    public required string Id { get; init; }

    public required string Number { get; init; }

    public required DemoClient Client { get; init; }

    /// <summary>Who pays when it is not the client; none: the client pays.</summary>
    public DemoPayer? Payer { get; init; }

    public required DateOnly Date { get; init; }

    public required DateOnly DueDate { get; init; }

    public required IReadOnlyList<DemoInvoiceLine> Lines { get; init; }

    public required string StatusId { get; init; }

    /// <summary>The shop's branch the invoice was made in (its payments are taken there too).</summary>
    public string Location { get; init; } = DemoRoApp.MainLocation;

    public IReadOnlyList<DemoPayment> Payments { get; init; } = [];

    public IReadOnlyList<DemoStatusChange> History { get; init; } = [];

    public decimal Subtotal => Lines.Sum(l => l.Net);

    public decimal PaidAmount => Payments.Sum(p => p.Amount);
}

/// <summary>Everything the demo RO App knows about one company: its lists and rules, and its invoices.</summary>
internal sealed record DemoCompany
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<RoAppInvoiceStatus> Statuses { get; init; }

    public required IReadOnlyList<RoAppStatusTransition> Transitions { get; init; }

    public required IReadOnlyList<RoAppTax> Taxes { get; init; }

    public required IReadOnlyList<RoAppCashbox> Cashboxes { get; init; }

    public bool LegacyIntegrationEnabled { get; init; }

    public required IReadOnlyList<DemoInvoice> Invoices { get; init; }
}

/// <summary>What a status change did.</summary>
internal enum DemoStatusChangeOutcome
{
    /// <summary>The invoice moved.</summary>
    Changed,

    /// <summary>The invoice already had the status; nothing changed.</summary>
    Unchanged,

    /// <summary>RO App's transition rules forbid the move; nothing changed.</summary>
    Refused,
}

/// <summary>The answer to a status change.</summary>
/// <param name="Outcome">Changed, unchanged, or refused.</param>
/// <param name="FromStatusId">The status the invoice was in (none when the status does not exist).</param>
/// <param name="Message">For a refusal: which move is forbidden and what would allow it.</param>
internal sealed record DemoStatusChangeResult(DemoStatusChangeOutcome Outcome, string? FromStatusId = null, string? Message = null);

/// <summary>A payment as recording left it: new, or the one recorded earlier with the same external reference.</summary>
internal sealed record DemoPaymentRecorded(DemoPayment Payment, bool AlreadyRecorded);

/// <summary>What QuickBooks told RO App about a payment it recorded from QuickBooks (kept for the user to act on).</summary>
internal sealed record DemoPaymentNotice(string PaymentId, string InvoiceId, RoAppPaymentChangeKind Kind, decimal PreviousAmount, decimal NewAmount, DateTimeOffset At);
