using Microsoft.Extensions.Logging;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// Called when a company reconnects to a different QuickBooks company. Must detach everything tied to the
/// old realm (entity links, pending and leased work) so that none of it is ever applied to the new realm.
/// The engine (link store, work queue) implements it; until then the default only records the switch.
/// </summary>
internal interface IRealmSwitchHandler
{
    ValueTask DetachRealmAsync(string companyId, string oldRealmId, string newRealmId, CancellationToken cancellationToken);
}

/// <summary>
/// Pauses and resumes a company's QuickBooks work (paused work is kept, not dropped). The work queue
/// implements it; until then the default only records the call.
/// </summary>
internal interface ICompanyWorkPauser
{
    /// <param name="companyId">The RO App company.</param>
    /// <param name="reason">Why, for the journal and the log.</param>
    /// <param name="fix">What the user must do, when the pause is a problem (e.g. reconnect); none for a deliberate pause.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask PauseAsync(string companyId, string reason, string? fix, CancellationToken cancellationToken);

    ValueTask ResumeAsync(string companyId, CancellationToken cancellationToken);
}

/// <summary>Both hooks in one, as the defaults implement them.</summary>
internal interface IConnectionHooks : IRealmSwitchHandler, ICompanyWorkPauser;

/// <summary>The fallback when no stores are registered: the events only go to the log.</summary>
internal sealed class LoggingConnectionHooks(ILogger<LoggingConnectionHooks> logger) : IConnectionHooks
{
    public ValueTask DetachRealmAsync(string companyId, string oldRealmId, string newRealmId, CancellationToken cancellationToken)
    {
        ConnectionLog.RealmSwitched(logger, companyId, oldRealmId, newRealmId);
        return ValueTask.CompletedTask;
    }

    public ValueTask PauseAsync(string companyId, string reason, string? fix, CancellationToken cancellationToken)
    {
        ConnectionLog.WorkPaused(logger, companyId, reason);
        return ValueTask.CompletedTask;
    }

    public ValueTask ResumeAsync(string companyId, CancellationToken cancellationToken)
    {
        ConnectionLog.WorkResumed(logger, companyId);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Raises <see cref="IQuickBooksConnector.ReconnectRequired"/> from wherever the need is found.</summary>
internal sealed class ConnectionEvents(ILogger<ConnectionEvents> logger)
{
    public event EventHandler<QuickBooksReconnectRequiredEventArgs>? ReconnectRequired;

    public void RaiseReconnectRequired(object sender, QuickBooksReconnectRequiredEventArgs args)
    {
        var handlers = ReconnectRequired;
        if (handlers is null)
        {
            return;
        }

        // One failing subscriber must neither hide the event from the others nor break the refresh path.
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<QuickBooksReconnectRequiredEventArgs>>())
        {
            try
            {
                handler(sender, args);
            }
#pragma warning disable CA1031 // A host callback may throw anything.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                ConnectionLog.SubscriberFailed(logger, args.CompanyId, ex);
            }
        }
    }
}
