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
            var used = realm.CreditUsed(Json.String(form, "Id") ?? "");
            if (total < used)
            {
                throw QuickBooksFault.Business($"The credit memo's total {total:0.00} is less than the {used:0.00} of it already used by payments.", "Line.Amount");
            }

            form["RemainingCredit"] = Json.Money(total - used);
            form["Balance"] = Json.Money(total - used);
        }

        form["TxnDate"] ??= realm.Today;
        form["TotalAmt"] = Json.Money(total);
    }

    /// <summary>A payment used or gave back some of a credit memo: its <c>RemainingCredit</c> (and balance) follow, a new version.</summary>
    public static void RefreshCredit(RealmState realm, string creditMemoId)
    {
        if (realm.Find(EntityNames.CreditMemo, creditMemoId) is not { } memo)
        {
            return;
        }

        var remaining = (Json.Decimal(memo["TotalAmt"]) ?? 0m) - realm.CreditUsed(creditMemoId);
        memo["RemainingCredit"] = Json.Money(remaining);
        memo["Balance"] = Json.Money(remaining);
        realm.Touch(memo);
        realm.Record(EntityNames.CreditMemo, creditMemoId, "Update");
    }

    /// <summary>QuickBooks does not delete a credit memo a payment still uses: the payment's credit line must go first.</summary>
    public static void EnsureUnused(RealmState realm, string creditMemoId)
    {
        if (realm.CreditApplications.TryGetValue(creditMemoId, out var byPayment) && byPayment.Count > 0)
        {
            throw QuickBooksFault.Business(
                $"CreditMemo {creditMemoId} is applied by payment(s) {string.Join(", ", byPayment.Keys.Order(StringComparer.Ordinal))}; remove it from them before deleting it.");
        }
    }
}
