using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>Payment rules: application to invoices and of credit memos, unapplied amount, deposit account; invoices and memos follow.</summary>
internal static class PaymentRules
{
    public static void Prepare(RealmState realm, JsonObject payment)
    {
        var id = Json.String(payment, "Id")!;
        if (realm.VoidedPayments.Contains(id))
        {
            throw QuickBooksFault.Business($"Payment {id} is voided; a voided transaction cannot be edited.");
        }

        EnsureNotDeposited(realm, id);

        var customerId = Json.RefValue(payment["CustomerRef"]) ?? throw QuickBooksFault.Required("CustomerRef");
        var customer = realm.Require(EntityNames.Customer, customerId, "CustomerRef");
        payment["CustomerRef"] = Json.Ref(customerId, Json.String(customer, "DisplayName"));

        var total = Json.Decimal(payment["TotalAmt"]) ?? throw QuickBooksFault.Required("TotalAmt");
        if (total < 0)
        {
            throw QuickBooksFault.Business("TotalAmt must not be negative.", "TotalAmt");
        }

        var depositId = Json.RefValue(payment["DepositToAccountRef"]);
        if (depositId is not null)
        {
            var account = realm.Require(EntityNames.Account, depositId, "DepositToAccountRef");
            var type = Json.String(account, "AccountType");
            if (type is not ("Bank" or "Other Current Asset"))
            {
                throw QuickBooksFault.Business($"DepositToAccountRef {depositId} is a '{type}' account; use a Bank or Other Current Asset account.", "DepositToAccountRef");
            }

            payment["DepositToAccountRef"] = Json.Ref(depositId, Json.String(account, "Name"));
        }
        else
        {
            var undeposited = realm.Find(EntityNames.Account, realm.Facts.UndepositedFundsAccountId);
            payment["DepositToAccountRef"] = Json.Ref(realm.Facts.UndepositedFundsAccountId, undeposited is null ? null : Json.String(undeposited, "Name"));
        }

        var methodId = Json.RefValue(payment["PaymentMethodRef"]);
        if (methodId is not null)
        {
            var method = realm.Require(EntityNames.PaymentMethod, methodId, "PaymentMethodRef");
            payment["PaymentMethodRef"] = Json.Ref(methodId, Json.String(method, "Name"));
        }

        payment["TxnDate"] ??= realm.Today;

        var applications = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var credits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var applied = 0m;
        if (payment["Line"] is JsonArray lines)
        {
            foreach (var line in lines.OfType<JsonObject>())
            {
                var amount = Json.Decimal(line["Amount"]) ?? throw QuickBooksFault.Required("Line.Amount");
                if (amount < 0)
                {
                    throw QuickBooksFault.Business("A payment line amount must not be negative.", "Line.Amount");
                }

                var credit = (line["LinkedTxn"] as JsonArray)?.OfType<JsonObject>()
                    .FirstOrDefault(l => string.Equals(Json.String(l, "TxnType"), EntityNames.CreditMemo, StringComparison.OrdinalIgnoreCase));
                if (credit is not null)
                {
                    var memoId = Json.String(credit, "TxnId") ?? throw QuickBooksFault.Required("Line.LinkedTxn.TxnId");
                    var memo = realm.Find(EntityNames.CreditMemo, memoId) ?? throw QuickBooksFault.NotFound(EntityNames.CreditMemo, memoId);
                    if (Json.RefValue(memo["CustomerRef"]) != customerId)
                    {
                        throw QuickBooksFault.Business($"CreditMemo {memoId} belongs to another customer than the payment's CustomerRef {customerId}.", "Line.LinkedTxn");
                    }

                    credit["TxnId"] = memoId;
                    credit["TxnType"] = EntityNames.CreditMemo;
                    credits[memoId] = credits.GetValueOrDefault(memoId) + amount;
                    continue;
                }

                var link = (line["LinkedTxn"] as JsonArray)?.OfType<JsonObject>()
                    .FirstOrDefault(l => string.Equals(Json.String(l, "TxnType"), "Invoice", StringComparison.OrdinalIgnoreCase));
                if (link is null)
                {
                    continue;
                }

                var invoiceId = Json.String(link, "TxnId") ?? throw QuickBooksFault.Required("Line.LinkedTxn.TxnId");
                var invoice = realm.Find(EntityNames.Invoice, invoiceId) ?? throw QuickBooksFault.NotFound(EntityNames.Invoice, invoiceId);
                if (realm.VoidedInvoices.Contains(invoiceId))
                {
                    throw QuickBooksFault.Business($"Invoice {invoiceId} is voided; a payment cannot be applied to it.", "Line.LinkedTxn");
                }

                if (Json.RefValue(invoice["CustomerRef"]) != customerId)
                {
                    throw QuickBooksFault.Business($"Invoice {invoiceId} belongs to another customer than the payment's CustomerRef {customerId}.", "Line.LinkedTxn");
                }

                link["TxnId"] = invoiceId;
                link["TxnType"] = "Invoice";
                applications[invoiceId] = applications.GetValueOrDefault(invoiceId) + amount;
                applied += amount;
            }
        }

        foreach (var (invoiceId, amount) in applications)
        {
            var invoice = realm.Find(EntityNames.Invoice, invoiceId)!;
            var alreadyByThis = realm.Applications.TryGetValue(invoiceId, out var byPayment) ? byPayment.GetValueOrDefault(id) : 0m;
            var open = (Json.Decimal(invoice["TotalAmt"]) ?? 0m) - (realm.AppliedTo(invoiceId) - alreadyByThis);
            if (amount > open)
            {
                throw QuickBooksFault.Business($"The {amount:0.00} applied to invoice {invoiceId} is more than its open balance {open:0.00}.", "Line.Amount");
            }
        }

        foreach (var (memoId, amount) in credits)
        {
            var memo = realm.Find(EntityNames.CreditMemo, memoId)!;
            var alreadyByThis = realm.CreditApplications.TryGetValue(memoId, out var byPayment) ? byPayment.GetValueOrDefault(id) : 0m;
            var remaining = (Json.Decimal(memo["TotalAmt"]) ?? 0m) - (realm.CreditUsed(memoId) - alreadyByThis);
            if (amount > remaining)
            {
                throw QuickBooksFault.Business($"The {amount:0.00} of credit used from CreditMemo {memoId} is more than its RemainingCredit {remaining:0.00}.", "Line.Amount");
            }
        }

        // A credit memo's line pays part of the invoices: the payment's own money covers the rest.
        var credited = credits.Values.Sum();
        if (credited > applied)
        {
            throw QuickBooksFault.Business($"The credit used ({credited:0.00}) is more than the invoice amounts it pays ({applied:0.00}).", "Line.Amount");
        }

        applied -= credited;
        if (applied > total)
        {
            throw QuickBooksFault.Business($"The line amounts ({applied:0.00}) are more than the payment's TotalAmt ({total:0.00}).", "TotalAmt");
        }

        payment["TotalAmt"] = Json.Money(total);
        payment["UnappliedAmt"] = Json.Money(total - applied);
        Apply(realm, id, applications);
        ApplyCredits(realm, id, credits);
    }

