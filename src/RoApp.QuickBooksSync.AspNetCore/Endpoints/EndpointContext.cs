using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace RoApp.QuickBooksSync.AspNetCore.Endpoints;

/// <summary>What every endpoint of one mapping shares: its options, its path and the JSON shape.</summary>
internal sealed class EndpointContext(QuickBooksSyncEndpointOptions options, string prefix)
{
    /// <summary>The header that requests changing something carry (see <see cref="QuickBooksSyncEndpointOptions.RequireRequestHeader"/>).</summary>
    public const string RequestHeader = "X-QuickBooks-Sync";

    /// <summary>camelCase, enums as strings, and unknown fields in request bodies refused.</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    public QuickBooksSyncEndpointOptions Options { get; } = options;

    /// <summary>The mapped prefix without a trailing slash (empty for the root).</summary>
    public string Prefix { get; } = prefix;

    public string PagePath => Prefix + "/";

    public static JsonHttpResult<T> Ok<T>(T value) => TypedResults.Json(value, Json);

    /// <summary>The company of the request, or the problem to answer.</summary>
    public static async ValueTask<(string? CompanyId, ProblemHttpResult? Problem)> CompanyAsync(HttpContext http)
    {
        var resolver = http.RequestServices.GetRequiredService<IQuickBooksCompanyResolver>();
        var companyId = await resolver.GetCompanyIdAsync(http, http.RequestAborted).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(companyId)
            ? (null, Problem(StatusCodes.Status403Forbidden, "No RO App company",
                "The signed-in user has no RO App company, so there is no QuickBooks connection to show. Sign in as a user of the company."))
            : (companyId, null);
    }

    public static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>Refuses changes without the request header, when the options ask for it.</summary>
    public IEndpointFilter HeaderFilter => new RequestHeaderFilter(Options.RequireRequestHeader);

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        json.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }

    private sealed class RequestHeaderFilter(bool required) : IEndpointFilter
    {
        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            if (required && !context.HttpContext.Request.Headers.ContainsKey(RequestHeader))
            {
                return ValueTask.FromResult<object?>(Problem(StatusCodes.Status400BadRequest, "Missing request header",
                    $"Requests that change something must carry the header '{RequestHeader}: 1' (it keeps other sites from acting with the user's cookies). The operator page sends it; add it to your own calls."));
            }

            return next(context);
        }
    }
}
