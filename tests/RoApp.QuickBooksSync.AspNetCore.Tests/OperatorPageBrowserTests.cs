using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RoApp.QuickBooksSync.Testing.Faults;

namespace RoApp.QuickBooksSync.AspNetCore.Tests;

/// <summary>
/// The operator page in a real browser: Debian's Chromium (<c>/usr/bin/chromium</c>, installed by <c>.ci/run</c>)
/// driven by Playwright, against the Kestrel test host with the simulator and SQLite. A screenshot of each run is
/// kept in the test output folder (<c>screenshots/</c>).
/// </summary>
public sealed class OperatorPageBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    private SyncWebHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run does it).");
        _host = await SyncWebHost.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task An_operator_connects_fixes_a_wrong_tax_code_beside_its_field_and_retries_a_stopped_send()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { [TestAuthentication.Header] = TestAuthentication.Owner(SyncWebHost.CompanyId) },
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        // Script errors fail the test; the browser's own notes on answers such as the expected 400 of an invalid save do not.
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) errors.Add(m.Text); };

        // Not connected yet.
        await page.GotoAsync(new Uri(_host.BaseAddress, "quickbooks/").ToString());
        await Ready(page);
        await Assertions.Expect(page.Locator("#conn-status")).ToHaveTextAsync("Not Connected");
        await Assertions.Expect(page.Locator("#company-id")).ToHaveTextAsync(SyncWebHost.CompanyId);

        // Connect through the simulator's authorise page and back through the callback.
        await page.GetByRole(AriaRole.Link, new() { Name = "Connect to QuickBooks" }).ClickAsync();
        // Three hops (Intuit's page, the callback, the page again): wait for what the page says on its return.
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("QuickBooks is connected", new() { Timeout = 20_000 });
        await Ready(page);
        Assert.Equal(new Uri(_host.BaseAddress, "quickbooks/").ToString(), page.Url);   // the ?connected=1 is tidied away
        await Assertions.Expect(page.Locator("#conn-company")).ToContainTextAsync("Fix-It Repair Shop (QuickBooks)");
        await Assertions.Expect(page.Locator("#conn-realm")).ToHaveTextAsync(_host.Company.RealmId);
        await Assertions.Expect(page.Locator("#conn-connect")).ToHaveTextAsync("Reconnect");

        await page.GetByLabel("Enable integration").CheckAsync();
        await Assertions.Expect(page.Locator("#conn-status")).ToHaveTextAsync("Connected");

        // Settings shaped like RO App's page, with one tax code mistyped.
        await page.GetByLabel("Awaiting payment").CheckAsync();
        await page.GetByLabel("Payment account").SelectOptionAsync("card-terminal");
        await page.Locator("#tax-ro-0").SelectOptionAsync("sales-tax");
        await page.Locator("#tax-qb-0").FillAsync("Califronia");
        await page.GetByRole(AriaRole.Button, new() { Name = "+ add tax" }).ClickAsync();
        await page.Locator("#tax-ro-1").SelectOptionAsync("service-tax");
        await page.Locator("#tax-qb-1").FillAsync("Out of state");
        await page.GetByLabel("Invoice updated").SelectOptionAsync("in-progress");
        await page.GetByLabel("Payment created").SelectOptionAsync("paid");
        await page.GetByLabel("Invoice voided").SelectOptionAsync("canceled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var problem = page.Locator("[data-problem-for='taxMappings[0].quickBooksTaxCode']");
        await Assertions.Expect(problem).ToBeVisibleAsync();
        await Assertions.Expect(problem).ToContainTextAsync("Califronia");
        await Assertions.Expect(page.Locator("#tax-qb-0")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("[data-problem-for='taxMappings[1].quickBooksTaxCode']")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#settings-status")).ToContainTextAsync("Not saved");
        await Screenshot(page, "operator-page-settings-problem.png");

        await page.Locator("#tax-qb-0").FillAsync("California");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#settings-status")).ToHaveTextAsync("Saved.");
        await Assertions.Expect(problem).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#tax-qb-0")).ToHaveValueAsync("California");

        // A send that fails (QuickBooks answers 500) stops; the journal shows it with Retry.
        _host.Sim.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Operation = FaultOperation.Create, Entity = "Invoice", Times = 1 });
        _host.Gateway.AddInvoice("3003");
        await _host.Sync.InvoiceStatusChangedAsync(SyncWebHost.CompanyId, "3003", "awaiting-payment", CancellationToken.None);
        var retry = page.Locator("#journal-rows tr", new() { HasText = "3003" }).GetByRole(AriaRole.Button, new() { Name = "Retry" });
        await EndpointTests.Eventually(async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "refresh" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            return await retry.CountAsync() == 1;
        });
        await Assertions.Expect(page.Locator("#queue-dead")).ToHaveTextAsync("1");

        await retry.ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("is queued again");

        // The invoice look-up shows it synced, with its QuickBooks link.
        await page.GetByLabel("RO App invoice id").FillAsync("3003");
        await EndpointTests.Eventually(async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            return await page.Locator("#invoice-status").TextContentAsync() == "Synced";
        });
        var quickBooksId = Assert.Single(_host.Sim.Inspect(_host.Company.RealmId).All("Invoice"))["Id"]!.ToString();
        var link = page.Locator("#invoice-link a");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", $"https://app.sandbox.qbo.intuit.com/app/invoice?txnId={quickBooksId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "refresh" }).ClickAsync();
        await Assertions.Expect(page.Locator("#queue-dead")).ToHaveTextAsync("0");
        await Assertions.Expect(retry).ToHaveCountAsync(0);   // the stopped entry stays in the journal, without Retry now
        await Assertions.Expect(page.Locator("#journal-rows tr", new() { HasText = "Gave up" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#journal-rows tr", new() { HasText = "3003" }).GetByRole(AriaRole.Link, new() { Name = "Open in QuickBooks" }).First).ToBeVisibleAsync();
        await Screenshot(page, "operator-page.png");

        // Accessibility: axe-core's rules (WCAG 2 A and AA and best practices) on the page as the operator sees it now.
        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, "Accessibility problems: " + string.Join("; ", axe.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        Assert.Empty(errors);
    }

    private static Task Ready(IPage page) => Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name), FullPage = true });
    }
}
