// A web host with the QuickBooks sync, its endpoints and the operator page, on the QuickBooks simulator in this
// process (or, with QuickBooksSync:ClientId set, on the QuickBooks the configuration names). Open
// http://localhost:5080/login, then "Connect to QuickBooks". Replace /login and DemoGateway with your own.
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using RoApp.QuickBooksSync;
using RoApp.QuickBooksSync.Sample.Web;
using RoApp.QuickBooksSync.Testing;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["Urls"] ?? "http://localhost:5080");
await using var simulator = builder.Configuration["QuickBooksSync:ClientId"] is null ? QuickBooksSimulator.Start() : null;
simulator?.AddCompany(new CompanyOptions { CompanyName = "Fix-It Repair Shop (QuickBooks)" });

builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o => o.LoginPath = "/login");
builder.Services.AddAuthorization(o => o.AddPolicy("QuickBooksOperators", p => p.RequireRole("owner")));
builder.Services.AddQuickBooksSync(builder.Configuration.GetSection("QuickBooksSync"))
    // A fresh file per run: the in-process simulator and the demo token key are new each run too.
    .UseSqlite(builder.Configuration.GetConnectionString("QuickBooksSync") ?? Path.Combine(Path.GetTempPath(), $"roapp-qbs-web-{Guid.NewGuid():N}.db"))
    .UseRoAppGateway<DemoGateway>(ServiceLifetime.Singleton)   // in memory, so one instance; a gateway over a DbContext keeps the scoped default
    .UseCompanyResolver(http => http.User.FindFirstValue("company_id"));
builder.Services.PostConfigure<QuickBooksSyncOptions>(o => DemoGateway.UseSimulator(o, simulator, new Uri("http://localhost:5080/quickbooks/callback")));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapQuickBooksSync("/quickbooks", o => o.AuthorizationPolicy = "QuickBooksOperators");
app.MapGet("/", () => Results.Redirect("/quickbooks/"));
app.MapGet("/login", async (HttpContext http) =>   // a stand-in for the host's real sign-in
{
    var user = new ClaimsIdentity([new Claim(ClaimTypes.Name, "Olga"), new Claim("company_id", "demo-shop"), new Claim(ClaimTypes.Role, "owner")], "demo");
    await http.SignInAsync(new ClaimsPrincipal(user));
    return Results.Redirect("/quickbooks/");
});

await app.StartAsync();
simulator?.Webhooks.SetTarget(new Uri(app.Urls.First().TrimEnd('/') + "/quickbooks/webhooks"));
Console.WriteLine($"Open {app.Urls.First().TrimEnd('/')}/login (QuickBooks: {(simulator is null ? "as configured" : "the in-process simulator at " + simulator.BaseUrl)}).");
await app.WaitForShutdownAsync();
