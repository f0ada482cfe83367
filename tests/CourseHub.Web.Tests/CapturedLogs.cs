using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CourseHub.Web.Tests;

/// <summary>
/// The lines a site logs at <paramref name="least"/> or above from categories starting with
/// <paramref name="categoryPrefix"/> (every category when empty), each as <paramref name="line"/> writes it, for a
/// test to read.
/// </summary>
public sealed class CapturedLogs(ConcurrentQueue<string> lines, LogLevel least, string categoryPrefix, Func<string, LogLevel, string, string> line)
    : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) =>
        new Logger(level => level >= least && categoryName.StartsWith(categoryPrefix, StringComparison.Ordinal),
            (level, message) => lines.Enqueue(line(categoryName, level, message)));

    public void Dispose() { }

    private sealed class Logger(Func<LogLevel, bool> enabled, Action<LogLevel, string> write) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => enabled(logLevel);
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (enabled(logLevel)) write(logLevel, formatter(state, exception));
        }
    }
}
