using System.Globalization;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Bookkeeper;

/// <summary>
/// What a person does in QuickBooks' own screens: the same rules as the API (SyncToken moves on,
/// totals recomputed) and the same webhooks fire. Answers are copies of the stored objects.
/// Rule violations throw <see cref="InvalidOperationException"/> with QuickBooks' message.
/// </summary>
public sealed partial class QuickBooksBookkeeper
{
    private readonly Func<string, RealmState> _realm;
    private readonly Action<IEnumerable<EntityChange>> _publish;

    internal QuickBooksBookkeeper(Func<string, RealmState> realm, Action<IEnumerable<EntityChange>> publish)
    {
        _realm = realm;
        _publish = publish;
    }

    /// <summary>Creates a customer.</summary>
    public JsonObject CreateCustomer(string realmId, string displayName, string? email = null) =>
        Do(realmId, realm =>
        {
            var body = Json.Object();
            body["DisplayName"] = displayName;
            if (email is not null)
            {
                body["PrimaryEmailAddr"] = new JsonObject { ["Address"] = email };
            }

            return EntityEngine.Create(realm, EntityNames.Customer, body);
        });

    /// <summary>Creates a product or service as a person does (<c>Service</c> or <c>NonInventory</c>, on an income account, with an optional SKU).</summary>
    public JsonObject CreateItem(string realmId, string name, string type, string incomeAccountId, string? sku = null) =>
        Do(realmId, realm =>
        {
            var body = Json.Object();
            body["Name"] = name;
            body["Type"] = type;
            body["IncomeAccountRef"] = Json.Ref(incomeAccountId);
            if (sku is not null)
            {
                body["Sku"] = sku;
            }

            return EntityEngine.Create(realm, EntityNames.Item, body);
        });

    /// <summary>Creates an invoice typed in QuickBooks (not by the app).</summary>
    public JsonObject CreateInvoice(string realmId, string customerId, IEnumerable<InvoiceLineInput> lines, string? docNumber = null) =>
        Do(realmId, realm =>
        {
            var body = Json.Object();
            body["CustomerRef"] = Json.Ref(customerId);
            body["Line"] = Lines(lines);
            if (docNumber is not null)
            {
                body["DocNumber"] = docNumber;
            }

            if (!realm.Facts.IsUnitedStates)
            {
                body["GlobalTaxCalculation"] = "TaxExcluded";
            }

            return EntityEngine.Create(realm, EntityNames.Invoice, body);
        });

    /// <summary>Edits an invoice freely: the callback changes a copy of the stored invoice, which is then saved as a full update.</summary>
    public JsonObject EditInvoice(string realmId, string invoiceId, Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return Do(realmId, realm =>
        {
            var copy = EntityEngine.Read(realm, EntityNames.Invoice, invoiceId);
            edit(copy);
            copy["Id"] = invoiceId;
            copy["SyncToken"] = Json.String(realm.Find(EntityNames.Invoice, invoiceId)!, "SyncToken");
            copy.Remove("sparse");
            return EntityEngine.Update(realm, EntityNames.Invoice, copy);
        });
    }

