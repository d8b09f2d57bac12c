using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RoApp.QuickBooksSync.AspNetCore.Tests;

/// <summary>A host that ends the OAuth callback on its own page, with the outcome.</summary>
public sealed class ConnectCompletedTests : IAsyncLifetime
{
    private SyncWebHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await SyncWebHost.StartAsync(app => app.MapQuickBooksSync("/crm/quickbooks", o =>
        {
            o.AuthorizationPolicy = "QuickBooksOperators";
            o.MapOperatorPage = false;
            o.ConnectCompleted = (_, outcome) => Results.Redirect($"/settings/quickbooks?connected={outcome.Connected}&failure={outcome.Failure}&company={outcome.CompanyId}");
        }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_hosts_delegate_answers_the_callback_with_the_outcome_of_success_and_failure()
    {
        using var client = _host.Client();
        using var anonymous = _host.Client(user: null);
        using var connect = await client.GetAsync(new Uri("crm/quickbooks/connect", UriKind.Relative));
        using var approved = await anonymous.GetAsync(connect.Headers.Location!);
        // The simulator sends the browser to the configured redirect URI; this host's mapping takes the same callback.
        var callback = approved.Headers.Location!.PathAndQuery.Replace("/quickbooks/callback", "/crm/quickbooks/callback", StringComparison.Ordinal);

        using var done = await anonymous.GetAsync(new Uri(callback, UriKind.Relative));
        using var again = await anonymous.GetAsync(new Uri(callback, UriKind.Relative));
        using var declined = await anonymous.GetAsync(new Uri("crm/quickbooks/callback?error=access_denied&state=" + Uri.EscapeDataString(System.Web.HttpUtility.ParseQueryString(new Uri(_host.BaseAddress, callback).Query)["state"]!), UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/settings/quickbooks?connected=True&failure=&company={SyncWebHost.CompanyId}", done.Headers.Location!.OriginalString);
        Assert.Equal($"/settings/quickbooks?connected=False&failure=InvalidState&company={SyncWebHost.CompanyId}", again.Headers.Location!.OriginalString);
        Assert.Equal($"/settings/quickbooks?connected=False&failure=InvalidState&company={SyncWebHost.CompanyId}", declined.Headers.Location!.OriginalString);
        Assert.Equal("Disabled", (string?)(await client.GetFromJsonAsync<JsonObject>(new Uri("crm/quickbooks/api/connection", UriKind.Relative)))!["status"]);
        using var page = await client.GetAsync(new Uri("crm/quickbooks/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }
}
