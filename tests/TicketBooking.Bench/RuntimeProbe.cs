using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime;

namespace TicketBooking.Bench;

/// <summary>What <see cref="RuntimeProbe"/> saw between its start and its stop.</summary>
public sealed record RuntimeReport(double Seconds, int Requests, double ServerP50, double ServerP99, double ServerMax, double DispatchP50,
    double DispatchP99, double DispatchMax, long MaxPending, int MaxThreads, int Gen0, int Gen1, int Gen2, double GcPauseMs, long LockContentions, double AllocatedMiBPerSecond, double CoresUsed, long MethodsCompiled,
    double JitMs)
{
    public string GcMode => $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}";
}

/// <summary>
/// Where the time of a request goes when host and load generator share the process, measured in process while the
/// probe runs: the server's own duration of the requests a filter picks (ASP.NET Core's
/// <c>http.server.request.duration</c>, from the moment the server began the request to its end), how long a work
/// item waits for a thread-pool thread (a work item queued every 10 ms from a thread of its own, as a socket's
/// completion is), the thread pool's longest queue and most threads, collections and their total pause, the
/// allocation rate, the CPU the process used (in cores), lock contentions, and the methods the JIT compiled (tiering
/// up included) and its time.
/// </summary>
public sealed class RuntimeProbe : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private readonly Func<string?, string?, bool> _counts;
    private readonly List<double> _server = new(100_000);
    private readonly List<double> _dispatch = new(10_000);
    private readonly MeterListener _listener = new();
    private volatile bool _running;
    private Thread? _sampler;
    private long _started;
    private long _stopped;
    private long _maxPending;
    private int _maxThreads;
    private (int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Contentions, long Allocated, TimeSpan Cpu, long Jitted, TimeSpan JitTime) _before;
    private (int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Contentions, long Allocated, TimeSpan Cpu, long Jitted, TimeSpan JitTime) _after;

    /// <summary>A probe counting the server durations of requests whose method and route template <paramref name="counts"/> picks.</summary>
    public RuntimeProbe(Func<string?, string?, bool> counts)
    {
        _counts = counts;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnDuration);
        _listener.Start();
    }

    public void Start()
    {
        _before = Counters();
        _started = Stopwatch.GetTimestamp();
        _running = true;
        _sampler = new Thread(Sample) { IsBackground = true, Name = "runtime probe" };
        _sampler.Start();
    }

    public RuntimeReport Stop()
    {
        _running = false;
        _sampler?.Join();
        _stopped = Stopwatch.GetTimestamp();
        _after = Counters();
        double[] server;
        double[] dispatch;
        lock (_server)
        {
            server = [.. _server.Order()];
        }

        lock (_dispatch)
        {
            dispatch = [.. _dispatch.Order()];
        }

        var seconds = Stopwatch.GetElapsedTime(_started, _stopped).TotalSeconds;
        return new RuntimeReport(seconds, server.Length,
            Load.Percentile(server, 0.5), Load.Percentile(server, 0.99), server.Length == 0 ? 0 : server[^1],
            Load.Percentile(dispatch, 0.5), Load.Percentile(dispatch, 0.99), dispatch.Length == 0 ? 0 : dispatch[^1],
            _maxPending, _maxThreads, _after.Gen0 - _before.Gen0, _after.Gen1 - _before.Gen1, _after.Gen2 - _before.Gen2,
            (_after.Pause - _before.Pause).TotalMilliseconds, _after.Contentions - _before.Contentions,
            (_after.Allocated - _before.Allocated) / 1024.0 / 1024.0 / seconds, (_after.Cpu - _before.Cpu).TotalSeconds / seconds,
            _after.Jitted - _before.Jitted, (_after.JitTime - _before.JitTime).TotalMilliseconds);
    }

    public void Dispose()
    {
        _running = false;
        _listener.Dispose();
    }

    private void OnDuration(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (!_running)
        {
            return;
        }

        string? method = null;
        string? route = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "http.request.method":
                    method = tag.Value as string;
                    break;
                case "http.route":
                    route = tag.Value as string;
                    break;
            }
        }

        if (_counts(method, route))
        {
            lock (_server)
            {
                _server.Add(seconds * 1000);
            }
        }
    }

    private void Sample()
    {
        while (_running)
        {
            var queuedAt = Stopwatch.GetTimestamp();
            ThreadPool.UnsafeQueueUserWorkItem(at =>
            {
                var waited = Stopwatch.GetElapsedTime(at).TotalMilliseconds;
                lock (_dispatch)
                {
                    _dispatch.Add(waited);
                }
            }, queuedAt, preferLocal: false);
            _maxPending = Math.Max(_maxPending, ThreadPool.PendingWorkItemCount);
            _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
            Thread.Sleep(Interval);
        }
    }

    private static (int, int, int, TimeSpan, long, long, TimeSpan, long, TimeSpan) Counters()
    {
        using var process = Process.GetCurrentProcess();
        return (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), Monitor.LockContentionCount,
            GC.GetTotalAllocatedBytes(), process.TotalProcessorTime, System.Runtime.JitInfo.GetCompiledMethodCount(),
            System.Runtime.JitInfo.GetCompilationTime());
    }
}