    /// <summary>Changes the invoice date and/or due date.</summary>
    public JsonObject SetInvoiceDates(string realmId, string invoiceId, DateOnly? txnDate, DateOnly? dueDate) =>
        EditInvoice(realmId, invoiceId, invoice =>
        {
            if (txnDate is { } t)
            {
                invoice["TxnDate"] = t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            if (dueDate is { } d)
            {
                invoice["DueDate"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
        });

    /// <summary>Changes the customer-facing memo.</summary>
    public JsonObject SetInvoiceMemo(string realmId, string invoiceId, string memo) =>
        EditInvoice(realmId, invoiceId, invoice => invoice["CustomerMemo"] = new JsonObject { ["value"] = memo });

    /// <summary>Replaces every line of the invoice.</summary>
    public JsonObject ReplaceInvoiceLines(string realmId, string invoiceId, IEnumerable<InvoiceLineInput> lines) =>
        EditInvoice(realmId, invoiceId, invoice => invoice["Line"] = Lines(lines));

    /// <summary>Voids an invoice: amounts become 0 and "Voided" is prepended to the private note.</summary>
    public JsonObject VoidInvoice(string realmId, string invoiceId) =>
        Do(realmId, realm => EntityEngine.Void(realm, EntityNames.Invoice, Version(realm, EntityNames.Invoice, invoiceId)));

    /// <summary>Deletes an invoice.</summary>
    public void DeleteInvoice(string realmId, string invoiceId) =>
        Do(realmId, realm => EntityEngine.Delete(realm, EntityNames.Invoice, Version(realm, EntityNames.Invoice, invoiceId)));

    /// <summary>
    /// Receives a payment from the customer of the invoices: applied as given; a total above the sum
    /// applied leaves an unapplied amount (over-payment). Without invoices, pass <paramref name="customerId"/>.
    /// </summary>
    public JsonObject RecordPayment(string realmId, decimal totalAmount, IEnumerable<PaymentApplication> applications, string? customerId = null, string? depositAccountId = null)
    {
        ArgumentNullException.ThrowIfNull(applications);
        var applied = applications.ToList();
        return Do(realmId, realm =>
        {
            var customer = customerId;
            if (customer is null && applied.Count > 0)
            {
                var invoice = realm.Find(EntityNames.Invoice, applied[0].InvoiceId)
                    ?? throw QuickBooksFault.NotFound(EntityNames.Invoice, applied[0].InvoiceId);
                customer = Json.RefValue(invoice["CustomerRef"]);
            }

            var body = Json.Object();
            body["CustomerRef"] = Json.Ref(customer ?? throw new ArgumentException("Pass customerId when the payment is applied to no invoice.", nameof(customerId)));
            body["TotalAmt"] = Json.Money(totalAmount);
            if (depositAccountId is not null)
            {
                body["DepositToAccountRef"] = Json.Ref(depositAccountId);
            }

            var lines = Json.Array();
            foreach (var application in applied)
            {
                lines.Add(new JsonObject
                {
                    ["Amount"] = Json.Money(application.Amount),
                    ["LinkedTxn"] = new JsonArray(new JsonObject { ["TxnId"] = application.InvoiceId, ["TxnType"] = "Invoice" }),
                });
            }

            body["Line"] = lines;
            return EntityEngine.Create(realm, EntityNames.Payment, body);
        });
    }

    /// <summary>Voids a payment: its amount becomes 0 and the invoices it paid are open again.</summary>
    public JsonObject VoidPayment(string realmId, string paymentId) =>
        Do(realmId, realm => EntityEngine.Void(realm, EntityNames.Payment, Version(realm, EntityNames.Payment, paymentId)));

    /// <summary>Deletes a payment; the invoices it paid are open again.</summary>
    public void DeletePayment(string realmId, string paymentId) =>
        Do(realmId, realm => EntityEngine.Delete(realm, EntityNames.Payment, Version(realm, EntityNames.Payment, paymentId)));

    /// <summary>Deletes a refund receipt (the money is no longer recorded as paid back).</summary>
    public void DeleteRefundReceipt(string realmId, string refundReceiptId) =>
        Do(realmId, realm => EntityEngine.Delete(realm, EntityNames.RefundReceipt, Version(realm, EntityNames.RefundReceipt, refundReceiptId)));

    private static JsonObject Version(RealmState realm, string entity, string id)
    {
        var existing = realm.Find(entity, id) ?? throw QuickBooksFault.NotFound(entity, id);
        return new JsonObject { ["Id"] = id, ["SyncToken"] = Json.String(existing, "SyncToken") };
    }

    private static JsonArray Lines(IEnumerable<InvoiceLineInput> lines)
    {
        var array = Json.Array();
        foreach (var line in lines)
        {
            var detail = new JsonObject
            {
                ["ItemRef"] = Json.Ref(line.ItemId),
                ["Qty"] = JsonValue.Create(line.Quantity),
                ["UnitPrice"] = JsonValue.Create(line.UnitPrice),
            };
            if (line.TaxCodeId is not null)
            {
                detail["TaxCodeRef"] = Json.Ref(line.TaxCodeId);
            }

            var json = new JsonObject { ["DetailType"] = "SalesItemLineDetail", ["SalesItemLineDetail"] = detail };
            if (line.Description is not null)
            {
                json["Description"] = line.Description;
            }

            array.Add(json);
        }

        return array;
    }

    private JsonObject Do(string realmId, Func<RealmState, JsonObject> action)
    {
        var realm = _realm(realmId);
        List<EntityChange> changes;
        JsonObject result;
        lock (realm.Gate)
        {
            realm.PendingChanges.Clear();
            try
            {
                result = action(realm);
            }
            catch (QuickBooksFault fault)
            {
                realm.PendingChanges.Clear();
                throw new InvalidOperationException($"QuickBooks refused the bookkeeper action: {fault.Code} {fault.Message}: {fault.Detail}", fault);
            }

            changes = [.. realm.PendingChanges];
            realm.PendingChanges.Clear();
        }

        _publish(changes);
        return result;
    }
}
