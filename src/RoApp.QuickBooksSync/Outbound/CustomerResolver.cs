using System.Globalization;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Batch;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Finds the QuickBooks customer of an RO App client: the stored link, then a customer with the same
/// e-mail, then one with the same display name, else a new customer. A found customer is taken only when no other
/// RO App client is linked to it, and one found by name only also when nothing contradicts it (another e-mail or
/// phone): two clients called "John Smith" never merge into one customer. A display name QuickBooks refuses as
/// taken (6240: another customer, a vendor, an employee or an inactive customer holds it) gets a deterministic
/// readable variant, and the link remembers the customer, so the next invoice costs no API call. The link also
/// remembers the client's details (<see cref="CustomerFingerprint"/>): when the name, e-mail, phone or bill-to
/// address changed in RO App, the customer gets one sparse update of what changed.
/// </summary>
internal sealed partial class CustomerResolver(IQuickBooksClient client, IEntityLinkStore links, RealmCustomerSnapshots snapshots, TimeProvider time, ILogger<CustomerResolver> logger)
{
    private const int MaxDisplayNameLength = 100;

    /// <summary>QuickBooks takes at most 30 operations in one batch request; the same bound keeps an IN list short.</summary>
    private const int MaxPerRequest = 30;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _chunks = new(StringComparer.Ordinal);

    /// <summary>
    /// Resolves the clients of a bulk chunk together and links them, so that resolving each invoice afterwards
    /// finds its link: clients already linked cost nothing; for the others the e-mail look-ups run side by side
    /// (QuickBooks' query language has no IN on <c>PrimaryEmailAddr</c>, so one query each, on the normal request
    /// budget), then one <c>DisplayName IN (...)</c> query for those still unknown, then one batch request creates
    /// the rest (on the batch budget). When the realm's customers can be read whole in fewer requests than those
    /// look-ups (a first backfill into a small or new QuickBooks company), they are read once instead and matched here
    /// (<see cref="RealmCustomerSnapshots"/>). A client whose create fails in the batch (its name is taken by a
    /// vendor, say) is left unlinked, so the one-by-one resolution handles it as it always has.
    /// </summary>
    public async ValueTask ResolveManyAsync(OutboundCompany company, IReadOnlyList<(RoAppContact Contact, PhysicalAddress? BillTo)> clients, CancellationToken cancellationToken)
    {
        var unlinked = new List<(RoAppContact Contact, PhysicalAddress? BillTo, EntityLink? Link)>();
        foreach (var (contact, billTo) in clients.DistinctBy(c => c.Contact.Id, StringComparer.Ordinal))
        {
            var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Customer, contact.Id, cancellationToken).ConfigureAwait(false);
            if (link is not { State: LinkState.Active })
            {
                unlinked.Add((contact, billTo, link));
            }
            else
            {
                await KeepCurrentAsync(company, contact, billTo, link, cancellationToken).ConfigureAwait(false);
            }
        }

        if (unlinked.Count == 0)
        {
            return;
        }

