using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RoApp.QuickBooksSync.AspNetCore;
using RoApp.QuickBooksSync.AspNetCore.Endpoints;
using RoApp.QuickBooksSync.AspNetCore.OperatorPage;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the QuickBooks sync endpoints and the operator page.</summary>
public static class QuickBooksSyncEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>:
    /// <list type="bullet">
    /// <item><c>POST webhooks</c>: Intuit's webhook (anonymous; verified by its <c>intuit-signature</c>; read with
    /// <c>QuickBooksSync:Inbound:MaxWebhookBodyBytes</c> as the limit; answered with the intake's status code).</item>
    /// <item><c>GET connect</c> (redirects to Intuit) and <c>GET callback</c> (anonymous: the OAuth state names the
    /// company; the redirect URI registered at Intuit and in <c>QuickBooksSync:RedirectUri</c> is <c>{prefix}/callback</c>).</item>
    /// <item><c>api/connection</c>, <c>api/settings</c>, <c>api/queue</c>, <c>api/journal</c>, <c>api/invoices/{id}</c>: JSON
    /// (camelCase, enums as strings; problems as RFC 7807 problem details).</item>
    /// <item>The operator page at <c>{prefix}/</c>.</item>
    /// </list>
    /// Everything except the webhook and the callback requires <see cref="QuickBooksSyncEndpointOptions.AuthorizationPolicy"/>.
    /// </summary>
    /// <param name="endpoints">The application's endpoint route builder.</param>
    /// <param name="prefix">The path the endpoints live under, e.g. <c>/quickbooks</c>.</param>
    /// <param name="configure">Adjusts the options (policy, operator page, callback outcome).</param>
    /// <returns>The route group, so that the host can add conventions (rate limiting, CORS, more authorization) to every endpoint.</returns>
    /// <exception cref="InvalidOperationException">No <see cref="IQuickBooksCompanyResolver"/> is registered.</exception>
    public static RouteGroupBuilder MapQuickBooksSync(this IEndpointRouteBuilder endpoints, string prefix = "/quickbooks", Action<QuickBooksSyncEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new QuickBooksSyncEndpointOptions();
        configure?.Invoke(options);

        if (endpoints.ServiceProvider.GetService<IQuickBooksCompanyResolver>() is null)
        {
            throw new InvalidOperationException(
                "MapQuickBooksSync needs to know the current RO App company of a request: register a resolver with " +
                "services.AddQuickBooksSync(...).UseCompanyResolver(http => http.User.FindFirstValue(\"company_id\")) " +
                "or .UseCompanyResolver<MyResolver>() (an IQuickBooksCompanyResolver).");
        }

        var group = endpoints.MapGroup(prefix);
        group.WithTags("QuickBooks sync");
        var context = new EndpointContext(options, prefix.TrimEnd('/'));

        WebhookEndpoint.Map(group);
        ConnectEndpoints.MapCallback(group, context);

        var secured = group.MapGroup(string.Empty);
        if (options.AuthorizationPolicy is { } policy)
        {
            secured.RequireAuthorization(policy);
        }
        else
        {
            secured.RequireAuthorization();
        }

        ConnectEndpoints.MapConnect(secured, context);
        ApiEndpoints.Map(secured.MapGroup("/api"), context);
        if (options.MapOperatorPage)
        {
            OperatorPageEndpoints.Map(secured, context);
        }

        return group;
    }
}
