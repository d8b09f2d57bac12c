using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Gateway;
using RoApp.QuickBooksSync.Storage;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// Finds the QuickBooks customer of an RO App client: the stored link, then a customer with the same
/// e-mail, then one with the same display name, else a new customer. A display name QuickBooks refuses as
/// taken (6240: a vendor, an employee or an inactive customer holds it) gets a deterministic readable
/// variant, and the link remembers the customer, so the next invoice costs no API call.
/// </summary>
internal sealed class CustomerResolver(IQuickBooksClient client, IEntityLinkStore links, TimeProvider time)
{
    private const int MaxDisplayNameLength = 100;

    public async ValueTask<string> ResolveAsync(OutboundCompany company, RoAppContact contact, PhysicalAddress? billAddress, CancellationToken cancellationToken)
    {
        var link = await links.GetByRoAppIdAsync(company.CompanyId, company.RealmId, SyncedEntityType.Customer, contact.Id, cancellationToken).ConfigureAwait(false);
        if (link is { State: LinkState.Active })
        {
            return link.QuickBooksId;
        }

        var customer = await FindAsync(company.RealmId, contact, cancellationToken).ConfigureAwait(false)
            ?? await CreateAsync(company, contact, billAddress, cancellationToken).ConfigureAwait(false);
        await RememberAsync(company, contact.Id, customer, link, cancellationToken).ConfigureAwait(false);
        return customer.Id!;
    }

    /// <summary>The readable variant used when QuickBooks says the client's name is taken.</summary>
    internal static string VariantName(RoAppContact contact)
    {
        var suffix = $" (RO App {contact.Id})";
        var name = contact.DisplayName;
        return (name.Length + suffix.Length > MaxDisplayNameLength ? name[..(MaxDisplayNameLength - suffix.Length)] : name) + suffix;
    }

    private async ValueTask<Customer?> FindAsync(string realmId, RoAppContact contact, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(contact.Email))
        {
            var byEmail = await client.QueryAsync<Customer>(realmId, QuickBooksQuery.From<Customer>().Where("PrimaryEmailAddr", QueryOperator.Equal, contact.Email.Trim()), cancellationToken).ConfigureAwait(false);
            if (byEmail.Items.Count > 0)
            {
                return byEmail.Items[0];
            }
        }

        return await FindByNameAsync(realmId, Clip(contact.DisplayName), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Customer?> FindByNameAsync(string realmId, string displayName, CancellationToken cancellationToken)
    {
        var byName = await client.QueryAsync<Customer>(realmId, QuickBooksQuery.From<Customer>().Where("DisplayName", QueryOperator.Equal, displayName), cancellationToken).ConfigureAwait(false);
        return byName.Items.Count > 0 ? byName.Items[0] : null;
    }

    private async ValueTask<Customer> CreateAsync(OutboundCompany company, RoAppContact contact, PhysicalAddress? billAddress, CancellationToken cancellationToken)
    {
        var customer = new Customer
        {
            DisplayName = Clip(contact.DisplayName),
            GivenName = contact.FirstName,
            FamilyName = contact.LastName,
            CompanyName = contact.CompanyName,
            PrimaryEmailAddr = string.IsNullOrWhiteSpace(contact.Email) ? null : new EmailAddress { Address = contact.Email.Trim() },
            PrimaryPhone = string.IsNullOrWhiteSpace(contact.Phone) ? null : new TelephoneNumber { FreeFormNumber = contact.Phone.Trim() },
            BillAddr = billAddress,
        };

        try
        {
            return await client.CreateAsync(company.RealmId, customer, RequestIds.For(company.CompanyId, company.RealmId, "customer", contact.Id, "create"), cancellationToken).ConfigureAwait(false);
        }
        catch (QuickBooksDuplicateNameException)
        {
            // The name belongs to something that is not a findable active customer (a vendor, an employee, an
            // inactive customer): use a variant that stays the same for this client on every attempt.
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

    private async ValueTask RememberAsync(OutboundCompany company, string clientId, Customer customer, EntityLink? previous, CancellationToken cancellationToken)
    {
        var link = new EntityLink
        {
            CompanyId = company.CompanyId,
            RealmId = company.RealmId,
            EntityType = SyncedEntityType.Customer,
            RoAppId = clientId,
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
}
