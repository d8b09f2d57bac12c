using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace RoApp.QuickBooksSync.AspNetCore.Tests;

public sealed class MappingTests
{
    [Fact]
    public async Task Mapping_without_a_company_resolver_fails_at_start_and_says_how_to_register_one()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddQuickBooksSync().UseInMemoryStores();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapQuickBooksSync());

        Assert.Contains("UseCompanyResolver", error.Message, StringComparison.Ordinal);
    }
}
