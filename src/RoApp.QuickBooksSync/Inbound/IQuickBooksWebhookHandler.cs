namespace RoApp.QuickBooksSync.Inbound;

/// <summary>
/// Takes Intuit's webhook deliveries. Call it from the host's HTTP endpoint with the raw request body and
/// the <c>intuit-signature</c> header, then answer with <see cref="WebhookIntakeResult.StatusCode"/>.
/// </summary>
/// <example>
/// <code>
/// app.MapPost("/webhooks/quickbooks", async (HttpRequest request, IQuickBooksWebhookHandler webhooks, CancellationToken ct) =>
/// {
///     using var body = new MemoryStream();
///     await request.Body.CopyToAsync(body, ct);
///     var result = await webhooks.HandleAsync(body.ToArray(), request.Headers["intuit-signature"], ct);
///     return Results.StatusCode(result.StatusCode);
/// });
/// </code>
/// </example>
public interface IQuickBooksWebhookHandler
{
    /// <summary>
    /// Verifies the signature over the raw bytes, reads the events (legacy or CloudEvents format), and
    /// durably queues every event of an enabled company before returning; processing happens later on the
    /// worker. Events of unknown realms or disabled companies are acknowledged and dropped. Bad input never
    /// throws: the result says why it was refused.
    /// </summary>
    /// <param name="body">The request body exactly as received (the signature covers these bytes).</param>
    /// <param name="signature">The <c>intuit-signature</c> header, or <see langword="null"/> when missing.</param>
    /// <param name="cancellationToken">Cancels the call (the delivery is then not acknowledged and Intuit retries).</param>
    /// <returns>Accepted (answer 200) or refused, with the reason.</returns>
    /// <remarks>
    /// When the store cannot take the events (a database outage) the call throws: answer 500, and Intuit
    /// delivers again later. Nothing is acknowledged that is not stored.
    /// </remarks>
    Task<WebhookIntakeResult> HandleAsync(ReadOnlyMemory<byte> body, string? signature, CancellationToken cancellationToken);
}
