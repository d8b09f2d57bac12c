using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoApp.QuickBooksSync.Api;
using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Tests.Api;

public sealed class LoggingTests
{
    [Fact]
    public async Task Retries_are_logged_with_intuit_tid_and_never_with_the_access_token()
    {
        using var server = new FakeQuickBooksServer();
        server.Answer(_ => server.Requests.Count == 1 ? new Reply(503, null) : Reply.Json(Payloads.InvoiceWithSubtotal));
        var sink = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(sink).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<IQuickBooksAccessTokenProvider>(new StaticAccessTokenProvider("secret-access-token"));
        services.AddQuickBooksSync(o =>
        {
            o.ApiBaseUrl = server.Url;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        });
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IQuickBooksClient>().ReadAsync<Invoice>(TestClient.Realm, "130");

        Assert.Contains(sink.Messages, m => m.Contains("503", StringComparison.Ordinal) && m.Contains("intuit_tid tid-1", StringComparison.Ordinal) && m.Contains("retry 1", StringComparison.Ordinal));
        Assert.Contains(sink.Messages, m => m.Contains("answered 200", StringComparison.Ordinal) && m.Contains("intuit_tid tid-2", StringComparison.Ordinal));
        Assert.DoesNotContain(sink.Messages, m => m.Contains("secret-access-token", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Messages);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
