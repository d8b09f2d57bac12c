using System.Collections.Concurrent;
using System.Text;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace RoApp.QuickBooksSync.Tests.Api;

/// <summary>A request as the server saw it.</summary>
internal sealed record SeenRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body, string? Authorization, string? Accept)
{
    public string? RequestId => Query.GetValueOrDefault("requestid");
}

/// <summary>What the server answers.</summary>
internal sealed record Reply(int Status, string? Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static Reply Json(string body, int status = 200) => new(status, body);
}

/// <summary>
/// A WireMock.Net server that hands every request to the test's handler and records it, so each test
/// says in code what QuickBooks answers and then checks what the client sent.
/// </summary>
internal sealed class FakeQuickBooksServer : IDisposable
{
    private readonly WireMockServer _server;
    private readonly ConcurrentQueue<SeenRequest> _requests = new();

    public FakeQuickBooksServer()
    {
        _server = WireMockServer.Start();
        _server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(async message =>
            {
                var seen = new SeenRequest(
                    message.Method,
                    message.Path,
                    ParseQuery(message.RawQuery),
                    message.Body ?? string.Empty,
                    Header(message, "Authorization"),
                    Header(message, "Accept"));
                _requests.Enqueue(seen);
                var reply = await Handler(seen);
                var response = new ResponseMessage
                {
                    StatusCode = reply.Status,
                    BodyData = reply.Body is null ? null : new BodyData { BodyAsString = reply.Body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
                };
                response.AddHeader("Content-Type", "application/json");
                response.AddHeader("intuit_tid", $"tid-{_requests.Count}");
                foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
                {
                    response.AddHeader(name, value);
                }

                return (IResponseMessage)response;
            }));
    }

    public Uri Url => new(_server.Urls[0]);

    public Func<SeenRequest, Task<Reply>> Handler { get; set; } = _ => Task.FromResult(new Reply(404, "{}"));

    public IReadOnlyList<SeenRequest> Requests => [.. _requests];

    public void Answer(Func<SeenRequest, Reply> handler) => Handler = r => Task.FromResult(handler(r));

    public void Answer(string json, int status = 200) => Answer(_ => Reply.Json(json, status));

    public void Dispose() => _server.Stop();

    private static string? Header(IRequestMessage message, string name) =>
        message.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static Dictionary<string, string> ParseQuery(string? rawQuery)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (rawQuery ?? string.Empty).TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            query[Uri.UnescapeDataString(parts[0])] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
        }

        return query;
    }
}
