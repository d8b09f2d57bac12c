using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;

namespace RoApp.QuickBooksSync.Books;

/// <summary>
/// QuickBooks' side of a period: every invoice, payment, refund receipt and credit memo dated in it (queried by
/// <c>TxnDate</c>, paged, through the client so the realm's limits hold), indexed by id and by the RO App reference
/// the library writes into the memo of everything it creates.
/// </summary>
internal sealed class QuickBooksDocuments
{
    private const string ReferenceStart = "[RO App ref ";
    private const string RefundPrefix = "refund:";

    private readonly Dictionary<string, Invoice> _invoices;
    private readonly Dictionary<string, Payment> _payments;
    private readonly Dictionary<string, QuickBooksEntity> _refunds;

    private QuickBooksDocuments(IReadOnlyList<Invoice> invoices, IReadOnlyList<Payment> payments, IReadOnlyList<RefundReceipt> receipts, IReadOnlyList<CreditMemo> memos)
    {
        Invoices = invoices;
        Payments = payments;
        Refunds = [.. receipts.Select(r => new RefundForm(r)), .. memos.Select(m => new RefundForm(m))];
        _invoices = invoices.ToDictionary(i => i.Id!, StringComparer.Ordinal);
        _payments = payments.ToDictionary(p => p.Id!, StringComparer.Ordinal);
        _refunds = Refunds.ToDictionary(r => Key(r.Entity), r => r.Entity, StringComparer.Ordinal);
        OwnInvoices = Group(invoices.Where(i => !IsVoided(i.PrivateNote, i.TotalAmt)), i => ReferencedId(i.PrivateNote));
        OwnPayments = Group(payments.Where(p => !IsVoided(p.PrivateNote, p.TotalAmt)), p => ReferencedId(p.PrivateNote));
        OwnRefunds = Group(Refunds, r => RefundId(r.Note));
    }

    public IReadOnlyList<Invoice> Invoices { get; }

    public IReadOnlyList<Payment> Payments { get; }

    public IReadOnlyList<RefundForm> Refunds { get; }

    /// <summary>Live (not voided) invoices the library made, by the RO App invoice id in their memo, oldest first.</summary>
    public IReadOnlyDictionary<string, List<Invoice>> OwnInvoices { get; }

    /// <summary>Live payments the library made, by RO App payment id, oldest first.</summary>
    public IReadOnlyDictionary<string, List<Payment>> OwnPayments { get; }

    /// <summary>Refund receipts and credit memos the library made, by RO App refund id, oldest first.</summary>
    public IReadOnlyDictionary<string, List<RefundForm>> OwnRefunds { get; }

    public static async ValueTask<QuickBooksDocuments> ReadAsync(IQuickBooksClient client, string realmId, BooksPeriod period, CancellationToken cancellationToken) =>
        new(await AllAsync<Invoice>(client, realmId, period, cancellationToken).ConfigureAwait(false),
            await AllAsync<Payment>(client, realmId, period, cancellationToken).ConfigureAwait(false),
            await AllAsync<RefundReceipt>(client, realmId, period, cancellationToken).ConfigureAwait(false),
            await AllAsync<CreditMemo>(client, realmId, period, cancellationToken).ConfigureAwait(false));

    /// <summary>An invoice by id: from the period when it is there, else read (its date may have moved out); null when deleted.</summary>
    public ValueTask<Invoice?> InvoiceAsync(IQuickBooksClient client, string realmId, string id, CancellationToken cancellationToken) =>
        _invoices.TryGetValue(id, out var found) ? new(found) : ReadOrNullAsync<Invoice>(client, realmId, id, cancellationToken);

    /// <summary>A payment by id, as <see cref="InvoiceAsync"/>.</summary>
    public ValueTask<Payment?> PaymentAsync(IQuickBooksClient client, string realmId, string id, CancellationToken cancellationToken) =>
        _payments.TryGetValue(id, out var found) ? new(found) : ReadOrNullAsync<Payment>(client, realmId, id, cancellationToken);

    /// <summary>Whether a payment is among the period's.</summary>
    public bool HasPayment(string id) => _payments.ContainsKey(id);

