using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.DependencyInjection;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Tests.Connection;

public sealed class DataProtectionTokenProtectorTests
{
    [Fact]
    public void The_host_Data_Protection_protects_tokens_without_a_key_in_options()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddQuickBooksSync().UseDataProtectionTokenProtector();
        services.AddSingleton(Substitute.For<IConnectionStore>());
        using var provider = services.BuildServiceProvider();
        var protector = provider.GetRequiredService<ITokenProtector>();

        var bytes = protector.Protect("access-and-refresh"u8);

        Assert.IsType<DataProtectionTokenProtector>(protector);
        Assert.DoesNotContain("access-and-refresh", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal("access-and-refresh"u8.ToArray(), protector.Unprotect(bytes));
    }

    [Fact]
    public void Tokens_from_another_key_ring_are_unreadable_with_a_clear_error()
    {
        var written = new DataProtectionTokenProtector(new EphemeralDataProtectionProvider()).Protect("tokens"u8);

        var ex = Assert.Throws<QuickBooksConnectionException>(() => new DataProtectionTokenProtector(new EphemeralDataProtectionProvider()).Unprotect(written));

        Assert.Equal(ConnectionFailure.TokensUnreadable, ex.Failure);
        Assert.Contains("reconnect", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
