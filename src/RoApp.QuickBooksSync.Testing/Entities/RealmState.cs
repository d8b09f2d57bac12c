using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>
/// Everything one simulated company holds. Not thread-safe by itself: every read and write happens
/// under <see cref="Gate"/>, because WireMock.Net runs request callbacks concurrently.
/// </summary>
internal sealed class RealmState
{
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _entities = new(StringComparer.OrdinalIgnoreCase);
    private long _nextId = 1;
    private long _nextDocNumber = 1001;

    public RealmState(string realmId, CompanyFacts facts, SimulatorClock clock)
    {
        RealmId = realmId;
        Facts = facts;
        Clock = clock;
        foreach (var name in EntityNames.All)
        {
            _entities[name] = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        }
    }

    public object Gate { get; } = new();

    /// <summary>
    /// The highest line id each invoice ever had: lines sent without an id get new ids above it, as in
    /// QuickBooks, so a client that drops line ids on an update is seen to replace its lines.
    /// </summary>
    public Dictionary<string, long> LineIdHighWater { get; } = new(StringComparer.Ordinal);

    public string RealmId { get; }

    public CompanyFacts Facts { get; set; }

    public SimulatorClock Clock { get; }

    public DateTimeOffset Now => Clock.UtcNow;

    public string NowText => SimulatorClock.Format(Now, Facts.UtcOffset);

    public string Today => SimulatorClock.FormatDate(Now, Facts.UtcOffset);

    /// <summary>Deleted objects, for CDC tombstones.</summary>
    public List<Tombstone> Tombstones { get; } = [];

    /// <summary>Changes made by the operation in progress; drained after the lock is released to emit webhooks.</summary>
    public List<EntityChange> PendingChanges { get; } = [];

    /// <summary>invoice id → (payment id → amount applied).</summary>
    public Dictionary<string, Dictionary<string, decimal>> Applications { get; } = new(StringComparer.Ordinal);

    /// <summary>credit memo id → (payment id → credit applied by that payment).</summary>
    public Dictionary<string, Dictionary<string, decimal>> CreditApplications { get; } = new(StringComparer.Ordinal);

    public HashSet<string> VoidedInvoices { get; } = new(StringComparer.Ordinal);

    public HashSet<string> VoidedPayments { get; } = new(StringComparer.Ordinal);

    /// <summary>Payments a bookkeeper put into a bank deposit: QuickBooks refuses to change, void or delete them (6540).</summary>
    public HashSet<string> DepositedPayments { get; } = new(StringComparer.Ordinal);

    /// <summary>Invoices whose <c>TxnTaxDetail.TotalTax</c> was given by the caller and is honoured instead of computed.</summary>
    public HashSet<string> ExplicitTax { get; } = new(StringComparer.Ordinal);

    /// <summary>requestid → first answer (status and body).</summary>
    public Dictionary<string, (int Status, string Body)> RequestIds { get; } = new(StringComparer.Ordinal);

    public string NewId() => (_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string NextDocNumber() => (_nextDocNumber++).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Dictionary<string, JsonObject> Table(string entity) => _entities[entity];

    public JsonObject? Find(string entity, string? id) =>
        id is not null && _entities[entity].TryGetValue(id, out var found) ? found : null;

    public JsonObject Require(string entity, string? id, string element)
    {
        var found = Find(entity, id);
        if (found is null || Json.Bool(found["Active"]) == false)
        {
            throw new QuickBooksFault(400, "610", "Object Not Found",
                $"Object Not Found : Something you're trying to use has been made inactive or does not exist: {element} {entity} id {id ?? "(none)"}.",
                element);
        }

        return found;
    }

    public void Record(string entity, string id, string operation) =>
        PendingChanges.Add(new EntityChange(RealmId, entity, id, operation, Now));

    /// <summary>Stamps a new version: SyncToken + 1 and LastUpdatedTime = now.</summary>
    public void Touch(JsonObject entity)
    {
        var token = long.TryParse(Json.String(entity["SyncToken"]), out var t) ? t + 1 : 0;
        entity["SyncToken"] = token.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var meta = Json.Obj(entity, "MetaData");
        meta["CreateTime"] ??= NowText;
        meta["LastUpdatedTime"] = NowText;
    }

    public decimal AppliedTo(string invoiceId) =>
        Applications.TryGetValue(invoiceId, out var byPayment) ? byPayment.Values.Sum() : 0m;

    public decimal CreditUsed(string creditMemoId) =>
        CreditApplications.TryGetValue(creditMemoId, out var byPayment) ? byPayment.Values.Sum() : 0m;
}

/// <summary>A deleted object as CDC reports it.</summary>
internal sealed record Tombstone(string Entity, string Id, DateTimeOffset DeletedAt);

/// <summary>The facts of a company that rules depend on.</summary>
internal sealed record CompanyFacts(
    string Country,
    bool CustomTransactionNumbers,
    bool AutomatedSalesTax,
    TimeSpan UtcOffset,
    string UndepositedFundsAccountId,
    string? AutomatedSalesTaxCodeId,
    decimal AutomatedSalesTaxRate)
{
    public bool IsUnitedStates => Country == "US";
}
