using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ExternalEndpointSync.TestSupport.Consul;

/// <summary>Collects every log entry written through its loggers: message, structured values and exception.</summary>
public sealed class LogCapture
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger<T> CreateLogger<T>() => new CapturingLogger<T>(this);

    /// <summary>Everything logged, as one text, to search for what must never appear.</summary>
    public string AllText() => string.Join('\n', _entries.Select(static e => e.ToString()));

    /// <summary>Waits until <paramref name="count"/> entries with <paramref name="eventId"/> were logged: what a test knows has happened when it logs nothing else.</summary>
    public async Task WaitForAsync(int eventId, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task logged;
            lock (_gate)
            {
                logged = _logged.Task;
            }

            if (_entries.Count(e => e.EventId.Id == eventId) >= count)
            {
                return;
            }

            await logged.WaitAsync(cancellationToken);
        }
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        TaskCompletionSource logged;
        lock (_gate)
        {
            logged = _logged;
            _logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        logged.TrySetResult();
    }

    private sealed class CapturingLogger<T>(LogCapture capture) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            capture.Add(new LogEntry(
                logLevel,
                eventId,
                formatter(state, exception),
                values.ToDictionary(static v => v.Key, static v => Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture)),
                exception?.ToString()));
        }
    }
}

/// <summary>One captured log entry.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, string?> Values, string? Exception)
{
    public override string ToString() =>
        $"{Level} {EventId.Id} {Message} {string.Join(' ', Values.Select(static v => $"{v.Key}={v.Value}"))} {Exception}";
}
