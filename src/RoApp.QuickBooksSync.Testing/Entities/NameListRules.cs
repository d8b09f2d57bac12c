using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>Rules for the name lists: customers, items, accounts, and the categories (locations and classes).</summary>
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

        EnsureUniqueName(realm, EntityNames.Item, item, "Name", name, "Another product or service");

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

        EnsureUniqueName(realm, EntityNames.Account, account, "Name", name, "Another account", evenWhenInactive: true);

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

    /// <summary>
    /// A location (<c>Department</c>) or a class (<c>Class</c>): a name list whose objects may sit under a parent of
    /// the same list. <c>Name</c> is required (2020); <c>ParentRef</c>, when given, must name an active object of the
    /// same list (2500) that is not the object itself or below it (6000); <c>FullyQualifiedName</c> is the parents'
    /// names and the name joined by colons, unique among active objects ignoring case (6240); <c>SubDepartment</c> /
    /// <c>SubClass</c> follow <c>ParentRef</c>. A rename carries over into the children's full names.
    /// </summary>
    public static void PrepareCategory(RealmState realm, string entity, JsonObject category)
    {
        var subFlag = entity == EntityNames.Department ? "SubDepartment" : "SubClass";
        var name = Json.String(category, "Name")?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw QuickBooksFault.Required("Name");
        }

        var id = Json.String(category, "Id");
        var parentId = Json.RefValue(category["ParentRef"]);
        var fullName = name;
        if (parentId is not null)
        {
            var parent = realm.Find(entity, parentId);
            if (parent is null || Json.Bool(parent["Active"]) == false)
            {
                throw QuickBooksFault.InvalidReference("ParentRef", entity, parentId, parent is not null);
            }

            for (var up = parent; up is not null; up = realm.Find(entity, Json.RefValue(up["ParentRef"])))
            {
                if (id is not null && Json.String(up, "Id") == id)
                {
                    throw QuickBooksFault.Business($"{entity} {id} cannot be placed under {parentId}: that is itself or one of its own children.", "ParentRef");
                }
            }

            var parentName = Json.String(parent, "FullyQualifiedName") ?? Json.String(parent, "Name")!;
            fullName = parentName + ":" + name;
            category["ParentRef"] = Json.Ref(parentId, parentName);
            category[subFlag] = true;
        }
        else if (Json.Bool(category[subFlag]) == true)
        {
            throw QuickBooksFault.Required("ParentRef");
        }
        else
        {
            category.Remove("ParentRef");
            category[subFlag] = false;
        }

        category["Active"] ??= true;
        EnsureUniqueName(realm, entity, category, "FullyQualifiedName", fullName, entity == EntityNames.Department ? "Another location" : "Another class");
        category["Name"] = name;
        category["FullyQualifiedName"] = fullName;
        if (id is not null)
        {
            RenameChildren(realm, entity, id, fullName);
        }
    }

    /// <summary>
    /// Names are unique within a name list among active objects, ignoring case: a clash is fault 6240 naming the object
    /// in the way. An inactive object does not clash (accounts: <paramref name="evenWhenInactive"/>, it is still checked).
    /// </summary>
    internal static void EnsureUniqueName(RealmState realm, string entity, JsonObject candidate, string field, string value, string whoElse, bool evenWhenInactive = false)
    {
        if (!evenWhenInactive && Json.Bool(candidate["Active"]) == false)
        {
            return;
        }

        var id = Json.String(candidate, "Id");
        var clash = realm.Table(entity).Values.FirstOrDefault(o =>
            Json.String(o, "Id") != id
            && Json.Bool(o["Active"]) != false
            && string.Equals(Json.String(o, field), value, StringComparison.OrdinalIgnoreCase));
        if (clash is not null)
        {
            throw new QuickBooksFault(400, "6240", "Duplicate Name Exists Error",
                $"The name supplied already exists. : {whoElse} is already using this name. Please use a different name. Id={Json.String(clash, "Id")}", "Name");
        }
    }

    private static void RenameChildren(RealmState realm, string entity, string parentId, string parentName)
    {
        foreach (var child in realm.Table(entity).Values.Where(c => Json.RefValue(c["ParentRef"]) == parentId).ToList())
        {
            var childName = parentName + ":" + Json.String(child, "Name");
            if (Json.String(child, "FullyQualifiedName") == childName)
            {
                continue;
            }

            child["FullyQualifiedName"] = childName;
            child["ParentRef"] = Json.Ref(parentId, parentName);
            RenameChildren(realm, entity, Json.String(child, "Id")!, childName);
        }
    }
}
