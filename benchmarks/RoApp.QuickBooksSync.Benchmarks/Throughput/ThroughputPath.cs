namespace RoApp.QuickBooksSync.Benchmarks.Throughput;

/// <summary>One way invoices reach QuickBooks, measured on its own fresh simulator and store.</summary>
/// <param name="Name">The name printed on the result line.</param>
/// <param name="Bulk">Sent with <c>SyncManyAsync</c> (batch requests) rather than one by one through the trigger status.</param>
/// <param name="NewCustomers">Every invoice is for a client QuickBooks has never seen (the first backfill); otherwise customers and items are linked by a warm-up first.</param>
/// <param name="Webhooks">QuickBooks' webhooks are delivered to the host and reconciliation runs every minute (the shortest interval the options allow) beside the sends.</param>
/// <param name="Naive">The node-quickbooks naive loop instead of the library.</param>
internal sealed record ThroughputPath(string Name, bool Bulk, bool NewCustomers, bool Webhooks = false, bool Naive = false)
{
    public static readonly IReadOnlyList<ThroughputPath> All =
    [
        new("bulk-new", Bulk: true, NewCustomers: true),
        new("bulk-linked", Bulk: true, NewCustomers: false),
        new("one-by-one-linked", Bulk: false, NewCustomers: false),
        new("one-by-one-new", Bulk: false, NewCustomers: true),
        new("mixed-webhooks", Bulk: false, NewCustomers: false, Webhooks: true),
        new("naive-new", Bulk: false, NewCustomers: true, Naive: true),
        new("naive-linked", Bulk: false, NewCustomers: false, Naive: true),
    ];

    /// <summary>
    /// Invoices a minute the realm's limits allow on this path, with R requests and B batch requests (of 30
    /// operations) a minute: bulk linked 30·B; bulk with new customers (a customer create and an invoice create
    /// each, both batched, the rest of the request budget used for single calls) (30·B + R − B) / 2; one by one
    /// R (linked) or R / 2 (new customers: two writes an invoice).
    /// </summary>
    public int Ceiling(int requestsPerMinute, int batchesPerMinute) => (Bulk, NewCustomers) switch
    {
        (true, false) => 30 * batchesPerMinute,
        (true, true) => ((30 * batchesPerMinute) + requestsPerMinute - batchesPerMinute) / 2,
        (false, false) => requestsPerMinute,
        (false, true) => requestsPerMinute / 2,
    };
}
