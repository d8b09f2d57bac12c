using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Bookkeeper;

/// <summary>The money side of a bookkeeper's day: bank deposits, payment methods, payments edited by hand.</summary>
public sealed partial class QuickBooksBookkeeper
{
    /// <summary>
    /// Puts a payment into a bank deposit (the simulator keeps no Deposit object, only the fact): from then on
    /// QuickBooks refuses to change, void or delete the payment (fault 6540) until it is taken out again.
    /// </summary>
    public void DepositPayment(string realmId, string paymentId) =>
        Do(realmId, realm =>
        {
            _ = realm.Find(EntityNames.Payment, paymentId) ?? throw QuickBooksFault.NotFound(EntityNames.Payment, paymentId);
            realm.DepositedPayments.Add(paymentId);
            return Json.Object();
        });

    /// <summary>Takes a payment out of its bank deposit again: it can be changed once more.</summary>
    public void RemoveFromDeposit(string realmId, string paymentId) =>
        Do(realmId, realm =>
        {
            realm.DepositedPayments.Remove(paymentId);
            return Json.Object();
        });

    /// <summary>Pays money back to a customer, as a person does in QuickBooks (a refund receipt out of a bank or Undeposited Funds account).</summary>
    public JsonObject CreateRefundReceipt(string realmId, string customerId, string depositAccountId, IEnumerable<InvoiceLineInput> lines) =>
        Do(realmId, realm =>
        {
            var body = Json.Object();
            body["CustomerRef"] = Json.Ref(customerId);
            body["DepositToAccountRef"] = Json.Ref(depositAccountId);
            body["Line"] = Lines(lines);
            return EntityEngine.Create(realm, EntityNames.RefundReceipt, body);
        });

    /// <summary>Credits a customer's balance, as a person does in QuickBooks (a credit memo).</summary>
    public JsonObject CreateCreditMemo(string realmId, string customerId, IEnumerable<InvoiceLineInput> lines) =>
        Do(realmId, realm =>
        {
            var body = Json.Object();
            body["CustomerRef"] = Json.Ref(customerId);
            body["Line"] = Lines(lines);
            return EntityEngine.Create(realm, EntityNames.CreditMemo, body);
        });

    /// <summary>Creates a payment method (<c>CREDIT_CARD</c> or <c>NON_CREDIT_CARD</c>).</summary>
    public JsonObject CreatePaymentMethod(string realmId, string name, bool creditCard = false) =>
        Do(realmId, realm => EntityEngine.Create(realm, EntityNames.PaymentMethod, new JsonObject
        {
            ["Name"] = name,
            ["Type"] = creditCard ? PaymentMethodRules.CreditCard : PaymentMethodRules.NonCreditCard,
        }));

    /// <summary>Edits a payment freely: the callback changes a copy of the stored payment, which is then saved as a full update.</summary>
    public JsonObject EditPayment(string realmId, string paymentId, Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return Do(realmId, realm =>
        {
            var copy = EntityEngine.Read(realm, EntityNames.Payment, paymentId);
            edit(copy);
            copy["Id"] = paymentId;
            copy["SyncToken"] = Json.String(realm.Find(EntityNames.Payment, paymentId)!, "SyncToken");
            copy.Remove("sparse");
            return EntityEngine.Update(realm, EntityNames.Payment, copy);
        });
    }
}