    /// <summary>Records the credit a payment uses from each credit memo; the memos' <c>RemainingCredit</c> follows.</summary>
    private static void ApplyCredits(RealmState realm, string paymentId, Dictionary<string, decimal> credits)
    {
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (memoId, byPayment) in realm.CreditApplications)
        {
            if (byPayment.Remove(paymentId))
            {
                touched.Add(memoId);
            }
        }

        foreach (var (memoId, amount) in credits)
        {
            if (!realm.CreditApplications.TryGetValue(memoId, out var byPayment))
            {
                byPayment = new Dictionary<string, decimal>(StringComparer.Ordinal);
                realm.CreditApplications[memoId] = byPayment;
            }

            byPayment[paymentId] = amount;
            touched.Add(memoId);
        }

        foreach (var memoId in touched)
        {
            if (realm.CreditApplications.TryGetValue(memoId, out var left) && left.Count == 0)
            {
                realm.CreditApplications.Remove(memoId);
            }

            RefundRules.RefreshCredit(realm, memoId);
        }
    }

    /// <summary>Voids a payment: amounts become 0 and the invoices it paid are open again.</summary>
    public static void Void(RealmState realm, JsonObject payment)
    {
        var id = Json.String(payment, "Id")!;
        EnsureNotDeposited(realm, id);
        Apply(realm, id, new Dictionary<string, decimal>(StringComparer.Ordinal));
        ApplyCredits(realm, id, new Dictionary<string, decimal>(StringComparer.Ordinal));
        if (payment["Line"] is JsonArray lines)
        {
            foreach (var line in lines.OfType<JsonObject>())
            {
                line["Amount"] = Json.Money(0m);
            }
        }

        payment["TotalAmt"] = Json.Money(0m);
        payment["UnappliedAmt"] = Json.Money(0m);
        var note = Json.String(payment, "PrivateNote");
        payment["PrivateNote"] = string.IsNullOrEmpty(note) ? "Voided" : "Voided - " + note;
        realm.VoidedPayments.Add(id);
    }

    public static void Delete(RealmState realm, string paymentId)
    {
        EnsureNotDeposited(realm, paymentId);
        Apply(realm, paymentId, new Dictionary<string, decimal>(StringComparer.Ordinal));
        ApplyCredits(realm, paymentId, new Dictionary<string, decimal>(StringComparer.Ordinal));
        realm.DepositedPayments.Remove(paymentId);
    }

    /// <summary>
    /// A payment that is part of a bank deposit cannot be changed, voided or deleted until it is taken out of the
    /// deposit (QuickBooks' fault 6540).
    /// </summary>
    private static void EnsureNotDeposited(RealmState realm, string paymentId)
    {
        if (realm.DepositedPayments.Contains(paymentId))
        {
            throw QuickBooksFault.Deposited(EntityNames.Payment, paymentId);
        }
    }

    /// <summary>An invoice goes away (void or delete): payments on it keep their money as unapplied.</summary>
    public static void UnlinkInvoice(RealmState realm, string invoiceId)
    {
        if (!realm.Applications.Remove(invoiceId, out var byPayment))
        {
            return;
        }

        foreach (var paymentId in byPayment.Keys)
        {
            var payment = realm.Find(EntityNames.Payment, paymentId);
            if (payment?["Line"] is not JsonArray lines)
            {
                continue;
            }

            var kept = Json.Array();
            foreach (var line in lines.OfType<JsonObject>())
            {
                var linksThis = (line["LinkedTxn"] as JsonArray)?.OfType<JsonObject>().Any(l => Json.String(l, "TxnId") == invoiceId) == true;
                if (!linksThis)
                {
                    kept.Add(Json.Clone(line));
                }
            }

            payment["Line"] = kept;
            var appliedLeft = kept.OfType<JsonObject>().Sum(l => Json.Decimal(l["Amount"]) ?? 0m);
            payment["UnappliedAmt"] = Json.Money((Json.Decimal(payment["TotalAmt"]) ?? 0m) - appliedLeft);
            realm.Touch(payment);
            realm.Record(EntityNames.Payment, paymentId, "Update");
        }
    }

    private static void Apply(RealmState realm, string paymentId, Dictionary<string, decimal> applications)
    {
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (invoiceId, byPayment) in realm.Applications)
        {
            if (byPayment.Remove(paymentId))
            {
                touched.Add(invoiceId);
            }
        }

        foreach (var (invoiceId, amount) in applications)
        {
            if (!realm.Applications.TryGetValue(invoiceId, out var byPayment))
            {
                byPayment = new Dictionary<string, decimal>(StringComparer.Ordinal);
                realm.Applications[invoiceId] = byPayment;
            }

            byPayment[paymentId] = amount;
            touched.Add(invoiceId);
        }

        foreach (var invoiceId in touched)
        {
            if (realm.Applications.TryGetValue(invoiceId, out var left) && left.Count == 0)
            {
                realm.Applications.Remove(invoiceId);
            }

            InvoiceRules.RefreshAfterPayment(realm, invoiceId);
        }
    }
}
