using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>
/// Create, read, update (sparse and full), delete and void with QuickBooks' SyncToken rules.
/// Callers hold <see cref="RealmState.Gate"/>.
/// </summary>
internal static class EntityEngine
{
    // Fields a caller can never set; QuickBooks ignores them on input.
    private static readonly string[] AlwaysReadOnly = ["Id", "SyncToken", "MetaData", "sparse", "domain", "time"];

    public static JsonObject Read(RealmState realm, string entity, string id)
    {
        var found = realm.Find(entity, id) ?? throw QuickBooksFault.NotFound(entity, id);
        return Json.Clone(found);
    }

    public static JsonObject Create(RealmState realm, string entity, JsonObject body)
    {
        EnsureWritable(entity, "Create");
        var candidate = Strip(entity, body);
        var id = realm.NewId();
        candidate["Id"] = id;
        Prepare(realm, entity, candidate, null, body);
        candidate["domain"] = "QBO";
        candidate["sparse"] = false;
        candidate["SyncToken"] = "0";
        var meta = Json.Obj(candidate, "MetaData");
        meta["CreateTime"] = realm.NowText;
        meta["LastUpdatedTime"] = realm.NowText;
        realm.Table(entity)[id] = candidate;
        realm.Record(entity, id, "Create");
        return Json.Clone(candidate);
    }

    public static JsonObject Update(RealmState realm, string entity, JsonObject body)
    {
        if (entity == EntityNames.Preferences)
        {
            return PreferencesRules.Update(realm, body);
        }

        EnsureWritable(entity, "Update");
        var existing = CheckVersion(realm, entity, body);
        var id = Json.String(existing, "Id")!;
        JsonObject candidate;
        if (Json.Bool(body["sparse"]) == true)
        {
            candidate = Json.Clone(existing);
            foreach (var (name, value) in Strip(entity, body))
            {
                candidate[name] = value?.DeepClone();
            }
        }
        else
        {
            // A full update replaces the object: omitted writable fields become empty.
            candidate = Strip(entity, body);
            candidate["Id"] = id;
            candidate["SyncToken"] = Json.String(existing, "SyncToken");
            candidate["MetaData"] = existing["MetaData"]?.DeepClone();
        }

        Prepare(realm, entity, candidate, existing, body);
        candidate["domain"] = "QBO";
        candidate["sparse"] = false;
        realm.Touch(candidate);
        realm.Table(entity)[id] = candidate;
        realm.Record(entity, id, "Update");
        return Json.Clone(candidate);
    }

    public static JsonObject Delete(RealmState realm, string entity, JsonObject body)
    {
        if (!EntityNames.IsDeletable(entity))
        {
            throw QuickBooksFault.UnsupportedOperation(entity, "Delete (make name-list objects inactive with Active=false)");
        }

        var existing = CheckVersion(realm, entity, body);
        var id = Json.String(existing, "Id")!;
        if (entity == EntityNames.Invoice)
        {
            PaymentRules.UnlinkInvoice(realm, id);
            realm.ExplicitTax.Remove(id);
            realm.VoidedInvoices.Remove(id);
        }
        else if (entity == EntityNames.Payment)
        {
            PaymentRules.Delete(realm, id);
            realm.VoidedPayments.Remove(id);
        }
        else if (entity == EntityNames.CreditMemo)
        {
            RefundRules.EnsureUnused(realm, id);
        }

        realm.Table(entity).Remove(id);
        realm.Tombstones.Add(new Tombstone(entity, id, realm.Now));
        realm.Record(entity, id, "Delete");
        var result = Json.Object();
        result["status"] = "Deleted";
        result["domain"] = "QBO";
        result["Id"] = id;
        return result;
    }

