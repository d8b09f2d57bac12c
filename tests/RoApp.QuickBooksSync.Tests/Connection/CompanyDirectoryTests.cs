using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Connection;

public sealed class CompanyDirectoryTests : IDisposable
{
    private readonly FakeIntuit _intuit = new();
    private readonly ConnectionHarness _app;

    public CompanyDirectoryTests() => _app = new ConnectionHarness(_intuit);

    public void Dispose()
    {
        _app.Dispose();
        _intuit.Dispose();
    }

    [Fact]
    public async Task Reads_profile_tax_codes_and_accounts_of_the_connected_realm()
    {
        _intuit.Country = "CA";
        _intuit.PartnerTaxEnabled = true;
        await _app.ConnectAsync("c1", "realm-1");
        var directory = _app.Get<IQuickBooksCompanyDirectory>();

        var profile = await directory.GetProfileAsync("realm-1", CancellationToken.None);
        var codes = await directory.ListTaxCodesAsync("realm-1", CancellationToken.None);
        var accounts = await directory.ListAccountsAsync("realm-1", CancellationToken.None);

        Assert.Equal(("Company realm-1", "CA", true, true, "USD"), (profile.CompanyName, profile.Country, profile.PartnerTaxEnabled, profile.CustomTransactionNumbers, profile.HomeCurrency));
        Assert.Contains(codes, c => c is { Id: "7", Name: "GST 5%" });
        Assert.Contains(accounts, a => a is { Id: "35", AccountType: "Bank", CanReceiveDeposits: true });
        Assert.Contains(accounts, a => a is { Id: "33", CanReceiveDeposits: false });
    }

    [Fact]
    public async Task A_401_refreshes_the_token_once_and_retries()
    {
        await _app.ConnectAsync("c1", "realm-1");
        _intuit.KillAccessTokens();
        var directory = _app.Get<IQuickBooksCompanyDirectory>();

        var codes = await directory.ListTaxCodesAsync("realm-1", CancellationToken.None);

        Assert.NotEmpty(codes);
        Assert.Equal(1, _intuit.RefreshRequests);
    }

    [Fact]
    public async Task A_second_401_after_the_one_refresh_is_an_authentication_error()
    {
        await _app.ConnectAsync("c1", "realm-1");
        var directory = _app.Get<IQuickBooksCompanyDirectory>();
        _intuit.KillAccessTokensFromNowOn();

        var ex = await Assert.ThrowsAsync<QuickBooksAuthenticationException>(() => directory.ListAccountsAsync("realm-1", CancellationToken.None).AsTask());

        Assert.Equal("realm-1", ex.RealmId);
        Assert.Equal(1, _intuit.RefreshRequests);
    }
}
