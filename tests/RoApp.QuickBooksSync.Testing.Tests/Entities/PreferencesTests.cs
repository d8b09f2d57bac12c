using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

public sealed class PreferencesTests
{
    [Fact]
    public async Task A_sparse_preferences_update_merges_groups_and_switches_numbering()
    {
        await using var h = Harness.Create(customNumbers: true);
        var customer = await h.CreateCustomerAsync("Prefs");

        var answer = await h.PostAsync("preferences", new JsonObject
        {
            ["Id"] = "1", ["SyncToken"] = "0", ["sparse"] = true,
            ["SalesFormsPrefs"] = new JsonObject { ["CustomTxnNumbers"] = false },
        });
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "MINE");

        Assert.Equal(200, answer.Status);
        var prefs = answer.Entity("Preferences");
        Assert.False(prefs["SalesFormsPrefs"]!["CustomTxnNumbers"]!.GetValue<bool>());
        Assert.NotNull(prefs["SalesFormsPrefs"]!["AllowDiscount"]);
        Assert.Equal("1", prefs["SyncToken"].Str());
        Assert.Equal("1001", invoice["DocNumber"].Str());
    }

    [Fact]
    public async Task The_numbering_preference_can_be_switched_from_the_test()
    {
        await using var h = Harness.Create(customNumbers: false);
        var customer = await h.CreateCustomerAsync("Switch");

        h.Sim.SetCustomTransactionNumbers(h.Realm, true);
        var invoice = await h.CreateInvoiceAsync(customer["Id"].Str(), 10m, "RO-9");

        Assert.Equal("RO-9", invoice["DocNumber"].Str());
        Assert.True((await h.GetAsync("preferences")).Entity("Preferences")["SalesFormsPrefs"]!["CustomTxnNumbers"]!.GetValue<bool>());
    }
}
