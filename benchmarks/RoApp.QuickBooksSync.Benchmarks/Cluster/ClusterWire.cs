using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace RoApp.QuickBooksSync.Benchmarks.Cluster;

/// <summary>What a host process needs to know, written by the coordinator into a file the host reads at start.</summary>
internal sealed record ClusterHostConfig
{
    public required ClusterStoreKind Store { get; init; }

    /// <summary>Npgsql connection string, or the SQLite file path.</summary>
    public required string StoreLocation { get; init; }

    public required string? Schema { get; init; }

    public required Uri SimulatorBaseUrl { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    public required string VerifierToken { get; init; }

    /// <summary>Throwaway per run, shared by every process of the run (the tokens in the store are encrypted with it).</summary>
    public required string TokenEncryptionKey { get; init; }

    /// <summary>The coordinator's RO App endpoint, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public required Uri RoAppUrl { get; init; }

    /// <summary>How many host processes share the realm (each keeps its share of the realm's limits).</summary>
    public required int Hosts { get; init; }

    public required TimeSpan RefreshMargin { get; init; }
}

/// <summary>A command the coordinator sends a host: one entry path of the library, for a few ids.</summary>
internal sealed record ClusterCommand(string Kind, IReadOnlyList<string> Ids, string? PaymentId = null);

/// <summary>What a host answers to a command.</summary>
internal sealed record ClusterCommandAnswer(IReadOnlyList<string> Results);

internal static class ClusterWire
{
    public const string SignatureHeader = "intuit-signature";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts an <see cref="HttpListener"/> on 127.0.0.1 at a free port (retrying a few ports if one is taken meanwhile).</summary>
    public static (HttpListener Listener, Uri Url) Listen()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var url = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.ToString());
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Serves requests until the listener stops; each request runs on its own task.</summary>
    public static async Task ServeAsync(HttpListener listener, Func<HttpListenerContext, Task> handle)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await handle(context);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    try
                    {
                        await WriteAsync(context, 500, new { error = e.GetType().Name + ": " + e.Message });
                    }
                    catch (Exception ignored) when (ignored is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
                    {
                        // the client went away
                    }
                }
            });
        }
    }

    public static async Task<T> ReadAsync<T>(HttpListenerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await JsonSerializer.DeserializeAsync<T>(context.Request.InputStream, Json) ?? throw new InvalidDataException("Empty body.");
    }

    public static async Task<byte[]> ReadBytesAsync(HttpListenerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var buffer = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public static async Task WriteAsync<T>(HttpListenerContext context, int status, T value)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public static void WriteStatus(HttpListenerContext context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentLength64 = 0;
        context.Response.Close();
    }
}
