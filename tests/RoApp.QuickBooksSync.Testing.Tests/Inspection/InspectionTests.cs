namespace RoApp.QuickBooksSync.Testing.Tests.Inspection;

public sealed class InspectionTests
{
    [Fact]
    public async Task The_request_log_records_method_path_query_and_status()
    {
        await using var h = Harness.Create();

        await h.GetAsync("item/" + h.Company.ServiceItemId + "?minorversion=75");
        await h.GetAsync("item/999");

        var log = h.Sim.RequestLog;
        Assert.Equal(2, log.Count);
        Assert.Equal("GET", log[0].Method);
        Assert.Equal($"/v3/company/{h.Realm}/item/{h.Company.ServiceItemId}", log[0].Path);
        Assert.Equal("minorversion=75", log[0].Query);
        Assert.Equal(200, log[0].Status);
        Assert.Equal(400, log[1].Status);
        Assert.Equal(2, h.Sim.Counters.Requests);
    }

    [Fact]
    public async Task Seeded_companies_hold_accounts_tax_codes_and_a_service_item()
    {
        await using var h = Harness.Create(CompanyProfile.UnitedKingdom);
        var inspect = h.Sim.Inspect(h.Realm);

        var undeposited = inspect.Find("Account", h.Company.UndepositedFundsAccountId)!;
        Assert.Equal("UndepositedFunds", undeposited["AccountSubType"].Str());
        Assert.Equal("Bank", inspect.Find("Account", h.Company.BankAccountId)!["AccountType"].Str());
        Assert.Equal("Income", inspect.Find("Account", h.Company.IncomeAccountId)!["AccountType"].Str());
        Assert.Equal("Service", inspect.Find("Item", h.Company.ServiceItemId)!["Type"].Str());
        Assert.Equal(4, inspect.Count("TaxCode"));
        Assert.Equal("GB", inspect.All("CompanyInfo").Single()["Country"].Str());
    }

    [Fact]
    public async Task Several_companies_are_independent()
    {
        await using var h = Harness.Create();
        var other = h.Sim.AddCompany(new CompanyOptions { Profile = CompanyProfile.Canada });

        await h.CreateCustomerAsync("Only here");

        Assert.Equal(1, h.Sim.Inspect(h.Realm).Count("Customer"));
        Assert.Equal(0, h.Sim.Inspect(other.RealmId).Count("Customer"));
        Assert.Equal(2, h.Sim.Companies.Count);
    }
}