    public static JsonObject Void(RealmState realm, string entity, JsonObject body)
    {
        if (!EntityNames.IsTransaction(entity))
        {
            throw QuickBooksFault.UnsupportedOperation(entity, "Void");
        }

        var existing = CheckVersion(realm, entity, body);
        var id = Json.String(existing, "Id")!;
        var alreadyVoided = entity == EntityNames.Invoice ? realm.VoidedInvoices.Contains(id) : realm.VoidedPayments.Contains(id);
        if (alreadyVoided)
        {
            throw QuickBooksFault.Business($"{entity} {id} is already voided.");
        }

        var candidate = Json.Clone(existing);
        if (entity == EntityNames.Invoice)
        {
            InvoiceRules.Void(realm, candidate);
        }
        else
        {
            PaymentRules.Void(realm, candidate);
        }

        realm.Touch(candidate);
        realm.Table(entity)[id] = candidate;
        realm.Record(entity, id, "Void");
        return Json.Clone(candidate);
    }

    private static JsonObject CheckVersion(RealmState realm, string entity, JsonObject body)
    {
        var id = Json.String(body, "Id") ?? throw QuickBooksFault.Required("Id");
        var existing = realm.Find(entity, id) ?? throw QuickBooksFault.NotFound(entity, id);
        var sent = Json.String(body, "SyncToken") ?? throw QuickBooksFault.Required("SyncToken");
        var current = Json.String(existing, "SyncToken")!;
        if (sent != current)
        {
            throw QuickBooksFault.Stale(entity, id, sent, current);
        }

        return existing;
    }

    private static void Prepare(RealmState realm, string entity, JsonObject candidate, JsonObject? existing, JsonObject body)
    {
        if (TrackingRules.Applies(entity))
        {
            TrackingRules.Prepare(realm, entity, candidate);
        }

        switch (entity)
        {
            case EntityNames.Customer:
                NameListRules.PrepareCustomer(realm, candidate);
                break;
            case EntityNames.Item:
                NameListRules.PrepareItem(realm, candidate);
                break;
            case EntityNames.Account:
                NameListRules.PrepareAccount(realm, candidate);
                break;
            case EntityNames.Invoice:
                InvoiceRules.Prepare(realm, candidate, existing, body);
                break;
            case EntityNames.Payment:
                PaymentRules.Prepare(realm, candidate);
                break;
            case EntityNames.PaymentMethod:
                PaymentMethodRules.Prepare(realm, candidate);
                break;
            case EntityNames.RefundReceipt:
            case EntityNames.CreditMemo:
                RefundRules.Prepare(realm, entity, candidate);
                break;
            case EntityNames.Department:
            case EntityNames.Class:
                NameListRules.PrepareCategory(realm, entity, candidate);
                break;
            default:
                throw QuickBooksFault.UnsupportedOperation(entity, existing is null ? "Create" : "Update");
        }
    }

    private static void EnsureWritable(string entity, string operation)
    {
        if (entity is EntityNames.TaxCode or EntityNames.TaxRate or EntityNames.CompanyInfo or EntityNames.Preferences)
        {
            throw QuickBooksFault.UnsupportedOperation(entity, operation);
        }
    }

    private static JsonObject Strip(string entity, JsonObject body)
    {
        var copy = Json.Clone(body);
        foreach (var name in AlwaysReadOnly)
        {
            copy.Remove(name);
        }

        string[] computed = entity switch
        {
            EntityNames.Invoice => ["TotalAmt", "Balance", "HomeBalance", "LinkedTxn"],
            EntityNames.Payment => ["UnappliedAmt"],
            EntityNames.Customer => ["Balance", "BalanceWithJobs", "FullyQualifiedName"],
            EntityNames.RefundReceipt => ["TotalAmt"],
            EntityNames.CreditMemo => ["TotalAmt", "RemainingCredit", "Balance"],
            EntityNames.Department or EntityNames.Class => ["FullyQualifiedName"],
            _ => [],
        };
        foreach (var name in computed)
        {
            copy.Remove(name);
        }

        return copy;
    }
}
