using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace RoApp.QuickBooksSync.Testing.Tests;

/// <summary>A started simulator with one company, a fake clock and a plain HttpClient holding a valid token.</summary>
public sealed class Harness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 17, 0, 0, TimeSpan.Zero);

    private Harness(FakeTimeProvider time, QuickBooksSimulator sim, SimulatedCompany company)
    {
        Time = time;
        Sim = sim;
        Company = company;
        Http = new HttpClient { BaseAddress = sim.BaseUrl };
        Token = sim.IssueTokens(company.RealmId).AccessToken;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public FakeTimeProvider Time { get; }

    public QuickBooksSimulator Sim { get; }

    public SimulatedCompany Company { get; }

    public string Realm => Company.RealmId;

    public HttpClient Http { get; }

    public string Token { get; }

    public static Harness Create(CompanyProfile profile = CompanyProfile.UnitedStates, bool customNumbers = true, Action<QuickBooksSimulatorOptions>? configure = null) =>
        Create(new CompanyOptions { Profile = profile, CustomTransactionNumbers = customNumbers }, configure);

    public static Harness Create(CompanyOptions companyOptions, Action<QuickBooksSimulatorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(Start);
        var options = new QuickBooksSimulatorOptions { TimeProvider = time };
        configure?.Invoke(options);
        var sim = QuickBooksSimulator.Start(options);
        var company = sim.AddCompany(companyOptions);
        return new Harness(time, sim, company);
    }

    public string Api(string relative) => $"v3/company/{Realm}/{relative}";

    public async Task<Answer> GetAsync(string relative)
    {
        using var response = await Http.GetAsync(Api(relative));
        return await Answer.ReadAsync(response);
    }

    public async Task<Answer> PostAsync(string relative, JsonNode body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(Api(relative), content);
        return await Answer.ReadAsync(response);
    }

    public async Task<Answer> QueryAsync(string statement) =>
        await GetAsync("query?query=" + Uri.EscapeDataString(statement) + "&minorversion=75");

    public async Task<JsonObject> CreateCustomerAsync(string name)
    {
        var answer = await PostAsync("customer", new JsonObject { ["DisplayName"] = name });
        Assert.Equal(200, answer.Status);
        return answer.Entity("Customer");
    }

    public static JsonObject SalesLine(string itemId, decimal qty, decimal price, string? taxCode = null)
    {
        var detail = new JsonObject { ["ItemRef"] = new JsonObject { ["value"] = itemId }, ["Qty"] = qty, ["UnitPrice"] = price };
        if (taxCode is not null)
        {
            detail["TaxCodeRef"] = new JsonObject { ["value"] = taxCode };
        }

        return new JsonObject { ["DetailType"] = "SalesItemLineDetail", ["Amount"] = Math.Round(qty * price, 2, MidpointRounding.AwayFromZero), ["SalesItemLineDetail"] = detail };
    }

    public JsonObject InvoiceBody(string customerId, decimal price, string? docNumber = null, string? taxCode = null)
    {
        var body = new JsonObject
        {
            ["CustomerRef"] = new JsonObject { ["value"] = customerId },
            ["Line"] = new JsonArray(SalesLine(Company.ServiceItemId, 1, price, taxCode)),
        };
        if (docNumber is not null)
        {
            body["DocNumber"] = docNumber;
        }

        return body;
    }

    public async Task<JsonObject> CreateInvoiceAsync(string customerId, decimal price, string? docNumber = null)
    {
        var answer = await PostAsync("invoice", InvoiceBody(customerId, price, docNumber));
        Assert.Equal(200, answer.Status);
        return answer.Entity("Invoice");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Sim.DisposeAsync();
    }
}

/// <summary>Status and parsed JSON body of one answer.</summary>
public sealed record Answer(int Status, string Text, HttpResponseHeaders Headers)
{
    public JsonObject Json => (JsonObject)JsonNode.Parse(Text)!;

    public JsonObject Entity(string name) => (JsonObject)Json[name]!;

    public string FaultCode => (string)Json["Fault"]!["Error"]![0]!["code"]!;

    public static async Task<Answer> ReadAsync(HttpResponseMessage response) =>
        new((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
}

internal static class JsonExtensions
{
    public static decimal Dec(this JsonNode? node) => node!.GetValue<decimal>();

    public static string Str(this JsonNode? node) => node!.GetValue<string>();
}

internal static class Http
{
    public static HttpClient NoRedirect(Uri baseUrl) => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseUrl };

    public static HttpStatusCode Code(this HttpResponseMessage response) => response.StatusCode;
}
