using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Serialization;

namespace RoApp.QuickBooksSync.Benchmarks;

/// <summary>
/// What the client spends on one 20-line invoice: the request body it writes, and the answer it reads
/// (QuickBooks wraps it in <c>{"Invoice": ..., "time": ...}</c>; the client parses the envelope once
/// to look for a Fault, then reads the invoice out of it).
/// </summary>
[MemoryDiagnoser]
public class InvoiceSerializationBenchmarks
{
    private Invoice _invoice = null!;
    private byte[] _invoiceJson = null!;
    private byte[] _answerJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _invoice = new Invoice
        {
            Id = "130",
            SyncToken = "2",
            CustomerRef = new QuickBooksRef("58", "O'Brien & Sons"),
            DocNumber = "RO-1037",
            TxnDate = new DateOnly(2026, 2, 27),
            DueDate = new DateOnly(2026, 3, 29),
            BillEmail = new EmailAddress { Address = "obrien@example.com" },
            BillAddr = new PhysicalAddress { Line1 = "12 Main St", City = "Springfield", CountrySubDivisionCode = "IL", PostalCode = "62701" },
            PrivateNote = "Sent from RO App",
            TxnTaxDetail = new TxnTaxDetail { TxnTaxCodeRef = new QuickBooksRef("2"), TotalTax = 31.40m },
            MetaData = new ModificationMetaData { CreateTime = new DateTimeOffset(2026, 2, 27, 10, 33, 39, TimeSpan.FromHours(-8)), LastUpdatedTime = new DateTimeOffset(2026, 2, 27, 10, 35, 8, TimeSpan.FromHours(-8)) },
            Lines = [.. Enumerable.Range(1, 20).Select(i => new InvoiceLine
            {
                Id = i.ToString(CultureInfo.InvariantCulture),
                LineNum = i,
                Description = $"Part or labour number {i}",
                Amount = 19.99m * i,
                DetailType = InvoiceLine.SalesItemLineDetailType,
                SalesItemLineDetail = new SalesItemLineDetail
                {
                    ItemRef = new QuickBooksRef((100 + i).ToString(CultureInfo.InvariantCulture), $"Item {i}"),
                    Qty = i,
                    UnitPrice = 19.99m,
                    TaxCodeRef = new QuickBooksRef("TAX"),
                },
            })],
        };
        _invoiceJson = JsonSerializer.SerializeToUtf8Bytes(_invoice, QuickBooksJsonContext.Default.Invoice);
        _answerJson = [.. "{\"Invoice\":"u8, .. _invoiceJson, .. ",\"time\":\"2026-02-27T10:35:08.123-08:00\"}"u8];
    }

    [Benchmark]
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(_invoice, QuickBooksJsonContext.Default.Invoice);

    [Benchmark]
    public Invoice? Deserialize() => JsonSerializer.Deserialize(_invoiceJson, QuickBooksJsonContext.Default.Invoice);

    [Benchmark]
    public Invoice? DeserializeAnswerEnvelope()
    {
        using var document = JsonDocument.Parse(_answerJson);
        return document.RootElement.GetProperty("Invoice").Deserialize(QuickBooksJsonContext.Default.Invoice);
    }
}