        var lookups = unlinked.Count(c => !string.IsNullOrWhiteSpace(c.Contact.Email)) + ((unlinked.Count + MaxPerRequest - 1) / MaxPerRequest);
        var snapshot = await snapshots.ForLookupsAsync(company.RealmId, lookups, cancellationToken).ConfigureAwait(false);
        foreach (var part in unlinked.Chunk(MaxPerRequest))
        {
            var byEmail = await Task.WhenAll(part.Select(c => string.IsNullOrWhiteSpace(c.Contact.Email)
                ? Task.FromResult<Customer?>(null)
                : snapshot is not null ? Task.FromResult(snapshot.ByEmail(c.Contact.Email))
                : FindByEmailAsync(company.RealmId, c.Contact.Email, cancellationToken))).ConfigureAwait(false);
            var found = new Customer?[part.Length];
            var taken = new HashSet<string>(StringComparer.Ordinal); // one customer for one client of this chunk at most
            var byName = new List<string>();
            for (var i = 0; i < part.Length; i++)
            {
                if (byEmail[i] is { } match && await MayTakeAsync(company, part[i].Contact.Id, match, byNameOnly: null, taken, cancellationToken).ConfigureAwait(false))
                {
                    found[i] = match;
                }
                else
                {
                    byName.Add(Clip(part[i].Contact.DisplayName));
                }
            }

            if (byName.Count > 0)
            {
                IReadOnlyList<Customer> named = snapshot is not null
                    ? [.. byName.Select(snapshot.ByName).OfType<Customer>()]
                    : (await client.QueryAsync<Customer>(
                        company.RealmId,
                        QuickBooksQuery.From<Customer>().WhereIn("DisplayName", byName.Distinct(StringComparer.OrdinalIgnoreCase)).Page(1, 1000),
                        cancellationToken).ConfigureAwait(false)).Items;
                for (var i = 0; i < part.Length; i++)
                {
                    if (found[i] is null
                        && named.FirstOrDefault(c => string.Equals(c.DisplayName, Clip(part[i].Contact.DisplayName), StringComparison.OrdinalIgnoreCase)) is { } match
                        && await MayTakeAsync(company, part[i].Contact.Id, match, part[i].Contact, taken, cancellationToken).ConfigureAwait(false))
                    {
                        found[i] = match;
                    }
                }
            }

            var missing = Enumerable.Range(0, part.Length).Where(i => found[i] is null).ToList();
            if (missing.Count > 1 && CreateOneByOne(company.RealmId))
            {
                // Every other chunk's customers go as single creates, side by side: a backfill then spends the realm's
                // request budget beside its batch budget, which the invoices' own batches use up (two batches a chunk
                // would hold it to 20 chunks a minute).
                var created = await Task.WhenAll(missing.Select(i => CreateOrNullAsync(company, part[i].Contact, part[i].BillTo, cancellationToken))).ConfigureAwait(false);
                for (var r = 0; r < missing.Count; r++)
                {
                    if (created[r] is { } customer)
                    {
                        found[missing[r]] = customer;
                        snapshot?.Add(customer);
                    }
                }
            }
            else if (missing.Count > 0)
            {
                var batch = missing.Select(i => QuickBooksBatchItem.Create(NewCustomer(part[i].Contact, part[i].BillTo), (i + 1).ToString(CultureInfo.InvariantCulture))).ToList();
                // Derived from the clients it creates: a repeat of this very batch (a retry after a lost answer) replays.
                var requestId = RequestIds.For([company.CompanyId, company.RealmId, "customer-batch", .. missing.Select(i => part[i].Contact.Id)]);
                var results = await client.BatchAsync(company.RealmId, batch, requestId, cancellationToken).ConfigureAwait(false);
                for (var r = 0; r < results.Count && r < missing.Count; r++)
                {
                    if (results[r].Succeeded && results[r].Entity is Customer created)
                    {
                        found[missing[r]] = created;
                        snapshot?.Add(created);
                    }
                }
            }

            for (var i = 0; i < part.Length; i++)
            {
                if (found[i] is { Id: not null } customer)
                {
                    await RememberAsync(company, part[i].Contact, part[i].BillTo, customer, part[i].Link, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Alternates per realm: one chunk's new customers in a batch request, the next chunk's as single creates.</summary>
    private bool CreateOneByOne(string realmId) => (_chunks.AddOrUpdate(realmId, 1, (_, n) => n + 1) & 1) == 0;

    private async Task<Customer?> CreateOrNullAsync(OutboundCompany company, RoAppContact contact, PhysicalAddress? billAddress, CancellationToken cancellationToken)
    {
        try
        {
            // The single path's request id: whichever path creates this client's customer, QuickBooks makes one.
            return await client.CreateAsync(company.RealmId, NewCustomer(contact, billAddress), RequestIds.For(company.CompanyId, company.RealmId, "customer", contact.Id, "create"), cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksDuplicateNameException)
        {
            // Taken, perhaps by a customer made in QuickBooks after the realm was read: the invoice's own resolution
            // looks the name up before it settles for a variant.
            return null;
        }
        catch (QuickBooksApiException exception) when (exception is not QuickBooksThrottledException)
        {
            // Left unlinked: the invoice's own resolution tries again and reports what is wrong.
            LogCreateFailed(exception, company.CompanyId, contact.Id);
            return null;
        }
    }

    public async ValueTask<string> ResolveAsync(OutboundCompany company, RoAppContact contact, PhysicalAddress? billAddress, CancellationToken cancellationToken)
    {
        var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Customer, contact.Id, cancellationToken).ConfigureAwait(false);
        if (link is { State: LinkState.Active })
        {
            await KeepCurrentAsync(company, contact, billAddress, link, cancellationToken).ConfigureAwait(false);
            return link.QuickBooksId;
        }

        // Many new clients in a row (a backfill one invoice at a time): the realm read whole serves the next ones.
        var snapshot = await snapshots.AfterMissAsync(company.RealmId, cancellationToken).ConfigureAwait(false);
        var customer = (snapshot is null
                ? await FindAsync(company, contact, cancellationToken).ConfigureAwait(false)
                : await FindInAsync(company, snapshot, contact, cancellationToken).ConfigureAwait(false))
            ?? await CreateAsync(company, contact, billAddress, cancellationToken, nameMayBeUnseen: snapshot is not null).ConfigureAwait(false);
        snapshot?.Add(customer);
        await RememberAsync(company, contact, billAddress, customer, link, cancellationToken).ConfigureAwait(false);
        return customer.Id!;
    }

    /// <summary>
    /// Brings a linked customer up to date with the client: nothing when the remembered details match (no call), one
    /// sparse update of the changed groups otherwise. A link from before details were remembered is taken as current.
    /// A refused update is logged and tried again with the next invoice; it never holds the invoice back.
    /// </summary>
    private async ValueTask KeepCurrentAsync(OutboundCompany company, RoAppContact contact, PhysicalAddress? billAddress, EntityLink link, CancellationToken cancellationToken)
    {
        var fingerprint = CustomerFingerprint.Of(contact, Clip(contact.DisplayName), billAddress);
        if (link.ContentHash == fingerprint)
        {
            return;
        }

        if (link.ContentHash is null)
        {
            await links.SaveAsync(link with { ContentHash = fingerprint }, link.Version, cancellationToken).ConfigureAwait(false);
            return;
        }

        var changed = CustomerFingerprint.Changed(link.ContentHash, fingerprint);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var current = await client.ReadAsync<Customer>(company.RealmId, link.QuickBooksId, cancellationToken).ConfigureAwait(false);
                var changes = Changes(contact, billAddress, changed, current);
                var requestId = RequestIds.For(company.CompanyId, company.RealmId, "customer", contact.Id, "update", current.SyncToken ?? "0", fingerprint);
                Customer updated;
                try
                {
                    updated = await client.SparseUpdateAsync(company.RealmId, changes, requestId, cancellationToken).ConfigureAwait(false);
                }
                catch (QuickBooksDuplicateNameException) when (changes.DisplayName is not null)
                {
                    changes.DisplayName = VariantName(contact);
                    updated = await client.SparseUpdateAsync(company.RealmId, changes, requestId + "v", cancellationToken).ConfigureAwait(false);
                }

                // Lost to another worker updating the same client: it wrote the same details.
                await links.SaveAsync(link with { ContentHash = fingerprint, SyncToken = updated.SyncToken, LastSyncedAt = time.GetUtcNow() }, link.Version, cancellationToken).ConfigureAwait(false);
                var groups = string.Concat(changed.Order());
                LogUpdated(company.CompanyId, contact.Id, link.QuickBooksId, groups);
                return;
            }
            catch (QuickBooksStaleObjectException) when (attempt < 2)
            {
                // Changed between our read and our write (another invoice of the same client, a bookkeeper): read again.
            }
            catch (QuickBooksObjectNotFoundException)
            {
                return; // deleted in QuickBooks: the invoice's own write reports it
            }
            catch (QuickBooksValidationException exception)
            {
                LogUpdateRefused(exception, company.CompanyId, contact.Id, link.QuickBooksId);
                return;
            }
        }
    }

    /// <summary>The sparse update of the changed groups (a group the client emptied is left as QuickBooks has it).</summary>
    private static Customer Changes(RoAppContact contact, PhysicalAddress? billAddress, IReadOnlySet<char> changed, Customer current)
    {
        var changes = new Customer { Id = current.Id, SyncToken = current.SyncToken };
        if (changed.Contains(CustomerFingerprint.Name))
        {
            changes.DisplayName = Clip(contact.DisplayName);
            changes.GivenName = contact.FirstName;
            changes.FamilyName = contact.LastName;
            changes.CompanyName = contact.CompanyName;
        }

        if (changed.Contains(CustomerFingerprint.Email) && !string.IsNullOrWhiteSpace(contact.Email))
        {
            changes.PrimaryEmailAddr = new EmailAddress { Address = contact.Email.Trim() };
        }

        if (changed.Contains(CustomerFingerprint.Phone) && !string.IsNullOrWhiteSpace(contact.Phone))
        {
            changes.PrimaryPhone = new TelephoneNumber { FreeFormNumber = contact.Phone.Trim() };
        }

        if (changed.Contains(CustomerFingerprint.Address) && billAddress is not null)
        {
            changes.BillAddr = billAddress;
        }

        return changes;
    }

    /// <summary>The readable variant used when QuickBooks says the client's name is taken.</summary>
    internal static string VariantName(RoAppContact contact)
    {
        var suffix = $" (RO App {contact.Id})";
        var name = contact.DisplayName;
        return (name.Length + suffix.Length > MaxDisplayNameLength ? name[..(MaxDisplayNameLength - suffix.Length)] : name) + suffix;
    }

    /// <summary><see cref="FindAsync"/> on the realm as read: by e-mail, then by name, with the same rules.</summary>
    private async ValueTask<Customer?> FindInAsync(OutboundCompany company, CustomerSnapshot snapshot, RoAppContact contact, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(contact.Email) && snapshot.ByEmail(contact.Email) is { } byEmail
            && await MayTakeAsync(company, contact.Id, byEmail, byNameOnly: null, taken: null, cancellationToken).ConfigureAwait(false))
        {
            return byEmail;
        }

        return snapshot.ByName(Clip(contact.DisplayName)) is { } byName
            && await MayTakeAsync(company, contact.Id, byName, contact, taken: null, cancellationToken).ConfigureAwait(false)
            ? byName
            : null;
    }

    private async ValueTask<Customer?> FindAsync(OutboundCompany company, RoAppContact contact, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(contact.Email) && await FindByEmailAsync(company.RealmId, contact.Email, cancellationToken).ConfigureAwait(false) is { } byEmail
            && await MayTakeAsync(company, contact.Id, byEmail, byNameOnly: null, taken: null, cancellationToken).ConfigureAwait(false))
        {
            return byEmail;
        }

        return await FindByNameAsync(company.RealmId, Clip(contact.DisplayName), cancellationToken).ConfigureAwait(false) is { } byName
            && await MayTakeAsync(company, contact.Id, byName, contact, taken: null, cancellationToken).ConfigureAwait(false)
            ? byName
            : null;
    }

