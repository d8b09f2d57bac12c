namespace RoApp.QuickBooksSync.Testing.Webhooks;

/// <summary>Payload format of webhook deliveries.</summary>
public enum WebhookFormat
{
    /// <summary><c>{"eventNotifications":[{"realmId":..,"dataChangeEvent":{"entities":[..]}}]}</c>.</summary>
    Legacy,

    /// <summary>A JSON array of CloudEvents 1.0 (<c>type</c> like <c>qbo.invoice.updated.v1</c>).</summary>
    CloudEvents,
}
