namespace RoApp.QuickBooksSync.Storage.InMemory;

/// <summary>Invoice sync states in process memory (tests, trials); honours the <see cref="IInvoiceStateStore"/> contract.</summary>
public sealed class InMemoryInvoiceStateStore : IInvoiceStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Company, string Realm, string Invoice), StoredInvoiceState> _states = [];

    /// <inheritdoc />
    public ValueTask<StoredInvoiceState?> GetAsync(string companyId, string realmId, string invoiceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(realmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(invoiceId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_states.GetValueOrDefault((companyId, realmId, invoiceId)));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SaveAsync(StoredInvoiceState state, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(state.CompanyId, "state.CompanyId");
        ArgumentException.ThrowIfNullOrWhiteSpace(state.RealmId, "state.RealmId");
        ArgumentException.ThrowIfNullOrWhiteSpace(state.InvoiceId, "state.InvoiceId");
        cancellationToken.ThrowIfCancellationRequested();
        var key = (state.CompanyId, state.RealmId, state.InvoiceId);
        lock (_gate)
        {
            var storedVersion = _states.TryGetValue(key, out var stored) ? stored.Version : 0;
            if (storedVersion != expectedVersion)
            {
                return ValueTask.FromResult(false);
            }

            _states[key] = state with { Version = expectedVersion + 1 };
            return ValueTask.FromResult(true);
        }
    }
}
