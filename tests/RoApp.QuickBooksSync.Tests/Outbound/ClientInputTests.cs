using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;
using RoApp.QuickBooksSync.Sync;

namespace RoApp.QuickBooksSync.Tests.Outbound;

/// <summary>A client QuickBooks cannot name is refused before anything is looked up or written.</summary>
public sealed class ClientInputTests
{
    private const string Company = OutboundHarness.CompanyId;
    private static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string, RoAppContact> Nameless => new()
    {
        { "no name at all", new RoAppContact { Id = "client-9", Email = "nobody@example.com" } },
        { "names of blanks only", new RoAppContact { Id = "client-9", FirstName = " ", LastName = "", CompanyName = "   " } },
    };

    [Theory]
    [MemberData(nameof(Nameless))]
    public async Task A_client_with_no_name_is_a_failed_entry_naming_the_field_and_nothing_is_sent(string why, RoAppContact client)
    {
        await using var h = await OutboundHarness.StartAsync();
        h.AddInvoice("1001", client: client);

        var outcome = await h.Sync.SyncInvoiceNowAsync(Company, "1001", None);

        Assert.True(outcome.Result == InvoiceSyncResult.Failed, why);
        Assert.Contains("(field Client)", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("client-9", outcome.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Sim.RequestLog, r => r.Method == "POST");
        Assert.Empty(h.Invoices);
        Assert.Equal(JournalOutcome.Failed, Assert.Single(await h.JournalAsync("1001")).Outcome);
    }
}
