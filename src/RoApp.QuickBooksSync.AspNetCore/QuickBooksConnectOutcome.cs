using RoApp.QuickBooksSync.Connection;

namespace RoApp.QuickBooksSync.AspNetCore;

/// <summary>How an OAuth callback ended, for <see cref="QuickBooksSyncEndpointOptions.ConnectCompleted"/>.</summary>
/// <param name="CompanyId">The RO App company the connect was started for, when the state named one.</param>
/// <param name="Connected">Whether the company is now connected.</param>
/// <param name="State">The connection state after a successful connect.</param>
/// <param name="Failure">Why it failed, when it did.</param>
/// <param name="Message">What happened, with the fix for failures, for the user.</param>
public sealed record QuickBooksConnectOutcome(
    string? CompanyId,
    bool Connected,
    QuickBooksConnectionState? State,
    ConnectionFailure? Failure,
    string Message);
