using System.Text;

namespace RoApp.QuickBooksSync.Testing.Tests.Entities;

public sealed class BadInputTests
{
    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_400_fault()
    {
        await using var h = Harness.Create();
        using var content = new StringContent("{\"DisplayName\": ", Encoding.UTF8, "application/json");

        using var response = await h.Http.PostAsync(h.Api("customer"), content);
        var answer = await Answer.ReadAsync(response);

        Assert.Equal(400, answer.Status);
        Assert.Equal("2010", answer.FaultCode);
    }

    [Fact]
    public async Task An_unsupported_entity_is_a_400_fault_naming_the_supported_ones()
    {
        await using var h = Harness.Create();

        var answer = await h.GetAsync("estimate/1");

        Assert.Equal(400, answer.Status);
        Assert.Contains("Invoice", answer.Json["Fault"]!["Error"]![0]!["Detail"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_an_unknown_id_is_610()
    {
        await using var h = Harness.Create();

        Assert.Equal("610", (await h.GetAsync("customer/424242")).FaultCode);
    }

    [Fact]
    public async Task Unknown_routes_answer_404()
    {
        await using var h = Harness.Create();

        using var response = await h.Http.GetAsync("v2/nothing/here");

        Assert.Equal(404, (int)response.StatusCode);
    }
}
