using System.Net;
using RoApp.QuickBooksSync.Inbound;

namespace RoApp.QuickBooksSync.Sample.Flows;

/// <summary>
/// The webhook endpoint of a host, for runs against the command-line simulator or a sandbox: reads the raw
/// body and the <c>intuit-signature</c> header, hands both to the library's intake and answers its status code.
/// (An ASP.NET Core host maps the same three lines with <c>MapPost</c>; the sample stays a console app.)
/// </summary>
internal sealed class LocalWebhookEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IQuickBooksWebhookHandler _intake;
    private readonly ConsoleProgress _progress;
    private readonly Task _loop;

    private LocalWebhookEndpoint(Uri url, IQuickBooksWebhookHandler intake, ConsoleProgress progress)
    {
        _intake = intake;
        _progress = progress;
        var path = url.AbsolutePath.EndsWith('/') ? url.AbsolutePath : url.AbsolutePath + "/";
        _listener.Prefixes.Add($"http://{url.Host}:{url.Port}{path}");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public static LocalWebhookEndpoint Start(Uri url, IQuickBooksWebhookHandler intake, ConsoleProgress progress)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsLoopback || url.Scheme != Uri.UriSchemeHttp)
        {
            throw new SampleException(
                $"Sample:WebhookUrl is {url}; the sample listens on http://localhost only. Use e.g. http://localhost:5081/webhooks/quickbooks " +
                "(and a tunnel such as ngrok in front of it for Intuit's sandbox, which cannot reach localhost).");
        }

        return new LocalWebhookEndpoint(url, intake, progress);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _loop;
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            int status;
            try
            {
                var result = await _intake.HandleAsync(body.ToArray(), context.Request.Headers["intuit-signature"], CancellationToken.None);
                status = result.StatusCode;
                _progress.Detail($"  <- webhook: HTTP {status}, {result.Queued} queued, {result.Duplicates} duplicates, {result.Dropped} dropped{(result.Accepted ? "" : ". " + result.Message)}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store could not take the events: 500 makes Intuit deliver again.
                status = 500;
                _progress.Detail($"  <- webhook: HTTP 500 ({e.GetType().Name}: {e.Message})");
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }
}
