using System.Text;

namespace RoApp.QuickBooksSync.Testing.Webhooks;

/// <summary>One POST of a webhook payload, as a target receives it.</summary>
public sealed class WebhookDelivery
{
    internal WebhookDelivery(ReadOnlyMemory<byte> body, string signature, WebhookFormat format, int attempt, IReadOnlyList<string> eventIds)
    {
        Body = body;
        Signature = signature;
        Format = format;
        Attempt = attempt;
        EventIds = eventIds;
    }

    /// <summary>The raw body bytes (the signature covers exactly these).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The <c>intuit-signature</c> header: Base64(HMAC-SHA256(verifier token, body)).</summary>
    public string Signature { get; }

    /// <summary>Payload format.</summary>
    public WebhookFormat Format { get; }

    /// <summary>1 for the first attempt, then 2, 3, ... on retries.</summary>
    public int Attempt { get; }

    /// <summary>The simulator's id of the first event in the delivery (the CloudEvents <c>id</c>).</summary>
    public string EventId => EventIds[0];

    /// <summary>Ids of every event in the delivery, in payload order.</summary>
    public IReadOnlyList<string> EventIds { get; }
}
