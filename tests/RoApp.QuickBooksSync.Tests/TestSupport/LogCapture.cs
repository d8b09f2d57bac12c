using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace RoApp.QuickBooksSync.Tests.TestSupport;

/// <summary>
/// Keeps every log entry as one line for secret scans: the formatted message, the exception, and every
/// structured state value and scope value with arrays, enumerables and nested pairs expanded (a structured
/// sink sees the values, not only the text, so a value that is an array of header strings must be seen too).
/// </summary>
internal sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>A value as a structured sink would record it: strings as they are, collections item by item.</summary>
    internal static string Expand(object? value, int depth = 0)
    {
        switch (value)
        {
            case null:
                return "null";
            case string text:
                return text;
            case IFormattable formattable:
                return formattable.ToString(null, CultureInfo.InvariantCulture);
            case KeyValuePair<string, object?> pair:
                return pair.Key + "=" + Expand(pair.Value, depth + 1);
            case IEnumerable items when depth < 8:
                var builder = new StringBuilder("[");
                foreach (var item in items)
                {
                    builder.Append(ExpandItem(item, depth + 1)).Append(", ");
                }

                // Some state types format themselves differently from their items (e.g. redacted header lists).
                var overridden = value.GetType().GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType != typeof(object);
                return builder.Append(']').Append(overridden ? " " + value : string.Empty).ToString();
            default:
                return value.ToString() ?? string.Empty;
        }
    }

    private static string ExpandItem(object? item, int depth)
    {
        if (item is not null && item.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
        {
            var key = type.GetProperty("Key")!.GetValue(item);
            var value = type.GetProperty("Value")!.GetValue(item);
            return Expand(key, depth) + "=" + Expand(value, depth);
        }

        return Expand(item, depth);
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = Expand(state);
            var scopes = new StringBuilder();
            owner._scopes.ForEachScope((scope, sb) => sb.Append(Expand(scope)).Append(" | "), scopes);
            owner._lines.Enqueue($"{logLevel} {category} {formatter(state, exception)} [{values}] {{{scopes}}} {exception}");
        }
    }
}
