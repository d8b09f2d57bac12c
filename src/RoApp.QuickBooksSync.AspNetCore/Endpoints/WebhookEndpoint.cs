using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Inbound;

namespace RoApp.QuickBooksSync.AspNetCore.Endpoints;

/// <summary>Intuit's webhook: the raw body read up to the configured limit, verified and queued by the intake.</summary>
internal static class WebhookEndpoint
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/webhooks", HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithSummary("Intuit's webhook deliveries (verified by intuit-signature).");

    private static async Task<IResult> HandleAsync(HttpContext http, IQuickBooksWebhookHandler intake, IOptions<QuickBooksSyncOptions> options)
    {
        var limit = options.Value.Inbound.MaxWebhookBodyBytes;
        var request = http.Request;
        if (request.ContentLength > limit)
        {
            return TooLarge(request.ContentLength.Value, limit);
        }

        // The server's own limit (30 MB by default) must not cut in first with another answer; ours is checked below.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + 1L;
        }

        // Read at most limit + 1 bytes: one more than allowed is enough to know the body is too large, and the
        // intake answers that itself (413) from the bytes it gets.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1L, (request.ContentLength ?? 16 * 1024) + 1));
        var length = 0;
        try
        {
            while (length <= limit)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1L, buffer.Length * 2L));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int read;
                try
                {
                    read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), http.RequestAborted).ConfigureAwait(false);
                }
                catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return TooLarge(null, limit);
                }

                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            string? signature = request.Headers["intuit-signature"];
            var result = await intake.HandleAsync(buffer.AsMemory(0, length), string.IsNullOrEmpty(signature) ? null : signature, http.RequestAborted).ConfigureAwait(false);
            return result.Accepted
                ? TypedResults.Ok()
                : EndpointContext.Problem(result.StatusCode, "Webhook delivery refused", result.Message,
                    new Dictionary<string, object?> { ["refusal"] = result.Refusal?.ToString() });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ProblemHttpResult TooLarge(long? length, int limit) =>
        EndpointContext.Problem(StatusCodes.Status413PayloadTooLarge, "Webhook delivery refused",
            (length is { } l ? $"The body has {l} bytes" : "The body is larger than allowed") +
            $"; at most {limit} are taken (QuickBooksSync:Inbound:MaxWebhookBodyBytes).",
            new Dictionary<string, object?> { ["refusal"] = nameof(WebhookRefusal.TooLarge) });
}
