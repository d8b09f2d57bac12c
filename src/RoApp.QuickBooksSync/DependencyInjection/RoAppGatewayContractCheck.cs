using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.DependencyInjection;

/// <summary>
/// Tells a host at start, not at the first webhook, which inbound members of <see cref="IRoAppGateway"/> its
/// gateway leaves to the interface's defaults (which throw <see cref="NotSupportedException"/>). A warning, not a
/// failure: a host may run the outbound sync only. Found by reflection on the registered implementation type (for a
/// factory registration, on the type the factory returns in a scope of its own).
/// </summary>
internal sealed partial class RoAppGatewayContractCheck(
    RoAppGatewayContractCheck.Registration registration,
    IServiceProvider services,
    IOptionsMonitor<QuickBooksSyncOptions> options,
    ILogger<RoAppGatewayContractCheck> logger) : IHostedService
{
    /// <summary>The members the QuickBooks → RO App sync calls, each with what it is needed for.</summary>
    internal static readonly IReadOnlyDictionary<string, string> InboundMembers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(IRoAppGateway.ChangeInvoiceStatusAsync)] = "moving an invoice's status when it is edited, paid or voided in QuickBooks",
        [nameof(IRoAppGateway.RecordPaymentAsync)] = "recording payments created in QuickBooks",
        [nameof(IRoAppGateway.ReportPaymentChangeAsync)] = "reporting changes to recorded payments made in QuickBooks",
        [nameof(IRoAppGateway.RecordRefundAsync)] = "recording refunds and credit memos made in QuickBooks",
    };

    public static void Register(IServiceCollection services)
    {
        services.TryAddSingleton(new Registration(
            () => services.LastOrDefault(d => d.ServiceType == typeof(IRoAppGateway) && !d.IsKeyedService),
            () => services.Any(d => d.ServiceType == typeof(IWorkQueueStore))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RoAppGatewayContractCheck>());
    }

    /// <summary>
    /// The inbound members <paramref name="gatewayType"/> does not implement (left to the interface's throwing
    /// defaults), in declaration order.
    /// </summary>
    internal static IReadOnlyList<string> MissingInboundMembers(Type gatewayType)
    {
        ArgumentNullException.ThrowIfNull(gatewayType);
        if (gatewayType.IsInterface || !typeof(IRoAppGateway).IsAssignableFrom(gatewayType))
        {
            return [];
        }

        var map = gatewayType.GetInterfaceMap(typeof(IRoAppGateway));
        var missing = new List<(int Token, string Name)>();
        for (var i = 0; i < map.InterfaceMethods.Length; i++)
        {
            var declared = map.InterfaceMethods[i];
            if (InboundMembers.ContainsKey(declared.Name) && map.TargetMethods[i].DeclaringType == typeof(IRoAppGateway))
            {
                missing.Add((declared.MetadataToken, declared.Name));
            }
        }

        return [.. missing.OrderBy(m => m.Token).Select(m => m.Name)];
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var inbound = options.CurrentValue.Inbound;
        if (!registration.SyncRuns() || inbound is { ReceiveWebhooks: false, RunReconciliation: false })
        {
            // Nothing calls the inbound members: no queue to run work on, or no way for QuickBooks changes to arrive.
            return Task.CompletedTask;
        }

        if (registration.Gateway() is not { } descriptor || GatewayType(descriptor) is not { } type)
        {
            return Task.CompletedTask;
        }

        var missing = MissingInboundMembers(type);
        if (missing.Count > 0)
        {
            var needs = string.Join("; ", missing.Select(m => $"{m} ({InboundMembers[m]})"));
            GatewayIncomplete(logger, type.FullName ?? type.Name, needs, missing.Count, QuickBooksSyncOptions.SectionName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Type? GatewayType(ServiceDescriptor descriptor)
    {
        if (descriptor.ImplementationType is { } type)
        {
            return type;
        }

        if (descriptor.ImplementationInstance is { } instance)
        {
            return instance.GetType();
        }

        try
        {
            // A factory says its type only when called: once, in a scope of its own, disposed at once.
            using var scope = services.CreateScope();
            return scope.ServiceProvider.GetService<IRoAppGateway>()?.GetType();
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or NotSupportedException or ObjectDisposedException)
        {
            GatewayNotInspected(logger, exception);
            return null;
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning,
        Message = "The RO App gateway {GatewayType} does not implement IRoAppGateway members the QuickBooks → RO App sync calls: {MissingMembers}. " +
                  "Until it does, inbound work needing one of these {Count} members stops with a journal entry (the interface's defaults throw NotSupportedException). " +
                  "Implement them in {GatewayType}; a host that syncs RO App → QuickBooks only sets {Section}:Inbound:ReceiveWebhooks and {Section}:Inbound:RunReconciliation to false.")]
    private static partial void GatewayIncomplete(ILogger logger, string gatewayType, string missingMembers, int count, string section);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Debug,
        Message = "The RO App gateway's factory could not be called at start, so its inbound members were not checked")]
    private static partial void GatewayNotInspected(ILogger logger, Exception exception);

    /// <summary>Looks at the final registrations when the host starts, so choices made after <c>AddQuickBooksSync</c> count.</summary>
    internal sealed record Registration(Func<ServiceDescriptor?> Gateway, Func<bool> SyncRuns);
}
