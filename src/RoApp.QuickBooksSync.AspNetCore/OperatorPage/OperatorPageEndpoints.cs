using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RoApp.QuickBooksSync.AspNetCore.Endpoints;

namespace RoApp.QuickBooksSync.AspNetCore.OperatorPage;

/// <summary>Serves the operator page: three embedded files read once, sent with a strict content security policy.</summary>
internal static class OperatorPageEndpoints
{
    private const string Csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> Files = Load();

    public static void Map(RouteGroupBuilder group, EndpointContext context)
    {
        // The page uses relative addresses (api/..., assets/...), so it must be served with the trailing slash.
        // Routing matches the prefix with and without the slash to this one endpoint.
        group.MapGet("/", (HttpContext http) => http.Request.Path.Value?.EndsWith('/') == true
                ? Serve(http, "index.html")
                : TypedResults.Redirect(http.Request.PathBase + context.PagePath + http.Request.QueryString))
            .ExcludeFromDescription();
        group.MapGet("/assets/{file}", (string file, HttpContext http) => Serve(http, file)).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext http, string file)
    {
        if (!Files.TryGetValue(file, out var found))
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Csp;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return TypedResults.Bytes(found.Bytes, found.ContentType);
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(OperatorPageEndpoints).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("OperatorPage/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name["OperatorPage/".Length..];
            var type = Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            files[file] = (copy.ToArray(), type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