    /// <summary>A refund receipt or credit memo by id, as <see cref="InvoiceAsync"/>.</summary>
    public async ValueTask<RefundForm?> RefundAsync(IQuickBooksClient client, string realmId, bool cashBack, string id, CancellationToken cancellationToken)
    {
        if (_refunds.TryGetValue((cashBack ? "R" : "C") + id, out var found))
        {
            return Refunds.First(r => ReferenceEquals(r.Entity, found));
        }

        return await RefundForm.ReadAsync(client, realmId, cashBack, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>QuickBooks' mark of a voided transaction: amounts zeroed and "Voided" put before the memo.</summary>
    public static bool IsVoided(string? privateNote, decimal? total) =>
        privateNote?.StartsWith("Voided", StringComparison.Ordinal) == true && (total ?? 0m) == 0m;

    /// <summary>The RO App id in a memo the library wrote (<c>[RO App ref ID]</c>), or <see langword="null"/>.</summary>
    public static string? ReferencedId(string? privateNote)
    {
        var start = privateNote?.IndexOf(ReferenceStart, StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }

        start += ReferenceStart.Length;
        var end = privateNote!.IndexOf(']', start);
        return end > start ? privateNote[start..end] : null;
    }

    private static string? RefundId(string? privateNote) =>
        ReferencedId(privateNote) is { } id && id.StartsWith(RefundPrefix, StringComparison.Ordinal) ? id[RefundPrefix.Length..] : null;

    private static string Key(QuickBooksEntity entity) => (entity is RefundReceipt ? "R" : "C") + entity.Id;

    private static Dictionary<string, List<T>> Group<T>(IEnumerable<T> rows, Func<T, string?> idOf)
    {
        var groups = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (idOf(row) is { } id)
            {
                (groups.TryGetValue(id, out var list) ? list : groups[id] = []).Add(row);
            }
        }

        return groups;
    }

    private static async Task<IReadOnlyList<T>> AllAsync<T>(IQuickBooksClient client, string realmId, BooksPeriod period, CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        var query = QuickBooksQuery.From<T>()
            .Where("TxnDate", QueryOperator.GreaterThanOrEqual, period.From)
            .Where("TxnDate", QueryOperator.LessThanOrEqual, period.To);
        var rows = new List<T>();
        await foreach (var row in client.QueryAllAsync<T>(realmId, query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        // Oldest first, so "the first one" of several is the one made first.
        return [.. rows.OrderBy(r => r.MetaData?.CreateTime ?? DateTimeOffset.MaxValue).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    private static async ValueTask<T?> ReadOrNullAsync<T>(IQuickBooksClient client, string realmId, string id, CancellationToken cancellationToken)
        where T : QuickBooksEntity
    {
        try
        {
            return await client.ReadAsync<T>(realmId, id, cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksObjectNotFoundException)
        {
            return null;
        }
    }
}

/// <summary>A refund receipt or a credit memo, read the same way whichever it is.</summary>
internal sealed record RefundForm(QuickBooksEntity Entity)
{
    public const string Receipt = "RefundReceipt";
    public const string Memo = "CreditMemo";

    public string Id => Entity.Id!;

    public IRefundForm Form => (IRefundForm)Entity;

    public decimal Total => Form.TotalAmt ?? 0m;

    public string? Note => Form.PrivateNote;

    /// <summary>A refund receipt (<paramref name="cashBack"/>) or credit memo by id; <see langword="null"/> when QuickBooks has none.</summary>
    public static async ValueTask<RefundForm?> ReadAsync(IQuickBooksClient client, string realmId, bool cashBack, string id, CancellationToken cancellationToken)
    {
        try
        {
            return new RefundForm(cashBack
                ? await client.ReadAsync<RefundReceipt>(realmId, id, cancellationToken).ConfigureAwait(false)
                : await client.ReadAsync<CreditMemo>(realmId, id, cancellationToken).ConfigureAwait(false));
        }
        catch (QuickBooksObjectNotFoundException)
        {
            return null;
        }
    }

    public string EntityName => CashBack ? Receipt : Memo;

    public bool CashBack => Entity is RefundReceipt;
}
