using System.Collections.Concurrent;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Api.Query;
using RoApp.QuickBooksSync.Settings;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>The QuickBooks payment method an RO App payment method maps to, or why it cannot be sent.</summary>
/// <param name="QuickBooksName">The mapped QuickBooks name; none: the payment goes without a method.</param>
/// <param name="Problem">Why the payment cannot be sent (an unmapped method), with the fix; none when it can.</param>
internal sealed record PaymentMethodChoice(string? QuickBooksName, NotReady? Problem)
{
    /// <summary>The QuickBooks method named by the company's mapping for an RO App method.</summary>
    public static PaymentMethodChoice For(CompanySettings settings, string? roAppMethod)
    {
        if (settings.PaymentMethodMappings.Count == 0 || string.IsNullOrWhiteSpace(roAppMethod))
        {
            return new(null, null);
        }

        var row = settings.PaymentMethodMappings.FirstOrDefault(r => string.Equals(r.RoAppMethod?.Trim(), roAppMethod.Trim(), StringComparison.OrdinalIgnoreCase));
        return row is null
            ? new(null, new NotReady(
                $"The payment method '{roAppMethod}' (field Method) has no row in the payment method mapping, so the payment was not sent.",
                $"Add a row for '{roAppMethod}' to the payment methods in the QuickBooks settings, then use Retry on this entry."))
            : new(row.QuickBooksPaymentMethod.Trim(), null);
    }
}

/// <summary>
/// Finds a QuickBooks payment method by name, creating it when QuickBooks has none (card brands as card methods),
/// and remembers the id per realm, so only the first payment of a method costs look-ups.
/// </summary>
internal sealed class PaymentMethodResolver(IQuickBooksClient client)
{
    private static readonly string[] CardNames = ["card", "visa", "mastercard", "master card", "amex", "american express", "discover", "diners", "jcb"];

    private readonly ConcurrentDictionary<(string RealmId, string Name), string> _ids = new();

    public async ValueTask<string> ResolveAsync(string realmId, string name, CancellationToken cancellationToken)
    {
        var key = (realmId, name.ToUpperInvariant());
        if (_ids.TryGetValue(key, out var known))
        {
            return known;
        }

        var method = await FindAsync(realmId, name, cancellationToken).ConfigureAwait(false);
        if (method is null)
        {
            try
            {
                method = await client.CreateAsync(
                    realmId,
                    new PaymentMethod { Name = name, Type = IsCard(name) ? PaymentMethod.CreditCardType : PaymentMethod.NonCreditCardType },
                    RequestIds.For(realmId, "paymentmethod", name.ToUpperInvariant(), "create"),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (QuickBooksDuplicateNameException)
            {
                // Created meanwhile (another process, or a person in QuickBooks): use that one.
                method = await FindAsync(realmId, name, cancellationToken).ConfigureAwait(false) ?? throw new QuickBooksValidationException(
                    $"QuickBooks says the payment method name '{name}' is taken, but no active payment method has it. Make the inactive method '{name}' active in QuickBooks, or map to another name.");
            }
        }

        _ids[key] = method.Id!;
        return method.Id!;
    }

    /// <summary>Forgets a realm's methods (one was made inactive or deleted in QuickBooks).</summary>
    public void Forget(string realmId)
    {
        foreach (var key in _ids.Keys.Where(k => k.RealmId == realmId))
        {
            _ids.TryRemove(key, out _);
        }
    }

    private async ValueTask<PaymentMethod?> FindAsync(string realmId, string name, CancellationToken cancellationToken)
    {
        var page = await client.QueryAsync<PaymentMethod>(realmId, QuickBooksQuery.From<PaymentMethod>().Where("Name", QueryOperator.Equal, name), cancellationToken).ConfigureAwait(false);
        return page.Items.FirstOrDefault(m => m.Active != false);
    }

    private static bool IsCard(string name) => CardNames.Any(c => name.Contains(c, StringComparison.OrdinalIgnoreCase));
}
