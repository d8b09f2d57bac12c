using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Sample.DemoRoApp;

/// <summary>A small repair shop in San Jose, California: its statuses and rules, taxes, cashboxes, clients and invoices.</summary>
internal static class DemoSeed
{
    public const string CompanyId = "demo-repair-shop";

    // Status ids, as the sample's settings refer to them.
    public const string New = "new";
    public const string InProgress = "in-progress";
    public const string AwaitingPayment = "awaiting-payment";
    public const string Paid = "paid";
    public const string Canceled = "canceled";

    public const string SalesTax = "sales-tax";
    public const string FrontDeskCash = "front-desk-cash";
    public const string CardTerminal = "card-terminal";

    /// <summary>The company as it starts every run, invoices dated from <paramref name="today"/>.</summary>
    public static DemoCompany Create(DateOnly today)
    {
        var maria = new DemoClient("c-101", "Maria", "Gonzalez", "maria.gonzalez@example.com", "+1 408-555-0142",
            new DemoAddress("1450 Lincoln Ave", "San Jose", "CA", "95125"));
        var david = new DemoClient("c-102", "David", "Kim", "david.kim@example.net", "+1 408-555-0178",
            new DemoAddress("88 E San Fernando St, Apt 1204", "San Jose", "CA", "95113"));
        var emily = new DemoClient("c-103", "Emily", "Carter", "emily.carter@example.org", "+1 650-555-0119",
            new DemoAddress("301 Castro St", "Mountain View", "CA", "94041"));
        var james = new DemoClient("c-104", "James", "O'Brien", "j.obrien@example.com", "+1 408-555-0163",
            new DemoAddress("2210 The Alameda", "Santa Clara", "CA", "95050"));
        var priya = new DemoClient("c-105", "Priya", "Patel", "priya.patel@example.com", "+1 669-555-0107",
            new DemoAddress("5120 Stevens Creek Blvd", "San Jose", "CA", "95129"));

        // Emily's work laptop: her employer pays, so the bill goes to the employer's address under her name.
        var employer = new DemoPayer("p-201", "Carter & Sons Plumbing LLC", "accounts@carterandsons.example.com",
            new DemoAddress("77 Industrial Way", "Sunnyvale", "CA", "94089"));

        return new DemoCompany
        {
            Id = CompanyId,
            Name = "Fix-It Repair Shop",
            Statuses =
            [
                new(New, "New", RoAppStatusGroup.New),
                new(InProgress, "In progress", RoAppStatusGroup.InProgress),
                new(AwaitingPayment, "Awaiting payment", RoAppStatusGroup.InProgress),
                new(Paid, "Paid", RoAppStatusGroup.Paid),
                new(Canceled, "Canceled", RoAppStatusGroup.Canceled),
            ],

            // Paid and Canceled are final: nothing leaves them (a voided paid invoice is refused, and the refusal journalled).
            Transitions =
            [
                new(New, InProgress),
                new(New, Canceled),
                new(InProgress, AwaitingPayment),
                new(InProgress, Canceled),
                new(AwaitingPayment, InProgress),
                new(AwaitingPayment, Paid),
                new(AwaitingPayment, Canceled),
            ],
            Taxes = [new(SalesTax, "Sales tax 8.25%", 8.25m)],
            Cashboxes = [new(FrontDeskCash, "Front desk cash"), new(CardTerminal, "Card terminal")],
            LegacyIntegrationEnabled = false,
            Invoices =
            [
                Invoice("inv-1001", "1001", maria, null, today, New,
                    new("Screen replacement iPhone 13", 1, 189.00m, SalesTax),
                    new("Diagnostics", 1, 25.00m, null)),
                Invoice("inv-1002", "1002", david, null, today, InProgress,
                    new("Battery Samsung Galaxy S22", 1, 49.00m, SalesTax),
                    new("Battery replacement labour", 1, 30.00m, null),

                    // Three at 4.99: RO App taxes per unit (0.41 x 3 = 1.23), QuickBooks per line (1.24): a cent to report.
                    new("USB-C cable", 3, 4.99m, SalesTax)),
                Invoice("inv-1003", "1003", emily, employer, today, InProgress,
                    new("Keyboard replacement MacBook Pro 14", 1, 249.00m, SalesTax),
                    new("Data backup", 1, 40.00m, null)),
                // Made at the second branch: QuickBooks tracks both branches as Locations.
                Invoice("inv-1004", "1004", james, null, today, New,
                    new("Charging port repair iPad Air", 1, 95.00m, SalesTax),
                    new("Diagnostics", 1, 25.00m, null)) with { Location = DemoRoApp.SecondLocation },
                // A returning client: 10% off the diagnostics (untaxed, so RO App and QuickBooks agree to the cent).
                Invoice("inv-1005", "1005", priya, null, today, New,
                    new("Water damage treatment Pixel 7", 1, 120.00m, null),
                    new DemoInvoiceLine("Diagnostics", 1, 25.00m, null) { DiscountPercent = 10m }),
                Invoice("inv-1006", "1006", maria, null, today, New,
                    new DemoInvoiceLine("Back glass replacement iPhone 13", 1, 89.00m, SalesTax)),
            ],
        };
    }

    private static DemoInvoice Invoice(string id, string number, DemoClient client, DemoPayer? payer, DateOnly today, string statusId, params DemoInvoiceLine[] lines) => new()
    {
        Id = id,
        Number = number,
        Client = client,
        Payer = payer,
        Date = today,
        DueDate = today.AddDays(14),
        Lines = lines,
        StatusId = statusId,
    };
}
