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

        var id = Json.String(method, "Id");
        var clash = realm.Table(EntityNames.PaymentMethod).Values.FirstOrDefault(m =>
            Json.String(m, "Id") != id
            && Json.Bool(m["Active"]) != false
            && string.Equals(Json.String(m, "Name"), name, StringComparison.OrdinalIgnoreCase));
        if (clash is not null && Json.Bool(method["Active"]) != false)
        {
            throw new QuickBooksFault(400, "6240", "Duplicate Name Exists Error",
                $"The name supplied already exists. : Another payment method is already using this name. Id={Json.String(clash, "Id")}", "Name");
        }

        method["Name"] = name;
        method["Type"] = type;
        method["Active"] ??= true;
    }
}
