using Microsoft.Extensions.Diagnostics.HealthChecks;
using RoApp.QuickBooksSync.Diagnostics;

// Beside AddHealthChecks(), so that hosts find it without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the QuickBooks sync's health check to a host's health checks.</summary>
public static class QuickBooksSyncHealthChecksBuilderExtensions
{
    /// <summary>The name the check is registered under unless another is given: <c>quickbooks</c>.</summary>
    public const string DefaultName = "quickbooks";

    /// <summary>
    /// Adds <see cref="QuickBooksSyncHealthCheck"/>: Degraded when a company must reconnect QuickBooks or work is
    /// dead-lettered, Unhealthy when no connected company's tokens can be decrypted, and
    /// <paramref name="failureStatus"/> when the sync's stores cannot be read. Call it on
    /// <c>services.AddHealthChecks()</c> beside <c>services.AddQuickBooksSync(...)</c>.
    /// </summary>
    /// <param name="builder">The host's health checks builder.</param>
    /// <param name="name">The check's name in the health report; <see cref="DefaultName"/> when not given.</param>
    /// <param name="failureStatus">The status reported when the stores cannot be read; Unhealthy when not given.</param>
    /// <param name="tags">Tags to filter the check by, e.g. <c>["ready"]</c> for a readiness endpoint.</param>
    /// <param name="timeout">How long the check may take before it is reported as failed; no limit when not given.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddQuickBooksSync(
        this IHealthChecksBuilder builder,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        // The instance AddQuickBooksSync registers; a host that registered only the health check still gets a
        // working one (it reports that no stores are registered).
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => sp.GetService<QuickBooksSyncHealthCheck>() ?? new QuickBooksSyncHealthCheck(sp, sp.GetService<TimeProvider>() ?? TimeProvider.System),
            failureStatus,
            tags,
            timeout));
    }
}
