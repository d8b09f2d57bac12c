using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>Payment methods: a name list (unique name, made inactive instead of deleted) with a card or non-card type.</summary>
internal static class PaymentMethodRules
{
    public const string CreditCard = "CREDIT_CARD";
    public const string NonCreditCard = "NON_CREDIT_CARD";

    public static void Prepare(RealmState realm, JsonObject method)
    {
        var name = Json.String(method, "Name")?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw QuickBooksFault.Required("Name");
        }

        if (name.Length > 31)
        {
            throw new QuickBooksFault(400, "2050", "String length is either shorter or longer than supported by specification",
                "Name is longer than 31 characters.", "Name");
        }

        var type = Json.String(method, "Type") ?? NonCreditCard;
        if (type is not (CreditCard or NonCreditCard))
        {
            throw QuickBooksFault.Invalid($"Type '{type}' is not a payment method type; use {CreditCard} or {NonCreditCard}.", "Type");
        }

        NameListRules.EnsureUniqueName(realm, EntityNames.PaymentMethod, method, "Name", name, "Another payment method");

        method["Name"] = name;
        method["Type"] = type;
        method["Active"] ??= true;
    }
}
