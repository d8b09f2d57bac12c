using System.Collections.Concurrent;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// A realm's active customers read whole (1,000 a query) for a bulk chunk with many clients not linked yet: the first
/// backfill's clients are then matched by e-mail and name without a query each (QuickBooks' query language has no
/// value list on <c>PrimaryEmailAddr</c>). Taken only when it costs fewer requests than the look-ups it replaces,
/// and kept for <see cref="Lifetime"/>, with the customers the library creates meanwhile added. A customer made in
/// QuickBooks after the read is not in it: a create under its name is refused as taken (6240) and that client
/// resolves one by one, by query, as always.
/// </summary>
internal sealed class RealmCustomerSnapshots(IQuickBooksClient client, TimeProvider time)
{
    internal static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Entry> _realms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Misses> _misses = new(StringComparer.Ordinal);
    private readonly Lock _sweep = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private readonly Engine.SingleFlight<string, Entry> _counts = new(StringComparer.Ordinal);
    private readonly Engine.SingleFlight<string, CustomerSnapshot?> _loads = new(StringComparer.Ordinal);

    /// <summary>
    /// The realm's customers when reading them all costs fewer requests than <paramref name="lookups"/> queries;
    /// else <see langword="null"/> (the size of the realm is remembered for the snapshot's lifetime).
    /// </summary>
    public async ValueTask<CustomerSnapshot?> ForLookupsAsync(string realmId, int lookups, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        SweepStale(now);
        if (_realms.TryGetValue(realmId, out var entry) && now - entry.CountedAt < Lifetime)
        {
            if (entry.Snapshot is { } fresh && now - fresh.LoadedAt < Lifetime)
            {
                return fresh;
            }

            if (Pages(entry.Count) >= lookups)
            {
                return null;
            }
        }
        else
        {
            // Workers starting together count the realm once.
            entry = await _counts.RunAsync(realmId, async () =>
            {
                var count = await client.CountAsync(realmId, QuickBooksQuery.From<Customer>().Count(), cancellationToken).ConfigureAwait(false);
                var counted = new Entry(count, time.GetUtcNow(), null);
                _realms[realmId] = counted;
                return counted;
            }, cancellationToken).ConfigureAwait(false);
            if (entry.Snapshot is { } loaded)
            {
                return loaded;
            }

            if (Pages(entry.Count) + 1 >= lookups)
            {
                return null;
            }
        }

        return await _loads.RunAsync(realmId, () => LoadAsync(realmId, entry.Count, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<CustomerSnapshot?> LoadAsync(string realmId, int count, CancellationToken cancellationToken)
    {
        var customers = new List<Customer>(count);
        await foreach (var customer in client.QueryAllAsync<Customer>(realmId, QuickBooksQuery.From<Customer>(), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            customers.Add(Slim(customer));
        }

        var snapshot = new CustomerSnapshot(customers, time.GetUtcNow());
        _realms[realmId] = new Entry(customers.Count, snapshot.LoadedAt, snapshot);
        return snapshot;
    }

    /// <summary>
    /// For a client resolved on its own: the realm's snapshot when one is fresh, or once the realm's recent misses
    /// (clients with no link, two look-ups each) would have paid for reading it; else <see langword="null"/>. One new
    /// client now and then keeps the look-ups by query.
    /// </summary>
    public async ValueTask<CustomerSnapshot?> AfterMissAsync(string realmId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var misses = _misses.AddOrUpdate(realmId, _ => new Misses(now, 1), (_, m) => now - m.Since < Lifetime ? m with { Count = m.Count + 1 } : new Misses(now, 1));
        if (_realms.TryGetValue(realmId, out var entry) && entry.Snapshot is { } fresh && now - fresh.LoadedAt < Lifetime)
        {
            return fresh;
        }

        return misses.Count < 2 ? null : await ForLookupsAsync(realmId, 2 * misses.Count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A realm read once and never again (its backfill is over) holds no memory past its lifetime.</summary>
    private void SweepStale(DateTimeOffset now)
    {
        lock (_sweep)
        {
            if (now - _lastSweep < Lifetime)
            {
                return;
            }

            _lastSweep = now;
        }

        foreach (var (realmId, entry) in _realms)
        {
            if (now - entry.CountedAt >= Lifetime)
            {
                _realms.TryRemove(new KeyValuePair<string, Entry>(realmId, entry));
            }
        }

        foreach (var (realmId, misses) in _misses)
        {
            if (now - misses.Since >= Lifetime)
            {
                _misses.TryRemove(new KeyValuePair<string, Misses>(realmId, misses));
            }
        }
    }

    /// <summary>What matching needs (id, token, name, e-mail, phone), not the whole customer.</summary>
    internal static Customer Slim(Customer customer) => new()
    {
        Id = customer.Id,
        SyncToken = customer.SyncToken,
        DisplayName = customer.DisplayName,
        PrimaryEmailAddr = customer.PrimaryEmailAddr is { Address: { } address } ? new EmailAddress { Address = address } : null,
        PrimaryPhone = customer.PrimaryPhone is { FreeFormNumber: { } phone } ? new TelephoneNumber { FreeFormNumber = phone } : null,
    };

    private static int Pages(int count) => (count + QuickBooksQuery.MaxPageSize - 1) / QuickBooksQuery.MaxPageSize;

    private sealed record Entry(int Count, DateTimeOffset CountedAt, CustomerSnapshot? Snapshot);

    private sealed record Misses(DateTimeOffset Since, int Count);
}

/// <summary>One realm's active customers, by e-mail and by display name (case-insensitive, as QuickBooks matches).</summary>
internal sealed class CustomerSnapshot
{
    private readonly Dictionary<string, Customer> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Customer> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _sync = new();

    public CustomerSnapshot(IEnumerable<Customer> customers, DateTimeOffset loadedAt)
    {
        LoadedAt = loadedAt;
        foreach (var customer in customers)
        {
            Add(customer);
        }
    }

    public DateTimeOffset LoadedAt { get; }

    public Customer? ByEmail(string email)
    {
        lock (_sync)
        {
            return _byEmail.GetValueOrDefault(email.Trim());
        }
    }

    public Customer? ByName(string displayName)
    {
        lock (_sync)
        {
            return _byName.GetValueOrDefault(displayName);
        }
    }

    /// <summary>Adds a customer the library just created, so the next chunk neither misses it nor tries its name again.</summary>
    public void Add(Customer customer)
    {
        lock (_sync)
        {
            if (customer.PrimaryEmailAddr?.Address is { Length: > 0 } email)
            {
                _byEmail.TryAdd(email.Trim(), RealmCustomerSnapshots.Slim(customer));
            }

            if (customer.DisplayName is { Length: > 0 } name)
            {
                _byName.TryAdd(name, RealmCustomerSnapshots.Slim(customer));
            }
        }
    }
}
