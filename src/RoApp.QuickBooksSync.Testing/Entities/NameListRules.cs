using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>Rules for the name lists: customers, items and accounts.</summary>
internal static class NameListRules
{
    private static readonly string[] NameParts = ["Title", "GivenName", "MiddleName", "FamilyName", "Suffix"];

    public static void PrepareCustomer(RealmState realm, JsonObject customer)
    {
        var displayName = Json.String(customer, "DisplayName")?.Trim();
        if (string.IsNullOrEmpty(displayName))
        {
            // QuickBooks derives the display name from the person's name parts, then the company name.
            var parts = NameParts
                .Select(p => Json.String(customer, p)?.Trim())
                .Where(p => !string.IsNullOrEmpty(p));
            displayName = string.Join(' ', parts);
            if (string.IsNullOrEmpty(displayName))
            {
                displayName = Json.String(customer, "CompanyName")?.Trim();
            }
        }

        if (string.IsNullOrEmpty(displayName))
        {
            throw QuickBooksFault.Required("DisplayName");
        }

        if (displayName.Length > 500)
        {
            throw new QuickBooksFault(400, "2050", "String length is either shorter or longer than supported by specification",
                "DisplayName is longer than 500 characters.", "DisplayName");
        }

        var id = Json.String(customer, "Id");
        var clash = realm.Table(EntityNames.Customer).Values.FirstOrDefault(c =>
            Json.String(c, "Id") != id
            && Json.Bool(c["Active"]) != false
            && string.Equals(Json.String(c, "DisplayName"), displayName, StringComparison.OrdinalIgnoreCase));
        if (clash is not null && Json.Bool(customer["Active"]) != false)
        {
            throw QuickBooksFault.DuplicateName(displayName, Json.String(clash, "Id")!);
        }

        customer["DisplayName"] = displayName;
        customer["FullyQualifiedName"] = displayName;
        customer["PrintOnCheckName"] ??= displayName;
        customer["Active"] ??= true;
        customer["Balance"] ??= JsonValue.Create(0m);
        customer["Taxable"] ??= true;
    }

    public static void PrepareItem(RealmState realm, JsonObject item)
    {
        var name = Json.String(item, "Name")?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw QuickBooksFault.Required("Name");
        }

        var id = Json.String(item, "Id");
        var clash = realm.Table(EntityNames.Item).Values.FirstOrDefault(i =>
            Json.String(i, "Id") != id
            && Json.Bool(i["Active"]) != false
            && string.Equals(Json.String(i, "Name"), name, StringComparison.OrdinalIgnoreCase));
        if (clash is not null && Json.Bool(item["Active"]) != false)
        {
            throw new QuickBooksFault(400, "6240", "Duplicate Name Exists Error",
                $"The name supplied already exists. : Another product or service is already using this name. Please use a different name. Id={Json.String(clash, "Id")}", "Name");
        }

        var type = Json.String(item, "Type") ?? "Service";
        if (type is not ("Service" or "NonInventory" or "Inventory" or "Group" or "Category"))
        {
            throw QuickBooksFault.Invalid($"Type '{type}' is not an item type (Service, NonInventory, Inventory, Group, Category).", "Type");
        }

        if (type is "Service" or "NonInventory")
        {
            var accountId = Json.RefValue(item["IncomeAccountRef"]) ?? throw QuickBooksFault.Required("IncomeAccountRef");
            var account = realm.Require(EntityNames.Account, accountId, "IncomeAccountRef");
            item["IncomeAccountRef"] = Json.Ref(accountId, Json.String(account, "Name"));
        }

        item["Name"] = name;
        item["FullyQualifiedName"] = name;
        item["Type"] = type;
        item["Active"] ??= true;
    }

    public static void PrepareAccount(RealmState realm, JsonObject account)
    {
        var name = Json.String(account, "Name")?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw QuickBooksFault.Required("Name");
        }

        var type = Json.String(account, "AccountType");
        if (string.IsNullOrEmpty(type))
        {
            throw QuickBooksFault.Required("AccountType");
        }

        var id = Json.String(account, "Id");
        var clash = realm.Table(EntityNames.Account).Values.FirstOrDefault(a =>
            Json.String(a, "Id") != id
            && Json.Bool(a["Active"]) != false
            && string.Equals(Json.String(a, "Name"), name, StringComparison.OrdinalIgnoreCase));
        if (clash is not null)
        {
            throw new QuickBooksFault(400, "6240", "Duplicate Name Exists Error",
                $"The name supplied already exists. : Another account is already using this name. Id={Json.String(clash, "Id")}", "Name");
        }

        account["Name"] = name;
        account["FullyQualifiedName"] = name;
        account["Active"] ??= true;
        account["Classification"] ??= type switch
        {
            "Income" or "Other Income" => "Revenue",
            "Expense" or "Other Expense" or "Cost of Goods Sold" => "Expense",
            "Equity" => "Equity",
            "Accounts Payable" or "Credit Card" or "Other Current Liability" or "Long Term Liability" => "Liability",
            _ => "Asset",
        };
        account["CurrentBalance"] ??= JsonValue.Create(0m);
    }
}
