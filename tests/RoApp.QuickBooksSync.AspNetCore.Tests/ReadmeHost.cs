using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RoApp.QuickBooksSync.AspNetCore.Tests;

/// <summary>
/// The README's "ASP.NET Core host" code, compiled here and run by every endpoint and browser test (the test host
/// adds only its sign-in scheme and the simulator's addresses). <c>ReadmeSnippetTests</c> checks that the README
/// shows exactly the lines between the markers.
/// </summary>
internal static class ReadmeHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // README: aspnetcore-host begin
        builder.Services.AddQuickBooksSync(builder.Configuration.GetSection("QuickBooksSync"))
            .UseSqlite(builder.Configuration.GetConnectionString("QuickBooksSync") ?? "data/quickbooks-sync.db")
            .UseRoAppGateway<MyRoAppGateway>()
            .UseCompanyResolver(http => http.User.FindFirstValue("company_id"));   // the signed-in user's RO App company
        builder.Services.AddAuthorization(o => o.AddPolicy("QuickBooksOperators", p => p.RequireRole("owner", "accountant")));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        // Webhook: POST /quickbooks/webhooks; OAuth: GET /quickbooks/connect and /quickbooks/callback (the redirect URI);
        // JSON: /quickbooks/api/...; the operator page: /quickbooks/. All but the webhook and callback need the policy.
        app.MapQuickBooksSync("/quickbooks", o => o.AuthorizationPolicy = "QuickBooksOperators");
        // README: aspnetcore-host end
        return app;
    }
}
