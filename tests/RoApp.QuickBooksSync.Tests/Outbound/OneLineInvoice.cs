using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>An RO App invoice of one battery line for Grace Hopper, at the given price: edits change the price.</summary>
internal static class OneLineInvoice
{
    public static RoAppInvoiceSnapshot Snapshot(decimal price, string id = "inv-9") => new()
    {
        Id = id,
        Number = id.ToUpperInvariant(),
        Date = new DateOnly(2026, 3, 2),
        Client = new RoAppContact { Id = "client-9", FirstName = "Grace", LastName = "Hopper" },
        Lines = [new RoAppInvoiceLine("Battery", 1, price, price)],
        Total = price,
    };
}
