namespace RoApp.QuickBooksSync.Testing.Inspection;

/// <summary>A snapshot of what the simulator has done since it started.</summary>
/// <param name="Requests">Every request answered (API and OAuth).</param>
/// <param name="SuccessfulWrites">API writes (including batches) answered 200.</param>
/// <param name="Throttled">Requests answered 429.</param>
/// <param name="FaultsInjected">Injected faults (including latency).</param>
/// <param name="RequestIdReplays">Writes answered from the requestid cache instead of acting again.</param>
/// <param name="Unauthorized">API calls refused for a missing, expired, revoked or foreign token.</param>
public sealed record SimulatorCounters(long Requests, long SuccessfulWrites, long Throttled, long FaultsInjected, long RequestIdReplays, long Unauthorized);
