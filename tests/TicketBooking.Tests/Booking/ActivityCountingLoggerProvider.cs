using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// Counts the Durable worker's "received request to run activity" log events per orchestration instance and activity
/// name, so a test can see how often each step really ran. Each run has its own task id; the same request logged
/// twice (the event can reach the provider through more than one logger) counts once.
/// </summary>
public sealed class ActivityCountingLoggerProvider : ILoggerProvider
{
    public const string WorkerCategoryPrefix = "Microsoft.DurableTask";

    private readonly ConcurrentDictionary<(string InstanceId, string Activity, string TaskId), bool> _runs = new();

    public int RunsOf(string instanceId, string activity) => _runs.Keys.Count(k => k.InstanceId == instanceId && k.Activity == activity);

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(WorkerCategoryPrefix, StringComparison.Ordinal) ? new Counter(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Counter(ActivityCountingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name != "ReceivedActivityRequest" || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                return;
            }

            var instanceId = fields.FirstOrDefault(f => f.Key == "instanceId").Value?.ToString();
            var name = fields.FirstOrDefault(f => f.Key == "name").Value?.ToString();
            var taskId = fields.FirstOrDefault(f => f.Key == "taskId").Value?.ToString();
            if (instanceId is not null && name is not null && taskId is not null)
            {
                owner._runs.TryAdd((instanceId, name, taskId), true);
            }
        }
    }
}
