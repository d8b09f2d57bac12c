using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using RoApp.QuickBooksSync.Api.Serialization;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Outbound;
using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Benchmarks.Outbound;

/// <summary>
/// Library CPU per invoice on the send path once customers, items and tax codes are known (links and caches):
/// mapping the RO App invoice, hashing its content (the skip-if-unchanged check) and writing the request body.
/// </summary>
[MemoryDiagnoser]
public class OutboundMappingBenchmarks
{
    private RoAppInvoiceSnapshot _snapshot = null!;
    private string[] _itemIds = null!;
    private InvoiceTaxPlan _tax = null!;
    private QuickBooksCompanyProfile _profile = null!;

    [Params(3, 20)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var lines = Enumerable.Range(1, Lines)
            .Select(i => new RoAppInvoiceLine($"Part or labour {i}", i, 19.99m, 19.99m * i, i % 2 == 0 ? "sales-tax" : null))
            .ToList();
        _snapshot = new RoAppInvoiceSnapshot
        {
            Id = "inv-10037",
            Number = "RO-10037",
            Date = new DateOnly(2026, 2, 27),
            DueDate = new DateOnly(2026, 3, 29),
            Client = new RoAppContact { Id = "client-58", FirstName = "Pat", LastName = "O'Brien", Email = "pat@example.com", Address = new RoAppAddress("12 Main St", City: "Springfield", Region: "IL", PostalCode: "62701") },
            Lines = lines,
            Total = lines.Sum(l => l.Amount),
        };
        _itemIds = [.. Enumerable.Range(1, Lines).Select(i => (100 + i).ToString(CultureInfo.InvariantCulture))];
        _tax = new InvoiceTaxPlan([.. lines.Select(l => l.TaxId is null ? "NON" : "TAX")], "3", null, []);
        _profile = new QuickBooksCompanyProfile { Country = "US", CustomTransactionNumbers = true, UsingSalesTax = true };
    }

    [Benchmark]
    public int MapHashAndSerialize()
    {
        var invoice = InvoiceMapper.Map(_snapshot, "58", _itemIds, _tax, _profile);
        var hash = InvoiceMapper.ContentHash(invoice);
        var body = JsonSerializer.SerializeToUtf8Bytes(invoice, QuickBooksJsonContext.Default.Invoice);
        return hash.Length + body.Length;
    }
}