    /// <summary>
    /// Whether a found customer may become this client's: no other RO App client is linked to it (nor, in a bulk
    /// chunk, given it), and when it was found by name only (<paramref name="byNameOnly"/> is the client), its e-mail
    /// and phone do not say it is someone else. Not taken, the client gets a customer of its own (a variant name).
    /// </summary>
    private async ValueTask<bool> MayTakeAsync(OutboundCompany company, string clientId, Customer found, RoAppContact? byNameOnly, HashSet<string>? taken, CancellationToken cancellationToken)
    {
        if (found.Id is not { } id || (taken is not null && taken.Contains(id)) || (byNameOnly is not null && Contradicts(byNameOnly, found)))
        {
            return false;
        }

        var linked = await links.FindByQuickBooksIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Customer, id, cancellationToken).ConfigureAwait(false);
        if (linked.Any(l => l.State == LinkState.Active && !string.Equals(l.RoAppId, clientId, StringComparison.Ordinal)))
        {
            return false;
        }

        taken?.Add(id);
        return true;
    }

    /// <summary>Another e-mail or another phone number on both sides: the same name, a different person.</summary>
    private static bool Contradicts(RoAppContact contact, Customer customer)
    {
        var email = customer.PrimaryEmailAddr?.Address;
        if (!string.IsNullOrWhiteSpace(contact.Email) && !string.IsNullOrWhiteSpace(email)
            && !string.Equals(contact.Email.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var phone = Digits(customer.PrimaryPhone?.FreeFormNumber);
        var clientPhone = Digits(contact.Phone);
        return phone.Length > 0 && clientPhone.Length > 0 && !string.Equals(phone, clientPhone, StringComparison.Ordinal);
    }

    private static string Digits(string? phone) => phone is null ? string.Empty : string.Concat(phone.Where(char.IsAsciiDigit));

    private async Task<Customer?> FindByEmailAsync(string realmId, string email, CancellationToken cancellationToken)
    {
        var byEmail = await client.QueryAsync<Customer>(realmId, QuickBooksQuery.From<Customer>().Where("PrimaryEmailAddr", QueryOperator.Equal, email.Trim()), cancellationToken).ConfigureAwait(false);
        return byEmail.Items.Count > 0 ? byEmail.Items[0] : null;
    }

    private async ValueTask<Customer?> FindByNameAsync(string realmId, string displayName, CancellationToken cancellationToken)
    {
        var byName = await client.QueryAsync<Customer>(realmId, QuickBooksQuery.From<Customer>().Where("DisplayName", QueryOperator.Equal, displayName), cancellationToken).ConfigureAwait(false);
        return byName.Items.Count > 0 ? byName.Items[0] : null;
    }

    private static Customer NewCustomer(RoAppContact contact, PhysicalAddress? billAddress) => new()
    {
        DisplayName = Clip(contact.DisplayName),
        GivenName = contact.FirstName,
        FamilyName = contact.LastName,
        CompanyName = contact.CompanyName,
        PrimaryEmailAddr = string.IsNullOrWhiteSpace(contact.Email) ? null : new EmailAddress { Address = contact.Email.Trim() },
        PrimaryPhone = string.IsNullOrWhiteSpace(contact.Phone) ? null : new TelephoneNumber { FreeFormNumber = contact.Phone.Trim() },
        BillAddr = billAddress,
    };

    // nameMayBeUnseen: the name was looked up in a realm read earlier, so a taken name may be an active customer made
    // since; it is queried (and taken, by the usual rules) before a variant is made.
    private async ValueTask<Customer> CreateAsync(OutboundCompany company, RoAppContact contact, PhysicalAddress? billAddress, CancellationToken cancellationToken, bool nameMayBeUnseen = false)
    {
        var customer = NewCustomer(contact, billAddress);

        try
        {
            return await client.CreateAsync(company.RealmId, customer, RequestIds.For(company.CompanyId, company.RealmId, "customer", contact.Id, "create"), cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksDuplicateNameException)
        {
            if (nameMayBeUnseen && await FindByNameAsync(company.RealmId, customer.DisplayName!, cancellationToken).ConfigureAwait(false) is { } unseen
                && await MayTakeAsync(company, contact.Id, unseen, contact, taken: null, cancellationToken).ConfigureAwait(false))
            {
                return unseen;
            }

            // The name belongs to something that is not a findable active customer (a vendor, an employee, an
            // inactive customer), or to another client's: use a variant that stays the same for this client on every attempt.
            var variant = VariantName(contact);
            var existing = await FindByNameAsync(company.RealmId, variant, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return existing;
            }

            customer.DisplayName = variant;
            return await client.CreateAsync(company.RealmId, customer, RequestIds.For(company.CompanyId, company.RealmId, "customer", contact.Id, "create-variant"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask RememberAsync(OutboundCompany company, RoAppContact contact, PhysicalAddress? billAddress, Customer customer, EntityLink? previous, CancellationToken cancellationToken)
    {
        var link = new EntityLink
        {
            CompanyId = company.CompanyId,
            RealmId = company.RealmId,
            EntityType = SyncedEntityType.Customer,
            RoAppId = contact.Id,
            ContentHash = CustomerFingerprint.Of(contact, Clip(contact.DisplayName), billAddress), // found or made for these details
            QuickBooksId = customer.Id!,
            SyncToken = customer.SyncToken,
            Origin = LinkOrigin.RoApp,
            LastSyncedAt = time.GetUtcNow(),
        };

        // Losing the race means another worker linked the same client; both found or made the same customer by
        // its deterministic request id or name, so nothing more is needed.
        await links.SaveAsync(link, previous?.Version ?? 0, cancellationToken).ConfigureAwait(false);
    }

    private static string Clip(string name) => name.Length > MaxDisplayNameLength ? name[..MaxDisplayNameLength] : name;

    [LoggerMessage(EventId = 5061, Level = LogLevel.Information, Message = "Company {CompanyId}: QuickBooks customer {CustomerId} of RO App client {ClientId} was updated ({Groups}: n name, e e-mail, p phone, a address).")]
    private partial void LogUpdated(string companyId, string clientId, string customerId, string groups);

    [LoggerMessage(EventId = 5063, Level = LogLevel.Warning, Message = "Company {CompanyId}: the QuickBooks customer of RO App client {ClientId} could not be created with its bulk chunk; its invoice resolves it on its own.")]
    private partial void LogCreateFailed(Exception exception, string companyId, string clientId);

    [LoggerMessage(EventId = 5062, Level = LogLevel.Warning, Message = "Company {CompanyId}: QuickBooks refused to update customer {CustomerId} of RO App client {ClientId}; it is tried again with the client's next invoice.")]
    private partial void LogUpdateRefused(Exception exception, string companyId, string clientId, string customerId);
}
