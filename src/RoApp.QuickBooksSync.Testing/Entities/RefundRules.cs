using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>
/// Money going back to a customer: a RefundReceipt (paid out of a Bank or Other Current Asset account, required) and a
/// CreditMemo (credit on the customer's balance, <c>RemainingCredit</c> until it is used). Both carry sales lines.
/// </summary>
internal static class RefundRules
{
    public static void Prepare(RealmState realm, string entity, JsonObject form)
    {
        var customerId = Json.RefValue(form["CustomerRef"]) ?? throw QuickBooksFault.Required("CustomerRef");
        var customer = realm.Require(EntityNames.Customer, customerId, "CustomerRef");
        form["CustomerRef"] = Json.Ref(customerId, Json.String(customer, "DisplayName"));

        if (form["Line"] is not JsonArray lines || lines.Count == 0)
        {
            throw QuickBooksFault.Required("Line");
        }

        var total = 0m;
        foreach (var line in lines.OfType<JsonObject>())
        {
            if (line["SalesItemLineDetail"] is not JsonObject detail)
            {
                continue;
            }

            var itemId = Json.RefValue(detail["ItemRef"]) ?? throw QuickBooksFault.Required("Line.SalesItemLineDetail.ItemRef");
            var item = realm.Require(EntityNames.Item, itemId, "Line.SalesItemLineDetail.ItemRef");
            detail["ItemRef"] = Json.Ref(itemId, Json.String(item, "Name"));
            var qty = Json.Decimal(detail["Qty"]);
            var price = Json.Decimal(detail["UnitPrice"]);
            var amount = Json.Decimal(line["Amount"]) ?? (qty is { } q && price is { } p ? q * p : (decimal?)null) ?? throw QuickBooksFault.Required("Line.Amount");
            if (amount < 0)
            {
                throw QuickBooksFault.Business("A line amount must not be negative.", "Line.Amount");
            }

            line["Amount"] = Json.Money(amount);
            total += Math.Round(amount, 2, MidpointRounding.AwayFromZero);
        }

        if (entity == EntityNames.RefundReceipt)
        {
            var accountId = Json.RefValue(form["DepositToAccountRef"]) ?? throw QuickBooksFault.Required("DepositToAccountRef");
            var account = realm.Require(EntityNames.Account, accountId, "DepositToAccountRef");
            var type = Json.String(account, "AccountType");
            if (type is not ("Bank" or "Other Current Asset"))
            {
                throw QuickBooksFault.Business($"DepositToAccountRef {accountId} is a '{type}' account; a refund is paid out of a Bank or Other Current Asset account.", "DepositToAccountRef");
            }

            form["DepositToAccountRef"] = Json.Ref(accountId, Json.String(account, "Name"));
            var methodId = Json.RefValue(form["PaymentMethodRef"]);
            if (methodId is not null)
            {
                var method = realm.Require(EntityNames.PaymentMethod, methodId, "PaymentMethodRef");
                form["PaymentMethodRef"] = Json.Ref(methodId, Json.String(method, "Name"));
            }

            form["Balance"] = Json.Money(0m);
        }
        else
        {
            form["RemainingCredit"] = Json.Money(total);
            form["Balance"] = Json.Money(total);
        }

        form["TxnDate"] ??= realm.Today;
        form["TotalAmt"] = Json.Money(total);
    }
}
