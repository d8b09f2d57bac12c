using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Settings;
using RoApp.QuickBooksSync.Storage;

using RoApp.QuickBooksSync.Storage.InMemory;

namespace RoApp.QuickBooksSync.Tests.TestSupport;

/// <summary>One "process" of the library: its own services over a store and a fake Intuit that tests may share.</summary>
internal sealed class ConnectionHarness : IDisposable
{
    public static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly ServiceProvider _provider;

    public ConnectionHarness(
        FakeIntuit? intuit,
        FakeTimeProvider? time = null,
        InMemoryConnectionStore? connections = null,
        InMemorySettingsStore? settings = null,
        IRoAppGateway? gateway = null,
        Action<QuickBooksSyncOptions>? configure = null,
        IConnectionStore? storeOverride = null,
        bool recordHooks = true)
    {
        _intuit = intuit;
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        Connections = connections ?? new InMemoryConnectionStore();
        Settings = settings ?? new InMemorySettingsStore();
        Gateway = gateway ?? Substitute.For<IRoAppGateway>();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        services.AddQuickBooksSync(o =>
        {
            o.RedirectUri = new Uri("https://crm.example.com/quickbooks/callback");
            o.Connection.TokenEncryptionKey = Key;
            if (intuit is not null)
            {
                o.ClientId = FakeIntuit.ClientId;
                o.ClientSecret = FakeIntuit.ClientSecret;
                o.TokenEndpoint = new Uri(intuit.BaseUrl, FakeIntuit.TokenPath);
                o.RevokeEndpoint = new Uri(intuit.BaseUrl, FakeIntuit.RevokePath);
                o.ApiBaseUrl = intuit.BaseUrl;
            }

            configure?.Invoke(o);
        });
        services.AddSingleton(storeOverride ?? Connections);
        services.AddSingleton<ISettingsStore>(Settings);
        services.AddSingleton(Gateway);
        services.AddSingleton<IEntityLinkStore>(Links);
        services.AddSingleton<IWorkQueueStore>(Queue);
        services.AddSingleton<IJournalStore>(Journal);
        if (recordHooks)
        {
            services.Replace(ServiceDescriptor.Singleton<IRealmSwitchHandler>(Hooks));
            services.Replace(ServiceDescriptor.Singleton<ICompanyWorkPauser>(Hooks));
        }
        _provider = services.BuildServiceProvider();
    }

    private readonly FakeIntuit? _intuit;

    public FakeIntuit Intuit => _intuit ?? throw new InvalidOperationException("This harness runs against the simulator.");

    public FakeTimeProvider Time { get; }

    public InMemoryConnectionStore Connections { get; }

    public InMemorySettingsStore Settings { get; }

    public IRoAppGateway Gateway { get; }

    public LogCapture Logs { get; } = new();

    public InMemoryEntityLinkStore Links { get; } = new();

    public InMemoryWorkQueueStore Queue { get; } = new();

    public InMemoryJournalStore Journal { get; } = new();

    public RecordingHooks Hooks { get; } = new();

    public IQuickBooksConnector Connector => _provider.GetRequiredService<IQuickBooksConnector>();

    public AccessTokenManager Tokens => _provider.GetRequiredService<AccessTokenManager>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Runs the whole OAuth round trip the way a browser would, for one company and realm.</summary>
    public async Task<QuickBooksConnectionState> ConnectAsync(string companyId, string realmId)
    {
        var begin = await Connector.BeginConnectAsync(companyId, CancellationToken.None);
        return await Connector.CompleteConnectAsync(companyId, Intuit.IssueCode(realmId), realmId, begin.State, CancellationToken.None);
    }

    public async Task<TokenSecrets> StoredTokensAsync(string companyId)
    {
        var row = await Connections.GetAsync(companyId, CancellationToken.None) ?? throw new InvalidOperationException("No row.");
        return Get<TokenCodec>().Unprotect(row.ProtectedTokens);
    }

    public void Dispose() => _provider.Dispose();
}

internal sealed class RecordingHooks : IRealmSwitchHandler, ICompanyWorkPauser
{
    public List<string> Calls { get; } = [];

    public ValueTask DetachRealmAsync(string companyId, string oldRealmId, string newRealmId, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add($"detach {companyId} {oldRealmId}->{newRealmId}");
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask PauseAsync(string companyId, string reason, string? fix, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add($"pause {companyId}");
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ResumeAsync(string companyId, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add($"resume {companyId}");
        }

        return ValueTask.CompletedTask;
    }
}
