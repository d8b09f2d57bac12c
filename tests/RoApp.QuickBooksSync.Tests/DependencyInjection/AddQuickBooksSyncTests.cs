using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RoApp.QuickBooksSync.Tests.DependencyInjection;

public sealed class AddQuickBooksSyncTests
{
    [Fact]
    public void Returns_a_builder_over_the_same_service_collection()
    {
        var services = new ServiceCollection();

        var builder = services.AddQuickBooksSync();

        Assert.Same(services, builder.Services);
    }

    [Fact]
    public void Registers_options_for_every_overload()
    {
        var configuration = new ConfigurationBuilder().Build();
        foreach (var register in new Action<IServiceCollection>[]
                 {
                     s => s.AddQuickBooksSync(),
                     s => s.AddQuickBooksSync(configuration),
                     s => s.AddQuickBooksSync(_ => { }),
                 })
        {
            var services = new ServiceCollection();
            register(services);
            using var provider = services.BuildServiceProvider();

            Assert.NotNull(provider.GetRequiredService<IOptions<QuickBooksSyncOptions>>().Value);
        }
    }
}
